import { openStagesInOrder } from './checks.js';
import type { OpportunityState } from './opportunities.js';
import { FunnelInputError, type StageDefinition } from './types.js';

/**
 * Win probability per open stage calibrated on past outcomes: of the opportunities that were ever
 * in the stage and have closed (by the date the states are taken at), the share won, shrunk
 * toward the overall win rate with a Beta prior of `priorStrength` pseudo-opportunities:
 *
 *   calibrated = (won + m·p₀) ÷ (closed + m),   p₀ = overall won ÷ closed,  m = priorStrength
 *
 * so a stage with few closed opportunities is not 0% or 100% on two cases, and one with many
 * is its observed rate. With m = 0 it is the raw share (null when none closed); with nothing
 * closed at all p₀ is null and so is every calibrated probability.
 */
export interface StageCalibration {
  stageCode: string;
  stageName: string;
  position: number;
  /** The stage's configured probability, 0–1. */
  nominalProbability: number;
  /** Closed opportunities that were ever in the stage. */
  closed: number;
  won: number;
  /** won ÷ closed; null with none closed. */
  observedRate: number | null;
  /** p₀: the overall win rate the prior pulls toward; null with nothing closed. */
  priorMean: number | null;
  priorStrength: number;
  calibratedProbability: number | null;
}

export const DEFAULT_PRIOR_STRENGTH = 2;

export function calibrateStageProbabilities(opportunities: readonly OpportunityState[], stageDefinitions: readonly StageDefinition[], priorStrength = DEFAULT_PRIOR_STRENGTH): StageCalibration[] {
  if (!(Number.isFinite(priorStrength) && priorStrength >= 0)) throw new FunnelInputError(`must be a finite number ≥ 0, got ${priorStrength}`, 'priorStrength');
  const closed = opportunities.filter((o) => o.status !== 'open');
  const totalWon = closed.filter((o) => o.status === 'won').length;
  const priorMean = closed.length === 0 ? null : totalWon / closed.length;
  return openStagesInOrder(stageDefinitions).map((s) => {
    const here = closed.filter((o) => o.visits.some((v) => v.stageCode === s.code));
    const won = here.filter((o) => o.status === 'won').length;
    const n = here.length;
    const calibrated = priorMean === null || n + priorStrength === 0 ? null : (won + priorStrength * priorMean) / (n + priorStrength);
    return {
      stageCode: s.code, stageName: s.name, position: s.position, nominalProbability: s.probabilityBp / 10_000,
      closed: n, won, observedRate: n === 0 ? null : won / n, priorMean, priorStrength, calibratedProbability: calibrated,
    };
  });
}
