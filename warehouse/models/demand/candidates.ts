import { fitNaive, fitSeasonalNaive } from './baselines.js';
import type { DemandPattern } from './classify.js';
import { fitCrostonSba } from './croston-sba.js';
import { etsEligible, fitEts } from './ets-fit.js';
import { ETS_METHODS } from './ets-model.js';
import { fitTsb } from './tsb.js';
import type { DemandSeries, EtsMethod, FittedForecaster, MethodName } from './types.js';

/**
 * The methods the selector may try, with when each applies. Kept apart from the
 * selection logic so adding a method is one entry here.
 */
export interface CandidateMethod {
  readonly method: MethodName;
  /** Whether the method can be fitted to this history. */
  eligible(series: DemandSeries, period: number): boolean;
  /** Fits with parameter estimation. */
  fit(series: DemandSeries, period: number): FittedForecaster;
}

const always = (series: DemandSeries) => series.length >= 1;

const CROSTON: CandidateMethod = { method: 'croston-sba', eligible: always, fit: (s) => fitCrostonSba(s) };
const TSB: CandidateMethod = { method: 'tsb', eligible: always, fit: (s) => fitTsb(s) };
const NAIVE: CandidateMethod = { method: 'naive', eligible: always, fit: (s) => fitNaive(s) };
const SNAIVE: CandidateMethod = {
  method: 'snaive',
  eligible: (s, period) => s.length >= period,
  fit: (s, period) => fitSeasonalNaive(s, period),
};

function ets(method: EtsMethod): CandidateMethod {
  return {
    method,
    eligible: (s, period) => etsEligible(s, method, period),
    fit: (s, period) => fitEts(s, method, { period }),
  };
}

const ETS_CANDIDATES = ETS_METHODS.map(ets);

/**
 * Candidates by demand pattern, simplest first (ties go to the earlier one):
 * - intermittent / lumpy: Croston-SBA and TSB. The naive and zero forecasts are
 *   scored as benchmarks but may not win: MAE-type scores such as MASE are minimised
 *   by the median, which is 0 for intermittent demand, and the naive forecast is 0
 *   whenever the last week had no demand — in trials on simulated intermittent
 *   series naive "won" on MASE for about 40 % of series while forecasting nothing
 *   most of the time, which would starve replenishment.
 * - smooth / erratic: the ETS family (seasonal variants only where two full seasons
 *   exist, multiplicative only on strictly positive data) and the seasonal naive.
 */
export function candidatesFor(pattern: DemandPattern): readonly CandidateMethod[] {
  switch (pattern) {
    case 'intermittent':
    case 'lumpy':
      return [CROSTON, TSB];
    case 'smooth':
    case 'erratic':
      return [...ETS_CANDIDATES, SNAIVE];
    case 'none':
      return [];
  }
}

export const NAIVE_CANDIDATE = NAIVE;
export const SEASONAL_NAIVE_CANDIDATE = SNAIVE;
export const CROSTON_CANDIDATE = CROSTON;
export const ANN_CANDIDATE = ETS_CANDIDATES[0]!;
