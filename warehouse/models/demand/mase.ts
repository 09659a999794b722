/**
 * Mean absolute scaled error (Hyndman & Koehler 2006): out-of-sample MAE divided by
 * the in-sample MAE of the seasonal-naive method (lag m), so scores compare across
 * items of different volume; below 1 means better than the in-sample benchmark.
 *
 * Scale, in order of preference (the first that is defined and > 0):
 *   'seasonal-naive'    in-sample MAE of y_t − y_{t−m}      (needs ≥ m + 1 points, m > 1)
 *   'naive'             in-sample MAE of y_t − y_{t−1}      (needs ≥ 2 points)
 *   'mean-abs-insample' mean |y| of the history             (history non-zero but flat)
 *   'mean-abs-actual'   mean |actual| of the evaluated weeks (history all zero)
 *   'unit'              1, i.e. the plain MAE               (history and actuals all zero)
 * A zero scale happens for constant or all-zero histories; dividing by it would give
 * Infinity or NaN, and returning null would make every caller special-case it, so the
 * fallbacks keep MASE finite and NaN-free, scaled by the closest meaningful demand
 * level. In the last case the actuals are all zero, so the MAE is just the mean
 * absolute forecast — an over-forecast of an item with no demand, in units.
 */
export type MaseScaleSource = 'seasonal-naive' | 'naive' | 'mean-abs-insample' | 'mean-abs-actual' | 'unit';

export interface MaseResult {
  value: number;
  scale: number;
  scaleSource: MaseScaleSource;
}

export function maseDetailed(
  actual: readonly number[],
  forecast: readonly number[],
  insample: readonly number[],
  m: number,
): MaseResult {
  if (actual.length !== forecast.length) {
    throw new RangeError(`actual (${actual.length}) and forecast (${forecast.length}) lengths differ`);
  }
  if (actual.length === 0) throw new RangeError('MASE needs at least one forecast');
  if (!(Number.isInteger(m) && m >= 1)) throw new RangeError(`season length must be a positive integer, got ${m}`);
  assertFinite(actual, 'actual');
  assertFinite(forecast, 'forecast');
  assertFinite(insample, 'insample');

  let mae = 0;
  for (let i = 0; i < actual.length; i++) mae += Math.abs(actual[i]! - forecast[i]!);
  mae /= actual.length;

  const candidates: [MaseScaleSource, number][] = [];
  if (m > 1 && insample.length > m) candidates.push(['seasonal-naive', laggedMae(insample, m)]);
  if (insample.length > 1) candidates.push(['naive', laggedMae(insample, 1)]);
  candidates.push(['mean-abs-insample', meanAbs(insample)], ['mean-abs-actual', meanAbs(actual)]);
  for (const [scaleSource, scale] of candidates) {
    if (scale > 0 && Number.isFinite(scale)) {
      const value = mae / scale;
      // A subnormal scale can still overflow the ratio; fall through to the next scale then.
      if (Number.isFinite(value)) return { value, scale, scaleSource };
    }
  }
  return { value: mae, scale: 1, scaleSource: 'unit' };
}

/** MASE value only; see `maseDetailed` for the scale and its fallbacks. */
export function mase(actual: readonly number[], forecast: readonly number[], insample: readonly number[], m: number): number {
  return maseDetailed(actual, forecast, insample, m).value;
}

function laggedMae(y: readonly number[], lag: number): number {
  let s = 0;
  for (let t = lag; t < y.length; t++) s += Math.abs(y[t]! - y[t - lag]!);
  return s / (y.length - lag);
}

function meanAbs(y: readonly number[]): number {
  if (y.length === 0) return 0;
  let s = 0;
  for (const v of y) s += Math.abs(v);
  return s / y.length;
}

function assertFinite(values: readonly number[], name: string): void {
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`${name} contains a non-finite value (${v})`);
}
