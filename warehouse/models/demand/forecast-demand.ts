import { fitConstant, fitZero } from './baselines.js';
import { backtestMase, planBacktest } from './backtest.js';
import {
  ANN_CANDIDATE,
  CROSTON_CANDIDATE,
  NAIVE_CANDIDATE,
  SEASONAL_NAIVE_CANDIDATE,
  candidatesFor,
} from './candidates.js';
import type { CandidateMethod } from './candidates.js';
import { classifyDemand } from './classify.js';
import type { DemandClassification } from './classify.js';
import { assertLevel } from './interval.js';
import type { DemandSeries, FittedForecaster, ForecastInterval, MethodName } from './types.js';

export interface DemandForecastOptions {
  /** Weeks to forecast (default 12). The backtest uses the same horizon, shortened for short series. */
  horizon?: number;
  /** Central prediction-interval coverage (default 0.95). */
  level?: number;
  /** Season length in weeks (default 52). */
  seasonPeriod?: number;
  /** Number of rolling forecast origins in the backtest (default 8). */
  backtestOrigins?: number;
  /** Re-estimate parameters at every backtest origin (default false: estimate once, at the earliest). */
  reestimate?: boolean;
}

export interface CandidateScore {
  method: MethodName;
  /** Mean MASE over the backtest origins. */
  score: number;
}

export interface DemandForecast {
  method: MethodName;
  classification: DemandClassification;
  /** Backtest mean MASE of the chosen method; null when it was chosen by rule, without a backtest. */
  score: number | null;
  /** Backtest mean MASE of the seasonal naive benchmark; null when the history is too short for it or there was no backtest. */
  seasonalNaiveScore: number | null;
  /** Backtest mean MASE of the naive (last value) benchmark; null when there was no backtest. */
  naiveScore: number | null;
  /** Every candidate that was scored, in the order tried. */
  candidates: CandidateScore[];
  /** The backtest that was run: number of origins and horizon scored; null when none. */
  backtest: { origins: number; horizon: number } | null;
  forecast: ForecastInterval;
  /** One-week-ahead forecast-error SD of the chosen model on the whole history (σ for `leadTimeDemandQuantiles`). */
  sigma: number;
}

const DEFAULTS = { horizon: 12, level: 0.95, seasonPeriod: 52, backtestOrigins: 8, reestimate: false };

/** Shortest training window at the earliest backtest origin. */
const MIN_TRAIN = 4;

/**
 * Forecasts one weekly demand series, choosing the method by rolling-origin backtest.
 *
 * 1. Rules first: a series with no demand (or no history) gets the 'zero' forecast;
 *    a constant positive series gets the 'constant' forecast (its value, zero-width
 *    interval). Neither is backtested: there is nothing to choose between.
 * 2. Otherwise the SBC class picks the candidate family (see `candidatesFor`); each
 *    candidate that can be fitted at the earliest origin is scored by mean MASE over
 *    the last `backtestOrigins` origins (see `backtestMase`), and the lowest wins;
 *    the winner is then re-fitted on the whole history to forecast.
 * 3. Histories too short for any backtest (fewer than 5 weeks) get Croston-SBA when
 *    intermittent/lumpy and simple exponential smoothing (ANN) otherwise, score null.
 *
 * Throws RangeError for negative or non-finite demand and for invalid options.
 */
export function forecastDemand(series: DemandSeries, options: DemandForecastOptions = {}): DemandForecast {
  const opts = { ...DEFAULTS, ...stripUndefined(options) };
  validateOptions(opts);
  validateSeries(series);
  const { horizon, level, seasonPeriod } = opts;
  const classification = classifyDemand(series);

  const ruled = (fitted: FittedForecaster): DemandForecast => ({
    method: fitted.method,
    classification,
    score: null,
    seasonalNaiveScore: null,
    naiveScore: null,
    candidates: [],
    backtest: null,
    forecast: fitted.forecast(horizon, level),
    sigma: fitted.sigma,
  });
  if (classification.pattern === 'none') return ruled(fitZero());
  if (isConstant(series)) return ruled(fitConstant(series));

  const plan = planBacktest(series.length, horizon, opts.backtestOrigins, MIN_TRAIN);
  const intermittent = classification.pattern === 'intermittent' || classification.pattern === 'lumpy';
  if (!plan) {
    const fallback = intermittent ? CROSTON_CANDIDATE : ANN_CANDIDATE.eligible(series, seasonPeriod) ? ANN_CANDIDATE : NAIVE_CANDIDATE;
    return ruled(fallback.fit(series, seasonPeriod));
  }

  const earliest = series.slice(0, plan.origins[0]!);
  const score = (c: CandidateMethod) =>
    c.eligible(earliest, seasonPeriod) && c.eligible(series, seasonPeriod)
      ? backtestMase(series, plan, (train) => c.fit(train, seasonPeriod), seasonPeriod, opts.reestimate)
      : null;

  const candidates: CandidateScore[] = [];
  let best: CandidateMethod | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  let naiveScore: number | null = null;
  let seasonalNaiveScore: number | null = null;
  for (const c of candidatesFor(classification.pattern)) {
    const s = score(c);
    if (s === null) continue;
    candidates.push({ method: c.method, score: s });
    if (c === NAIVE_CANDIDATE) naiveScore = s;
    if (c === SEASONAL_NAIVE_CANDIDATE) seasonalNaiveScore = s;
    if (s < bestScore) {
      bestScore = s;
      best = c;
    }
  }
  // Benchmarks are reported even when they were not candidates for this class.
  naiveScore ??= score(NAIVE_CANDIDATE);
  seasonalNaiveScore ??= score(SEASONAL_NAIVE_CANDIDATE);

  const chosen = best ?? NAIVE_CANDIDATE;
  const fitted = chosen.fit(series, seasonPeriod);
  return {
    method: chosen.method,
    classification,
    score: best ? bestScore : naiveScore,
    seasonalNaiveScore,
    naiveScore,
    candidates,
    backtest: { origins: plan.origins.length, horizon: plan.horizon },
    forecast: fitted.forecast(horizon, level),
    sigma: fitted.sigma,
  };
}

function isConstant(series: DemandSeries): boolean {
  const first = series[0];
  return series.every((v) => v === first);
}

function validateSeries(series: DemandSeries): void {
  for (let i = 0; i < series.length; i++) {
    const v = series[i]!;
    if (!(Number.isFinite(v) && v >= 0)) throw new RangeError(`demand must be finite and non-negative; week ${i} is ${v}`);
  }
}

function validateOptions(o: typeof DEFAULTS): void {
  if (!(Number.isInteger(o.horizon) && o.horizon >= 1)) throw new RangeError(`horizon must be a positive integer, got ${o.horizon}`);
  if (!(Number.isInteger(o.seasonPeriod) && o.seasonPeriod >= 2)) {
    throw new RangeError(`seasonPeriod must be an integer ≥ 2, got ${o.seasonPeriod}`);
  }
  if (!(Number.isInteger(o.backtestOrigins) && o.backtestOrigins >= 1)) {
    throw new RangeError(`backtestOrigins must be a positive integer, got ${o.backtestOrigins}`);
  }
  assertLevel(o.level);
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
