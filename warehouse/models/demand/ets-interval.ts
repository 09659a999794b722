import type { EtsFit } from './ets-fit.js';
import type { EtsParams, EtsSpec } from './ets-model.js';
import { normalInterval, toDemandInterval } from './interval.js';
import { normalQuantile } from './normal-quantile.js';
import { mulberry32, normal } from './prng.js';
import type { ForecastInterval } from './types.js';

/**
 * ETS prediction intervals.
 *
 * Linear (additive-season or non-seasonal) models: exact Gaussian forecast variance
 * (Hyndman et al. 2008, ch. 6, class 1)
 *   v_h = σ² [1 + Σ_{j=1}^{h−1} c_j²],   c_j = α + β φ_j + γ 1[j mod m = 0],
 * φ_j = φ + … + φ^j (j for an undamped trend, 0 without trend) — e.g. ANN gives
 * σ²(1 + (h − 1)α²). σ² is the fit's residual variance.
 *
 * Multiplicative-season models have no closed form; we simulate sample paths from
 * the fitted model with N(0, σ²) errors (a fixed seed, so results are
 * reproducible) and take empirical quantiles. The point forecast stays the model's
 * conditional-mean forecast.
 */
export function etsForecastInterval(fit: EtsFit, h: number, level: number): ForecastInterval {
  const mean = fit.pointForecast(h);
  if (fit.spec.season === 'M') return simulatedInterval(fit, mean, h, level);
  const variance = etsForecastVariance(fit.spec, fit.params, fit.sigma2, h);
  const sd = variance.map(Math.sqrt);
  return normalInterval(mean, sd, normalQuantile((1 + level) / 2), level);
}

/** Forecast variances v_1..v_h for linear additive-error ETS models. */
export function etsForecastVariance(spec: EtsSpec, params: EtsParams, sigma2: number, h: number): Float64Array {
  if (spec.season === 'M') throw new RangeError('no closed-form variance for multiplicative seasonality');
  const out = new Float64Array(h);
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const beta = spec.trend === 'N' ? 0 : params.beta;
  const gamma = spec.season === 'A' ? params.gamma : 0;
  const m = spec.period;
  let sumC2 = 0;
  let phiJ = 0;
  let phiPower = 1;
  for (let step = 1; step <= h; step++) {
    out[step - 1] = sigma2 * (1 + sumC2);
    // Add c_j for j = step, used from the next horizon on.
    const j = step;
    phiPower *= phi;
    phiJ += phiPower;
    const c = params.alpha + beta * phiJ + (spec.season === 'A' && j % m === 0 ? gamma : 0);
    sumC2 += c * c;
  }
  return out;
}

const PATHS = 1000;

function simulatedInterval(fit: EtsFit, mean: number[], h: number, level: number): ForecastInterval {
  const rng = mulberry32(0x5eed ^ fit.n);
  const sigma = Math.sqrt(fit.sigma2);
  const { spec, params } = fit;
  const phi = spec.trend === 'Ad' ? params.phi : 1;
  const beta = spec.trend === 'N' ? 0 : params.beta;
  const m = spec.period;
  const draws = new Float64Array(PATHS * h);
  const season = new Float64Array(m);
  for (let path = 0; path < PATHS; path++) {
    let l = fit.level;
    let b = fit.trend;
    season.set(fit.season);
    for (let step = 0; step < h; step++) {
      const pos = (fit.n + step) % m;
      const s = season[pos]!;
      const base = l + phi * b;
      const e = sigma * normal(rng);
      draws[step * PATHS + path] = base * s + e;
      // Guard the update: a path whose base hits zero would divide by zero.
      const safeBase = base !== 0 ? base : 1e-12;
      const safeS = s !== 0 ? s : 1e-12;
      l = base + (params.alpha * e) / safeS;
      b = phi * b + (beta * e) / safeS;
      season[pos] = s + (params.gamma * e) / safeBase;
    }
  }
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  const lowP = (1 - level) / 2;
  for (let step = 0; step < h; step++) {
    const column = draws.subarray(step * PATHS, (step + 1) * PATHS).sort();
    lower[step] = quantileSorted(column, lowP);
    upper[step] = quantileSorted(column, 1 - lowP);
  }
  return toDemandInterval(mean, lower, upper, level);
}

/** Linear-interpolation quantile of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const pos = p * (sorted.length - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  const a = sorted[i]!;
  const b = sorted[Math.min(i + 1, sorted.length - 1)]!;
  return a + frac * (b - a);
}
