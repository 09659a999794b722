import type { FunnelReport, StageCalibration } from '../models/funnel/index.js';
import { mondayOf } from './dates.js';
import type { PipelineDemand } from './demand.js';

/**
 * The funnel's outputs as warehouse rows, and the open pipeline as expected item demand. Pure.
 */
export const FUNNEL_MODEL_VERSION = 'funnel/1';

export function funnelStageRows(report: FunnelReport): Record<string, unknown>[] {
  const counts = new Map(report.opportunityStages.map((s) => [s.stageCode, s]));
  const steps = new Map(report.conversion.filter((c) => c.cohort === null).map((c) => [c.fromStage, c]));
  const durations = new Map(report.stageDurations.map((d) => [d.stageCode, d]));
  return report.calibration.map((c) => {
    const count = counts.get(c.stageCode);
    const step = steps.get(c.stageCode);
    const duration = durations.get(c.stageCode);
    return {
      as_of: report.asOf, stage_code: c.stageCode, stage_name: c.stageName, position: c.position,
      in_stage: count?.current ?? 0, ever_entered: count?.everEntered ?? 0, reached: step?.entered ?? null,
      advanced: step?.advanced ?? null, lost: step?.lost ?? null, conversion_rate: step?.rate ?? null,
      median_days: duration?.medianDays ?? null, p90_days: duration?.p90Days ?? null,
      closed: c.closed, won: c.won, nominal_probability: c.nominalProbability, calibrated_probability: c.calibratedProbability,
    };
  });
}

export function funnelWinRateRows(report: FunnelReport): Record<string, unknown>[] {
  const row = (dimension: string, key: string | null, r: FunnelReport['overall']) => ({
    as_of: report.asOf, dimension, key, opportunities: r.opportunities, open: r.open, won: r.won, lost: r.lost,
    win_rate: r.winRate, mean_cycle_days: r.meanCycleDays, median_cycle_days: r.medianCycleDays, mean_won_cycle_days: r.meanWonCycleDays,
  });
  return [row('overall', null, report.overall), ...report.winRates.map((w) => row(w.dimension, w.key, w))];
}

export function funnelCohortRows(report: FunnelReport): Record<string, unknown>[] {
  return report.conversionByCohort.filter((c) => c.cohort !== null).map((c) => ({
    as_of: report.asOf, cohort: c.cohort, from_stage: c.fromStage, to_stage: c.toStage, entered: c.entered, advanced: c.advanced, lost: c.lost, open: c.open, rate: c.rate,
  }));
}

export function funnelLostReasonRows(report: FunnelReport): Record<string, unknown>[] {
  return report.lostReasons.map((r) => ({ as_of: report.asOf, reason: r.reason, currency: r.currency, lost: r.lost, amount: r.amount, share: r.share }));
}

export function funnelCampaignRows(report: FunnelReport): Record<string, unknown>[] {
  return report.campaigns.map((c) => ({
    as_of: report.asOf, campaign_id: c.campaignId, code: c.code, channel: c.channel, source_code: c.sourceCode, currency: c.currency, cost: c.cost,
    leads: c.leads, opportunities: c.opportunities, won: c.won, cost_per_lead: c.costPerLead, cost_per_won_deal: c.costPerWonDeal,
  }));
}

/** An opportunity line open at the forecast's as-of day, in the stage its opportunity was in then. */
export interface OpenPipelineLine {
  itemId: number;
  quantity: number;
  expectedDate: string;
  stageCode: string;
  nominalProbability: number;
}

/**
 * Which win probability to weight open lines by: the calibrated one where the backtest found it
 * predicts outcomes better than the stages' settings (a lower Brier score over the stage visits
 * of opportunities that closed after the cut-off), the nominal one otherwise.
 */
export function chooseWinProbability(report: FunnelReport): { source: 'calibrated' | 'nominal'; byStage: Map<string, number>; reason: string } {
  const visits = report.backtest?.results.find((r) => r.set === 'stage_visits');
  const calibrated = visits?.calibratedBetter === true;
  const byStage = new Map(report.calibration.map((c: StageCalibration) => [c.stageCode, calibrated ? (c.calibratedProbability ?? c.nominalProbability) : c.nominalProbability]));
  const reason = !visits || visits.calibratedBetter === null
    ? 'no backtest possible: nominal stage probabilities'
    : `backtest Brier score calibrated ${visits.brierCalibrated?.toFixed(3)} vs nominal ${visits.brierNominal?.toFixed(3)} over ${visits.predictions} stage visits: ${calibrated ? 'calibrated' : 'nominal'} probabilities`;
  return { source: calibrated ? 'calibrated' : 'nominal', byStage, reason };
}

/** Open lines as expected demand in the week they are needed, weighted by their stage's win probability. */
export function pipelineDemand(lines: readonly OpenPipelineLine[], probability: ReadonlyMap<string, number>): PipelineDemand[] {
  const out = new Map<string, PipelineDemand>();
  for (const l of lines) {
    const p = probability.get(l.stageCode) ?? l.nominalProbability;
    const weekStart = mondayOf(l.expectedDate);
    const key = `${l.itemId}:${weekStart}`;
    const entry = out.get(key) ?? { itemId: l.itemId, weekStart, qty: 0 };
    entry.qty += l.quantity * p;
    out.set(key, entry);
  }
  return [...out.values()];
}
