import type { ForecastInterval } from './types.js';

/**
 * Turns raw mean/lower/upper arrays into a demand interval: clipped at zero
 * (demand cannot be negative) and ordered so lower ≤ mean ≤ upper even when a
 * discrete or simulated distribution puts a quantile on the wrong side of the mean.
 * Non-finite inputs (overflow in an explosive fit) are replaced by the mean or 0 so
 * no NaN or Infinity reaches a caller.
 */
export function toDemandInterval(
  mean: ArrayLike<number>,
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  level: number,
): ForecastInterval {
  assertLevel(level);
  const h = mean.length;
  const out: ForecastInterval = { mean: new Array<number>(h), lower: new Array<number>(h), upper: new Array<number>(h), level };
  for (let i = 0; i < h; i++) {
    const m = finiteOr(mean[i]!, 0);
    const mu = m > 0 ? m : 0;
    const lo = Math.max(0, Math.min(finiteOr(lower[i]!, mu), mu));
    const hi = Math.max(finiteOr(upper[i]!, mu), mu);
    out.mean[i] = mu;
    out.lower[i] = lo;
    out.upper[i] = hi;
  }
  return out;
}

/** A flat forecast with a zero-width interval (used for the all-zero and constant rules). */
export function flatInterval(value: number, h: number, level: number): ForecastInterval {
  const v = new Array<number>(h).fill(value);
  return toDemandInterval(v, v, v, level);
}

/** Symmetric normal interval mean ± z·sd, then clipped. */
export function normalInterval(mean: ArrayLike<number>, sd: ArrayLike<number>, z: number, level: number): ForecastInterval {
  const h = mean.length;
  const lower = new Float64Array(h);
  const upper = new Float64Array(h);
  for (let i = 0; i < h; i++) {
    lower[i] = mean[i]! - z * sd[i]!;
    upper[i] = mean[i]! + z * sd[i]!;
  }
  return toDemandInterval(mean, lower, upper, level);
}

function finiteOr(x: number, fallback: number): number {
  return Number.isFinite(x) ? x : fallback;
}

/** Throws unless 0 < level < 1. */
export function assertLevel(level: number): void {
  if (!(level > 0 && level < 1)) throw new RangeError(`interval level must be in (0, 1), got ${level}`);
}
