import { nelderMead } from '../numeric/nelder-mead.js';
import { fromInterval, toInterval } from './bounded.js';
import { etsInitialState } from './ets-init.js';
import { etsForecastInterval } from './ets-interval.js';
import { etsRun, etsPointForecast, etsSpec } from './ets-model.js';
import type { EtsParams, EtsSpec, EtsState } from './ets-model.js';
import { minimizeBounded1d } from './minimize-1d.js';
import type { DemandSeries, EtsMethod, FittedForecaster } from './types.js';

/**
 * Estimation of the ETS smoothing parameters by least squares (= Gaussian maximum
 * likelihood for additive errors) over the "usual" region of Hyndman et al. (2008):
 *   0 < α < 1,  0 < β < α,  0 < γ < 1 − α,  0.8 ≤ φ ≤ 0.98.
 * The region is imposed by reparametrisation — α = logistic(x₁), β = α·logistic(x₂),
 * γ = (1 − α)·logistic(x₃), φ = 0.8 + 0.18·logistic(x₄) (α kept within [1e-4, 1 − 1e-4]) — so the
 * unconstrained Nelder–Mead search cannot leave it. ANN has one parameter and uses a
 * bounded grid + golden-section search instead. Initial states are fixed by the
 * decomposition in `etsInitialState`.
 */
export interface EtsFitOptions {
  /** Season length m for seasonal models (default 52: weeks in a year). */
  period?: number;
  /** Use these parameters instead of estimating them. */
  params?: EtsParams;
  /** Use this initial state instead of the decomposition (mainly for tests). */
  init?: EtsState;
}

export interface EtsFit extends FittedForecaster {
  readonly method: EtsMethod;
  readonly spec: EtsSpec;
  readonly params: EtsParams;
  readonly init: EtsState;
  /** Final states after the last observation. */
  readonly level: number;
  readonly trend: number;
  readonly season: Float64Array;
  /** Length of the fitted series. */
  readonly n: number;
  /** Sum of squared one-step errors. */
  readonly sse: number;
  /** Residual variance SSE / max(1, n − number of smoothing parameters). */
  readonly sigma2: number;
  refit(series: DemandSeries): EtsFit;
}

export const DEFAULT_PERIOD = 52;

const ALPHA_LO = 1e-4;
const ALPHA_HI = 1 - 1e-4;
const PHI_LO = 0.8;
const PHI_HI = 0.98;

/**
 * Shortest history a model is fitted on: seasonal models need two full seasons;
 * trend models a few more points than parameters.
 */
export function etsMinLength(method: EtsMethod, period = DEFAULT_PERIOD): number {
  const spec = etsSpec(method, period);
  if (spec.season !== 'N') return 2 * period;
  return spec.trend === 'N' ? 2 : spec.trend === 'A' ? 4 : 5;
}

/** Whether the model may be fitted to this series (length; strictly positive data for multiplicative seasonality). */
export function etsEligible(series: DemandSeries, method: EtsMethod, period = DEFAULT_PERIOD): boolean {
  if (series.length < etsMinLength(method, period)) return false;
  if (etsSpec(method, period).season === 'M') return series.every((v) => v > 0);
  return true;
}

export function fitEts(series: DemandSeries, method: EtsMethod, options: EtsFitOptions = {}): EtsFit {
  const period = options.period ?? DEFAULT_PERIOD;
  const spec = etsSpec(method, period);
  if (!options.init && !etsEligible(series, method, period)) {
    throw new RangeError(`${method} cannot be fitted to this series (length ${series.length})`);
  }
  const init = options.init ?? etsInitialState(series, spec);
  const work = new Float64Array(Math.max(1, spec.period));
  const params = options.params ?? estimate(series, spec, init, work);
  const final = { level: 0, trend: 0 };
  let sse = etsRun(series, spec, params, init, work, final);
  if (!Number.isFinite(sse)) {
    // Fixed parameters that blow up on this (longer) history: fall back to the
    // initial state so the forecast stays defined; the backtest will score it badly.
    final.level = init.level;
    final.trend = init.trend;
    work.set(init.season);
    sse = Number.MAX_VALUE;
  }
  const season = spec.season === 'N' ? new Float64Array(0) : work.slice(0, spec.period);
  const k = parameterCount(spec);
  const sigma2 = sse === Number.MAX_VALUE ? 0 : sse / Math.max(1, series.length - k);
  const fit: EtsFit = {
    method,
    sigma: Math.sqrt(sigma2),
    spec,
    params,
    init,
    level: final.level,
    trend: final.trend,
    season,
    n: series.length,
    sse,
    sigma2,
    pointForecast: (h) => etsPointForecast(spec, params, final.level, final.trend, season, series.length, h),
    forecast: (h, level) => etsForecastInterval(fit, h, level),
    refit: (other) => fitEts(other, method, { period, params }),
  };
  return fit;
}

function parameterCount(spec: EtsSpec): number {
  return 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : 1) + (spec.trend === 'Ad' ? 1 : 0);
}

/** Maps the unconstrained search vector to parameters in the usual region. */
function decode(x: readonly number[], spec: EtsSpec, out: EtsParams): EtsParams {
  let i = 0;
  out.alpha = toInterval(x[i++]!, ALPHA_LO, ALPHA_HI);
  out.beta = spec.trend === 'N' ? 0 : out.alpha * toInterval(x[i++]!, 0, 1);
  out.gamma = spec.season === 'N' ? 0 : (1 - out.alpha) * toInterval(x[i++]!, 0, 1);
  out.phi = spec.trend === 'Ad' ? toInterval(x[i++]!, PHI_LO, PHI_HI) : 1;
  return out;
}

function estimate(y: DemandSeries, spec: EtsSpec, init: EtsState, work: Float64Array): EtsParams {
  if (spec.trend === 'N' && spec.season === 'N') {
    const p: EtsParams = { alpha: 0.5, beta: 0, gamma: 0, phi: 1 };
    const r = minimizeBounded1d(
      (a) => {
        p.alpha = a;
        return etsRun(y, spec, p, init, work, null);
      },
      ALPHA_LO,
      ALPHA_HI,
      20,
      1e-4,
    );
    return { alpha: r.x, beta: 0, gamma: 0, phi: 1 };
  }
  // Start: α = 0.2, β = 0.1α, γ = 0.05(1 − α), φ = 0.9 — modest smoothing, the usual optimum on weekly demand.
  const start = [fromInterval(0.2, ALPHA_LO, ALPHA_HI)];
  if (spec.trend !== 'N') start.push(fromInterval(0.1, 0, 1));
  if (spec.season !== 'N') start.push(fromInterval(0.05, 0, 1));
  if (spec.trend === 'Ad') start.push(fromInterval(0.9, PHI_LO, PHI_HI));
  const p: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
  const r = nelderMead((x) => etsRun(y, spec, decode(x, spec, p), init, work, null), start, {
    step: 1,
    maxIterations: 100 * start.length,
    tolerance: 1e-7,
  });
  return decode(r.x, spec, { alpha: 0, beta: 0, gamma: 0, phi: 1 });
}
