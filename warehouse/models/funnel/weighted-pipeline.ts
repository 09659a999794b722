import { weightByBasisPoints, sumExact } from './money.js';
import type { OpportunityState } from './opportunities.js';
import type { StageCalibration } from './calibration.js';

/**
 * Probability-weighted open pipeline per stage and currency (amounts are never added across
 * currencies). nominalWeighted = Σ amount × the nominal probability the opportunity entered its
 * stage at, each rounded half away from zero (exact, as weighted_amount in the warehouse);
 * calibratedWeighted = Σ round(amount × calibrated probability), a forecast figure from a float
 * probability, null when the stage has no calibrated probability.
 */
export interface WeightedPipelineRow {
  stageCode: string;
  currency: string;
  open: number;
  amount: number;
  nominalWeighted: number;
  calibratedProbability: number | null;
  calibratedWeighted: number | null;
}

export function weightedPipeline(opportunities: readonly OpportunityState[], calibration: readonly StageCalibration[] = []): WeightedPipelineRow[] {
  const groups = new Map<string, OpportunityState[]>();
  for (const o of opportunities) {
    if (o.status !== 'open') continue;
    const k = JSON.stringify([o.stageCode, o.currency]);
    groups.set(k, [...(groups.get(k) ?? []), o]);
  }
  const order = new Map(calibration.map((c, i) => [c.stageCode, i]));
  return [...groups.entries()]
    .map(([k, list]) => {
      const [stageCode, currency] = JSON.parse(k) as [string, string];
      const p = calibration.find((c) => c.stageCode === stageCode)?.calibratedProbability ?? null;
      return {
        stageCode, currency, open: list.length,
        amount: sumExact(list.map((o) => o.amount)),
        nominalWeighted: sumExact(list.map((o) => weightByBasisPoints(o.amount, o.probabilityBp))),
        calibratedProbability: p,
        calibratedWeighted: p === null ? null : sumExact(list.map((o) => Math.round(o.amount * p))),
      };
    })
    .sort((a, b) => (order.get(a.stageCode) ?? 1e9) - (order.get(b.stageCode) ?? 1e9) || a.stageCode.localeCompare(b.stageCode) || a.currency.localeCompare(b.currency));
}
