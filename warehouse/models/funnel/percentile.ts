/**
 * Quantiles by linear interpolation between closest ranks (Hyndman & Fan type 7, the default of
 * R, NumPy, and of DuckDB's quantile_cont and Postgres' percentile_cont): sort the n values,
 * h = (n − 1)·p, answer x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]). So the median of 1, 2, 3, 10 is
 * 2.5 and its 90th percentile 7.9. Null for no values (no stay to measure), never NaN.
 */
export function quantile(values: readonly number[], p: number): number | null {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`the quantile's probability must be in [0, 1], got ${p}`);
  if (values.length === 0) return null;
  for (const v of values) if (!Number.isFinite(v)) throw new RangeError(`quantile of a value that is not a finite number: ${v}`);
  const x = [...values].sort((a, b) => a - b);
  const h = (x.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}

/** Arithmetic mean; null for none. */
export function mean(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  let s = 0;
  for (const v of values) s += v;
  return s / values.length;
}
