import type { EtsSpec, EtsState } from './ets-model.js';

/**
 * Initial ETS states from a simple classical decomposition, following the heuristic
 * of Hyndman et al. (2008, §2.6.1) with windows suited to noisy weekly data:
 *
 * 1. Seasonal models (need ≥ 2 full seasons): a centred moving average of order m
 *    (2×m for even m) estimates the trend; the data are detrended by difference
 *    (additive) or ratio (multiplicative); each week-of-season's index is the mean of
 *    its detrended values over all seasons, normalised to sum 0 / average 1.
 * 2. Level and trend come from the seasonally adjusted series: with a trend, a
 *    least-squares line through the first w points (w = m for seasonal models, else
 *    min(n, 20)) gives ℓ₀ = intercept at t = 0 and b₀ = slope — 20 weeks rather than
 *    the book's 10 because a slope from 10 noisy weeks is too unstable when β is
 *    small; without a trend ℓ₀ is the mean of the first min(n, 10) points.
 *
 * The initial states are not optimised: this keeps the search to ≤ 4 smoothing
 * parameters, which is what makes fitting thousands of series fast.
 */
export function etsInitialState(y: ArrayLike<number>, spec: EtsSpec): EtsState {
  const n = y.length;
  const seasonal = spec.season !== 'N';
  const m = spec.period;
  const season = seasonal ? seasonalIndices(y, m, spec.season === 'M') : new Float64Array(0);
  const adjusted = (t: number) =>
    !seasonal ? y[t]! : spec.season === 'M' ? y[t]! / season[t % m]! : y[t]! - season[t % m]!;

  if (spec.trend === 'N') {
    const w = Math.min(n, 10);
    let sum = 0;
    for (let t = 0; t < w; t++) sum += adjusted(t);
    return { level: w > 0 ? sum / w : 0, trend: 0, season };
  }
  const w = seasonal ? Math.min(n, m) : Math.min(n, 20);
  if (w < 2) return { level: w === 1 ? adjusted(0) : 0, trend: 0, season };
  // Least squares on x = 1..w, so the intercept is the level at time 0.
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (let t = 0; t < w; t++) {
    const x = t + 1;
    const v = adjusted(t);
    sx += x;
    sy += v;
    sxx += x * x;
    sxy += x * v;
  }
  const slope = (w * sxy - sx * sy) / (w * sxx - sx * sx);
  const intercept = (sy - slope * sx) / w;
  return { level: intercept, trend: slope, season };
}

/** Seasonal indices by position t mod m from a centred moving average; needs n ≥ 2m. */
function seasonalIndices(y: ArrayLike<number>, m: number, multiplicative: boolean): Float64Array {
  const n = y.length;
  if (n < 2 * m) throw new RangeError(`seasonal initialisation needs two full seasons (${2 * m} points), got ${n}`);
  const half = Math.floor(m / 2);
  const even = m % 2 === 0;
  const sums = new Float64Array(m);
  const counts = new Float64Array(m);
  // window = sum of the m points y[t−half .. t−half+m−1]. For odd m that is the
  // centred window itself; for even m the 2×m average is the window minus half its
  // first point plus half of y[t+half].
  let window = 0;
  for (let k = 0; k < m; k++) window += y[k]!;
  for (let t = half; t + half < n; t++) {
    const trend = even ? (window - 0.5 * y[t - half]! + 0.5 * y[t + half]!) / m : window / m;
    const v = y[t]!;
    const detrended = multiplicative ? (trend > 0 ? v / trend : Number.NaN) : v - trend;
    if (Number.isFinite(detrended)) {
      const pos = t % m;
      sums[pos] = sums[pos]! + detrended;
      counts[pos] = counts[pos]! + 1;
    }
    const next = t - half + m;
    if (next < n) window += y[next]! - y[t - half]!;
  }
  const idx = new Float64Array(m);
  let total = 0;
  for (let j = 0; j < m; j++) {
    idx[j] = counts[j]! > 0 ? sums[j]! / counts[j]! : multiplicative ? 1 : 0;
    total += idx[j]!;
  }
  const centre = total / m;
  for (let j = 0; j < m; j++) {
    if (multiplicative) idx[j] = centre > 0 ? idx[j]! / centre : 1;
    else idx[j] = idx[j]! - centre;
  }
  return idx;
}
