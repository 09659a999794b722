import { calibrateStageProbabilities, DEFAULT_PRIOR_STRENGTH, type StageCalibration } from './calibration.js';
import { checkDate } from './checks.js';
import { opportunitiesAsOf } from './opportunities.js';
import { FunnelInputError, type OpportunityStageRow, type StageDefinition } from './types.js';

/**
 * Does the calibrated win probability predict outcomes better than the nominal one? Calibrate
 * on what was known at the end of `cutOff` (only opportunities closed by then), then score both
 * probabilities with the Brier score — mean of (p − outcome)², outcome 1 won, 0 lost; lower is
 * better, 0.25 is a coin toss — on the opportunities that closed after the cut-off, up to `asOf`:
 *
 * - stage_visits: every open stage each of them was ever in is one prediction, the unit the
 *   calibration is estimated on (nominal p: the probability the stage was entered at);
 * - open_at_cut_off: those open at the cut-off, each predicted once from the stage it was in
 *   then — how the demand forecast uses the probability.
 *
 * A stage never seen before the cut-off gets the prior mean (the overall win rate then). Briers
 * are null with no prediction; brierCalibrated (and calibratedBetter) also null with nothing
 * closed by the cut-off, when there is nothing to calibrate on.
 */
export interface BacktestRow {
  set: 'stage_visits' | 'open_at_cut_off';
  predictions: number;
  won: number;
  brierNominal: number | null;
  brierCalibrated: number | null;
  calibratedBetter: boolean | null;
}

export interface CalibrationBacktest {
  cutOff: string;
  asOf: string;
  calibration: StageCalibration[];
  results: BacktestRow[];
}

interface Prediction { stageCode: string; nominal: number; won: boolean }

export function backtestCalibration(rows: readonly OpportunityStageRow[], stageDefinitions: readonly StageDefinition[], options: { cutOff: string; asOf: string; priorStrength?: number }): CalibrationBacktest {
  const { cutOff, asOf } = options;
  checkDate(cutOff, 'cutOff');
  checkDate(asOf, 'asOf');
  if (cutOff >= asOf) throw new FunnelInputError(`the cut-off must precede asOf (${asOf}), got ${cutOff}`, 'cutOff');
  const before = opportunitiesAsOf(rows, stageDefinitions, cutOff);
  const calibration = calibrateStageProbabilities(before, stageDefinitions, options.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  const after = opportunitiesAsOf(rows, stageDefinitions, asOf).filter((o) => o.status !== 'open' && o.closedDate! > cutOff);
  const outcome = new Map(after.map((o) => [o.opportunityId, o.status === 'won']));

  const visits: Prediction[] = after.flatMap((o) => o.visits.map((v) => ({ stageCode: v.stageCode, nominal: v.probabilityBp / 10_000, won: o.status === 'won' })));
  const openAtCutOff: Prediction[] = before
    .filter((o) => o.status === 'open' && outcome.has(o.opportunityId))
    .map((o) => ({ stageCode: o.stageCode, nominal: o.probabilityBp / 10_000, won: outcome.get(o.opportunityId)! }));

  const priorMean = calibration[0]?.priorMean ?? null;
  const calibrated = new Map(calibration.map((c) => [c.stageCode, c.calibratedProbability ?? priorMean]));
  const score = (set: BacktestRow['set'], predictions: Prediction[]): BacktestRow => {
    const brier = (p: (x: Prediction) => number | null) => {
      if (predictions.length === 0) return null;
      let s = 0;
      for (const x of predictions) {
        const q = p(x);
        if (q === null) return null;
        s += (q - (x.won ? 1 : 0)) ** 2;
      }
      return s / predictions.length;
    };
    const brierNominal = brier((x) => x.nominal);
    const brierCalibrated = brier((x) => calibrated.get(x.stageCode) ?? priorMean);
    return {
      set, predictions: predictions.length, won: predictions.filter((x) => x.won).length, brierNominal, brierCalibrated,
      calibratedBetter: brierNominal === null || brierCalibrated === null ? null : brierCalibrated < brierNominal,
    };
  };
  return { cutOff, asOf, calibration, results: [score('stage_visits', visits), score('open_at_cut_off', openAtCutOff)] };
}
