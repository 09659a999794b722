import { countInterval } from './count-interval.js';
import { minimizeBounded1d } from './minimize-1d.js';
import type { DemandSeries, FittedForecaster, ForecastInterval } from './types.js';

/**
 * Croston's method with the Syntetos–Boylan approximation (SBA, Syntetos & Boylan
 * 2005). Croston smooths the non-zero demand sizes (z) and the intervals between
 * demands (p) separately, updating only in weeks with demand; z/p is biased upwards
 * and SBA removes most of the bias with the factor (1 − α/2), where α smooths the
 * intervals. One α is used for sizes and intervals, as in the published derivation.
 */
export interface CrostonParams {
  alpha: number;
}

export interface CrostonOptions {
  /** Use these parameters instead of estimating them. */
  params?: CrostonParams;
  /** Search range for α (default [0.01, 0.5], the range studied for SBA). */
  alphaRange?: readonly [number, number];
}

export interface CrostonFit extends FittedForecaster {
  readonly method: 'croston-sba';
  readonly params: CrostonParams;
  /** Smoothed non-zero demand size at the end of the series. */
  readonly size: number;
  /** Smoothed inter-demand interval (weeks) at the end of the series. */
  readonly interval: number;
  /** In-sample one-step mean squared error (the estimation loss, and the interval variance). */
  readonly mse: number;
  refit(series: DemandSeries): CrostonFit;
}

export const CROSTON_ALPHA_RANGE: readonly [number, number] = [0.01, 0.5];

/**
 * Fits SBA, choosing α in the range by minimising the in-sample one-step mean
 * squared error. MSE, not MAE: on intermittent data the MAE is minimised by
 * forecasting (near) zero, which would push α towards whatever keeps forecasts low.
 *
 * Initial states are the series' mean non-zero size and mean inter-demand interval
 * (weeks / demand weeks), so the first weeks are not forecast from a single demand.
 * A series with no demand forecasts 0.
 */
export function fitCrostonSba(series: DemandSeries, options: CrostonOptions = {}): CrostonFit {
  const [lo, hi] = options.alphaRange ?? CROSTON_ALPHA_RANGE;
  const alpha = options.params?.alpha ?? minimizeBounded1d((a) => crostonPass(series, a, null), lo, hi, 16, 1e-3).x;
  const state = new Float64Array(2);
  const mse = crostonPass(series, alpha, state);
  const size = state[0]!;
  const interval = state[1]!;
  const level = interval > 0 ? ((1 - alpha / 2) * size) / interval : 0;
  const fit: CrostonFit = {
    method: 'croston-sba',
    sigma: Math.sqrt(mse),
    params: { alpha },
    size,
    interval,
    mse,
    pointForecast: (h) => new Array<number>(h).fill(level),
    forecast: (h, lvl): ForecastInterval => countInterval(fit.pointForecast(h), mse, lvl),
    refit: (other) => fitCrostonSba(other, { params: { alpha } }),
  };
  return fit;
}

/**
 * Runs the SBA recursion and returns the in-sample one-step MSE; writes the final
 * [size, interval] into `state` when given. Allocation-free: it is the objective
 * evaluated many times per fit.
 */
function crostonPass(y: DemandSeries, alpha: number, state: Float64Array | null): number {
  const n = y.length;
  let demands = 0;
  let total = 0;
  for (let t = 0; t < n; t++) {
    const v = y[t]!;
    if (v > 0) {
      demands++;
      total += v;
    }
  }
  if (demands === 0) {
    if (state) state.fill(0);
    return 0;
  }
  let z = total / demands;
  let p = n / demands;
  const factor = 1 - alpha / 2;
  let sinceLast = 0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const v = y[t]!;
    const e = v - (factor * z) / p;
    sse += e * e;
    sinceLast++;
    if (v > 0) {
      z += alpha * (v - z);
      p += alpha * (sinceLast - p);
      sinceLast = 0;
    }
  }
  if (state) {
    state[0] = z;
    state[1] = p;
  }
  return sse / n;
}
