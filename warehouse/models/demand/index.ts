/**
 * Weekly item-demand forecasting: classification, intermittent-demand methods,
 * exponential smoothing, accuracy, method selection by backtest, and lead-time
 * demand for safety stock. All functions are pure; series are non-negative weekly
 * demand, oldest week first.
 *
 * Typical use: `forecastMany(histories, { horizon: 12 })` for a catalogue, then
 * `leadTimeDemandQuantiles(result.forecast.mean, …)` per item for safety stock.
 */

/** Shared types: series, interval forecasts, method names, fitted models. */
export type { DemandSeries, EtsMethod, FittedForecaster, ForecastInterval, MethodName } from './types.js';

/**
 * Syntetos–Boylan–Croston classification (ADI cut-off 1.32, CV² cut-off 0.49) into
 * smooth / erratic / intermittent / lumpy, or 'none' for no demand.
 */
export { ADI_CUTOFF, CV2_CUTOFF, classifyDemand } from './classify.js';
export type { DemandClassification, DemandPattern } from './classify.js';

/** Croston with the Syntetos–Boylan approximation; α estimated by in-sample MSE over [0.01, 0.5]. */
export { CROSTON_ALPHA_RANGE, fitCrostonSba } from './croston-sba.js';
export type { CrostonFit, CrostonOptions, CrostonParams } from './croston-sba.js';

/** Teunter–Syntetos–Babai: separate smoothing of demand probability and size; both constants estimated. */
export { TSB_RANGE, fitTsb } from './tsb.js';
export type { TsbFit, TsbOptions, TsbParams } from './tsb.js';

/** Negative-binomial / Poisson per-week intervals used by the Croston-type methods. */
export { countInterval, countQuantile } from './count-interval.js';

/**
 * Additive-error ETS: ANN, AAN, AAdN and their additive (·A) and multiplicative (·M)
 * seasonal variants, least-squares estimation in the usual parameter region,
 * analytic (linear models) or simulated (multiplicative season) intervals.
 */
export { DEFAULT_PERIOD, etsEligible, etsMinLength, fitEts } from './ets-fit.js';
export type { EtsFit, EtsFitOptions } from './ets-fit.js';
export { ETS_METHODS, etsPointForecast, etsSpec } from './ets-model.js';
export type { EtsParams, EtsSeason, EtsSpec, EtsState, EtsTrend } from './ets-model.js';
export { etsForecastVariance } from './ets-interval.js';

/** Benchmarks and rules: naive, seasonal naive, zero and constant forecasts. */
export { fitConstant, fitNaive, fitSeasonalNaive, fitZero } from './baselines.js';
export type { BaselineFit } from './baselines.js';

/** MASE with an explicit, NaN-free scale fallback chain for flat or all-zero histories. */
export { mase, maseDetailed } from './mase.js';
export type { MaseResult, MaseScaleSource } from './mase.js';

/** Rolling-origin backtesting (parameters estimated once at the earliest origin by default). */
export { backtestMase, planBacktest } from './backtest.js';
export type { BacktestPlan } from './backtest.js';

/** Per-series method selection by backtest MASE, with forecast and prediction interval. */
export { candidatesFor } from './candidates.js';
export type { CandidateMethod } from './candidates.js';
export { forecastDemand } from './forecast-demand.js';
export type { CandidateScore, DemandForecast, DemandForecastOptions } from './forecast-demand.js';

/** Batch forecasting of many series (single-threaded; about 0.3 ms per 104-week series). */
export { forecastMany } from './forecast-many.js';
export type { ForecastManyOptions } from './forecast-many.js';

/** Lead-time demand mean, SD and quantiles for safety stock (normal approximation). */
export { leadTimeDemandQuantiles } from './lead-time.js';
export type { LeadTime, LeadTimeDemand, WeeklyNoise } from './lead-time.js';

/** Standard normal quantile (accurate to ~1e-9, unlike simple-statistics' probit). */
export { normalQuantile } from './normal-quantile.js';

/** Seeded synthetic demand (mulberry32) for tests, benchmarks and notebooks. */
export {
  PATTERN_PROCESSES,
  mulberry32,
  simulateDemand,
  simulatePortfolio,
  simulateProcess,
  simulateSeasonalTrend,
} from './simulate.js';
export type { DemandProcess, SeasonalTrendOptions, SimulatedPattern } from './simulate.js';
