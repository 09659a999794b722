/**
 * Shared shapes of the demand-forecasting API. Series are weekly, non-negative and
 * ordered oldest first; all functions treat their inputs as read-only.
 */

/** Weekly demand history, oldest week first. */
export type DemandSeries = readonly number[];

/** Point forecasts with a central prediction interval, one entry per week ahead. */
export interface ForecastInterval {
  /** Point forecast (expected demand), never negative. */
  mean: number[];
  /** Lower bound of the central interval, 0 ≤ lower ≤ mean. */
  lower: number[];
  /** Upper bound of the central interval, upper ≥ mean. */
  upper: number[];
  /** Nominal coverage of [lower, upper], e.g. 0.95. */
  level: number;
}

/** ETS model names in the Hyndman et al. (2008) notation with the error letter dropped (errors are additive). */
export type EtsMethod = 'ANN' | 'AAN' | 'AAdN' | 'ANA' | 'AAA' | 'AAdA' | 'ANM' | 'AAM' | 'AAdM';

/** Every method the selector can return. */
export type MethodName =
  | 'zero'
  | 'constant'
  | 'naive'
  | 'snaive'
  | 'croston-sba'
  | 'tsb'
  | EtsMethod;

/** A model fitted to one series, able to forecast from the end of that series. */
export interface FittedForecaster {
  readonly method: MethodName;
  /**
   * Standard deviation of the one-week-ahead forecast error in the fitted history
   * (0 when it cannot be estimated): the per-week σ for lead-time demand.
   */
  readonly sigma: number;
  /** Raw point forecasts for 1..h weeks ahead (may be negative for trend models; callers clip). */
  pointForecast(h: number): number[];
  /** Point forecasts with a central prediction interval, clipped at zero. */
  forecast(h: number, level: number): ForecastInterval;
  /**
   * The same method with the same (already estimated) parameters on another
   * history, usually a longer prefix of the same series: the rolling-origin backtest
   * estimates parameters once and only re-runs the recursions at later origins.
   */
  refit(series: DemandSeries): FittedForecaster;
}
