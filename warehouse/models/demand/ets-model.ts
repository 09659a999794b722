import type { EtsMethod } from './types.js';

/**
 * The ETS state-space recursions (Hyndman, Koehler, Ord & Snyder 2008, "Forecasting
 * with exponential smoothing", Table 2.3) for additive errors, with no, additive or
 * damped additive trend and no, additive or multiplicative seasonality. Errors are
 * additive throughout, so minimising the sum of squared one-step errors is the
 * Gaussian maximum-likelihood estimate given the initial states.
 *
 * With μ_t the one-step forecast and e_t = y_t − μ_t:
 *   trend part     ℓ_{t−1} + φ b_{t−1}   (φ = 1 for A, b = 0 for N)
 *   season N:  μ = ℓ + φb;        ℓ_t = ℓ + φb + α e;       b_t = φb + β e
 *   season A:  μ = ℓ + φb + s;    ℓ_t = ℓ + φb + α e;       b_t = φb + β e;       s_t = s + γ e
 *   season M:  μ = (ℓ + φb)·s;    ℓ_t = ℓ + φb + α e / s;   b_t = φb + β e / s;   s_t = s + γ e / (ℓ + φb)
 * where s = s_{t−m}. Seasonal states live in a ring buffer indexed by t mod m.
 */
export type EtsTrend = 'N' | 'A' | 'Ad';
export type EtsSeason = 'N' | 'A' | 'M';

export interface EtsSpec {
  trend: EtsTrend;
  season: EtsSeason;
  /** Season length m (ignored when season is 'N'). */
  period: number;
}

/** Smoothing parameters; those a model does not use are ignored (β, γ = 0, φ = 1 by convention). */
export interface EtsParams {
  alpha: number;
  beta: number;
  gamma: number;
  phi: number;
}

export interface EtsState {
  level: number;
  trend: number;
  /** Seasonal states by position t mod m; empty for non-seasonal models. */
  season: Float64Array;
}

const COMPONENTS: Record<EtsMethod, readonly [EtsTrend, EtsSeason]> = {
  ANN: ['N', 'N'],
  AAN: ['A', 'N'],
  AAdN: ['Ad', 'N'],
  ANA: ['N', 'A'],
  AAA: ['A', 'A'],
  AAdA: ['Ad', 'A'],
  ANM: ['N', 'M'],
  AAM: ['A', 'M'],
  AAdM: ['Ad', 'M'],
};

export const ETS_METHODS = Object.keys(COMPONENTS) as EtsMethod[];

export function etsSpec(method: EtsMethod, period: number): EtsSpec {
  const [trend, season] = COMPONENTS[method];
  return { trend, season, period: season === 'N' ? 1 : period };
}

export function etsMethodName(spec: EtsSpec): EtsMethod {
  return `A${spec.trend}${spec.season}` as EtsMethod;
}

/**
 * Runs the recursion over y from the initial state. Returns the sum of squared
 * one-step errors, or +Infinity when the path leaves the region where the model is
 * defined (non-positive seasonal index or trend-part for multiplicative seasonality)
 * or overflows. `work` (length ≥ m) receives the final seasonal states and `final`
 * the final level and trend. Allocation-free, as it is the optimiser's objective.
 */
export function etsRun(
  y: ArrayLike<number>,
  spec: EtsSpec,
  params: EtsParams,
  init: EtsState,
  work: Float64Array,
  final: { level: number; trend: number } | null,
): number {
  const n = y.length;
  const seasonal = spec.season !== 'N';
  const multiplicative = spec.season === 'M';
  const m = seasonal ? spec.period : 1;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const beta = spec.trend === 'N' ? 0 : params.beta;
  const gamma = seasonal ? params.gamma : 0;
  const alpha = params.alpha;
  let l = init.level;
  let b = spec.trend === 'N' ? 0 : init.trend;
  if (seasonal) for (let j = 0; j < m; j++) work[j] = init.season[j]!;
  let j = 0;
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const base = l + phi * b;
    if (multiplicative) {
      const s = work[j]!;
      if (!(s > 0) || !(base > 0)) return Number.POSITIVE_INFINITY;
      const e = y[t]! - base * s;
      sse += e * e;
      l = base + (alpha * e) / s;
      b = phi * b + (beta * e) / s;
      work[j] = s + (gamma * e) / base;
    } else if (seasonal) {
      const s = work[j]!;
      const e = y[t]! - base - s;
      sse += e * e;
      l = base + alpha * e;
      b = phi * b + beta * e;
      work[j] = s + gamma * e;
    } else {
      const e = y[t]! - base;
      sse += e * e;
      l = base + alpha * e;
      b = phi * b + beta * e;
    }
    if (++j === m) j = 0;
  }
  if (!Number.isFinite(sse) || !Number.isFinite(l) || !Number.isFinite(b)) return Number.POSITIVE_INFINITY;
  if (final) {
    final.level = l;
    final.trend = b;
  }
  return sse;
}

/**
 * Point forecasts h = 1..steps after a series of length n:
 *   ŷ(n+h) = ℓ_n + φ_h b_n (+ s or × s),  φ_h = φ + φ² + … + φ^h (= h undamped, 0 without trend),
 * with the seasonal state of the same position one season back, s_{n+h−m(⌊(h−1)/m⌋+1)}.
 */
export function etsPointForecast(
  spec: EtsSpec,
  params: EtsParams,
  level: number,
  trend: number,
  season: Float64Array,
  n: number,
  steps: number,
): number[] {
  const out = new Array<number>(steps);
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const m = spec.period;
  let phiSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= steps; h++) {
    if (spec.trend !== 'N') {
      phiPower *= phi;
      phiSum += phiPower;
    }
    const base = level + phiSum * trend;
    const s = spec.season === 'N' ? 0 : season[(n + h - 1) % m]!;
    out[h - 1] = spec.season === 'M' ? base * s : base + s;
  }
  return out;
}
