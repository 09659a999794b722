import { flatInterval, normalInterval } from './interval.js';
import { normalQuantile } from './normal-quantile.js';
import type { DemandSeries, FittedForecaster, ForecastInterval } from './types.js';

/**
 * Benchmark and rule-based forecasters. They have no parameters, so `refit` simply
 * fits again on the other series.
 */

/** Forecasts zero with a zero-width interval: for series that never had demand. */
export function fitZero(): FittedForecaster {
  const fit: FittedForecaster = {
    method: 'zero',
    sigma: 0,
    pointForecast: (h) => new Array<number>(h).fill(0),
    forecast: (h, level) => flatInterval(0, h, level),
    refit: () => fitZero(),
  };
  return fit;
}

/**
 * Repeats the (single) value of a constant series with a zero-width interval: the
 * history shows no variation, so any width would be invented. Callers decide when
 * a series counts as constant.
 */
export function fitConstant(series: DemandSeries): FittedForecaster {
  const value = series.length > 0 ? series[series.length - 1]! : 0;
  return {
    method: 'constant',
    sigma: 0,
    pointForecast: (h) => new Array<number>(h).fill(value),
    forecast: (h, level) => flatInterval(value, h, level),
    refit: (other) => fitConstant(other),
  };
}

export interface BaselineFit extends FittedForecaster {
  refit(series: DemandSeries): BaselineFit;
}

/**
 * Naive (random walk) forecast: the last value. Interval: normal with variance
 * h·σ², σ² the mean squared one-week change in the history (the random-walk
 * forecast-variance formula).
 */
export function fitNaive(series: DemandSeries): BaselineFit {
  const n = series.length;
  const last = n > 0 ? series[n - 1]! : 0;
  let ss = 0;
  for (let t = 1; t < n; t++) ss += (series[t]! - series[t - 1]!) ** 2;
  const sigma2 = n > 1 ? ss / (n - 1) : 0;
  const fit: BaselineFit = {
    method: 'naive',
    sigma: Math.sqrt(sigma2),
    pointForecast: (h) => new Array<number>(h).fill(last),
    forecast: (h, level) => {
      const sd = Array.from({ length: h }, (_, i) => Math.sqrt((i + 1) * sigma2));
      return normalInterval(fit.pointForecast(h), sd, normalQuantile((1 + level) / 2), level);
    },
    refit: (other) => fitNaive(other),
  };
  return fit;
}

/**
 * Seasonal naive: the value one season (m weeks) earlier. Needs at least m weeks.
 * Interval: normal with variance k·σ², k the number of whole seasons the forecast
 * reaches back (1 for h ≤ m), σ² the mean squared seasonal difference.
 */
export function fitSeasonalNaive(series: DemandSeries, period: number): BaselineFit {
  const n = series.length;
  if (n < period) throw new RangeError(`seasonal naive needs at least ${period} weeks, got ${n}`);
  let ss = 0;
  for (let t = period; t < n; t++) ss += (series[t]! - series[t - period]!) ** 2;
  const sigma2 = n > period ? ss / (n - period) : 0;
  const point = (h: number) => Array.from({ length: h }, (_, i) => series[n - period + (i % period)]!);
  const fit: BaselineFit = {
    method: 'snaive',
    sigma: Math.sqrt(sigma2),
    pointForecast: point,
    forecast: (h, level) => {
      const sd = Array.from({ length: h }, (_, i) => Math.sqrt((Math.floor(i / period) + 1) * sigma2));
      return normalInterval(point(h), sd, normalQuantile((1 + level) / 2), level);
    },
    refit: (other) => fitSeasonalNaive(other, period),
  };
  return fit;
}
