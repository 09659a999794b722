import { fromInterval, toInterval } from './bounded.js';
import { countInterval } from './count-interval.js';
import { nelderMead } from '../numeric/nelder-mead.js';
import type { DemandSeries, FittedForecaster, ForecastInterval } from './types.js';

/**
 * TSB (Teunter, Syntetos & Babai 2011): smooths the probability of demand every
 * week (towards 1 in a demand week, towards 0 otherwise) and the non-zero size only
 * in demand weeks; the forecast is probability × size. Unlike Croston it reacts to
 * a run of zeros, so obsolescent items are forecast down instead of frozen.
 */
export interface TsbParams {
  /** Smoothing constant of the demand size. */
  alpha: number;
  /** Smoothing constant of the demand probability. */
  beta: number;
}

export interface TsbOptions {
  params?: TsbParams;
  /** Search range for both constants (default [0.01, 0.5]). */
  range?: readonly [number, number];
}

export interface TsbFit extends FittedForecaster {
  readonly method: 'tsb';
  readonly params: TsbParams;
  readonly size: number;
  readonly probability: number;
  readonly mse: number;
  refit(series: DemandSeries): TsbFit;
}

export const TSB_RANGE: readonly [number, number] = [0.01, 0.5];

/**
 * Fits TSB with α and β chosen by minimising the in-sample one-step MSE (MSE for the
 * same reason as in `fitCrostonSba`). The search is Nelder–Mead on logistic-transformed
 * constants, started from the best point of a coarse 3 × 3 grid so it begins in the
 * right basin. Initial states: mean non-zero size and the share of weeks with demand.
 */
export function fitTsb(series: DemandSeries, options: TsbOptions = {}): TsbFit {
  const [lo, hi] = options.range ?? TSB_RANGE;
  const params = options.params ?? estimate(series, lo, hi);
  const state = new Float64Array(2);
  const mse = tsbPass(series, params.alpha, params.beta, state);
  const size = state[0]!;
  const probability = state[1]!;
  const level = size * probability;
  const fit: TsbFit = {
    method: 'tsb',
    sigma: Math.sqrt(mse),
    params,
    size,
    probability,
    mse,
    pointForecast: (h) => new Array<number>(h).fill(level),
    forecast: (h, lvl): ForecastInterval => countInterval(fit.pointForecast(h), mse, lvl),
    refit: (other) => fitTsb(other, { params }),
  };
  return fit;
}

function estimate(y: DemandSeries, lo: number, hi: number): TsbParams {
  if (!y.some((v) => v > 0)) return { alpha: lo, beta: lo };
  const grid = [0.05, 0.15, 0.3].filter((g) => g > lo && g < hi);
  let best = { alpha: (lo + hi) / 2, beta: (lo + hi) / 2 };
  let bestValue = Number.POSITIVE_INFINITY;
  for (const alpha of grid) {
    for (const beta of grid) {
      const v = tsbPass(y, alpha, beta, null);
      if (v < bestValue) {
        bestValue = v;
        best = { alpha, beta };
      }
    }
  }
  const r = nelderMead(
    ([a, b]) => tsbPass(y, toInterval(a!, lo, hi), toInterval(b!, lo, hi), null),
    [fromInterval(best.alpha, lo, hi), fromInterval(best.beta, lo, hi)],
    { step: 1, maxIterations: 120, tolerance: 1e-6 },
  );
  return r.value <= bestValue
    ? { alpha: toInterval(r.x[0]!, lo, hi), beta: toInterval(r.x[1]!, lo, hi) }
    : best;
}

/** One TSB pass: in-sample one-step MSE; final [size, probability] into `state`. */
function tsbPass(y: DemandSeries, alpha: number, beta: number, state: Float64Array | null): number {
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
  let p = demands / n;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const v = y[t]!;
    const e = v - p * z;
    sse += e * e;
    if (v > 0) {
      z += alpha * (v - z);
      p += beta * (1 - p);
    } else {
      p -= beta * p;
    }
  }
  if (state) {
    state[0] = z;
    state[1] = p;
  }
  return sse / n;
}
