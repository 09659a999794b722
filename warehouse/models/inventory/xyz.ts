import { badInput, finiteAtLeast, orderedThresholds } from './validate.js';

/**
 * XYZ classification by demand variability: the coefficient of variation (sample standard
 * deviation ÷ mean) of an item's demand per period (weeks or months, zero periods included).
 * X when CV ≤ x (default 0.5), Y when CV ≤ y (default 1.0), Z above.
 *
 * Undefined cases are null with a reason rather than a number: 'no-demand' (mean 0: nothing to
 * vary) and 'too-few-periods' (fewer than two periods: a sample SD needs two).
 */
export type XyzClass = 'X' | 'Y' | 'Z';

export interface XyzThresholds {
  x: number;
  y: number;
}

export const DEFAULT_XYZ_THRESHOLDS: XyzThresholds = { x: 0.5, y: 1.0 };

export interface XyzInput {
  itemId: number;
  /** Demand per period, oldest first, zeros included. */
  demand: readonly number[];
}

export interface XyzRow {
  itemId: number;
  periods: number;
  mean: number | null;
  /** Sample standard deviation (n − 1); null with fewer than two periods. */
  sd: number | null;
  cv: number | null;
  xyz: XyzClass | null;
  reason: 'no-demand' | 'too-few-periods' | null;
}

/** Mean and sample SD of a series; sd null below two values, mean null when empty. */
export function meanAndSd(values: readonly number[]): { mean: number | null; sd: number | null } {
  if (values.length === 0) return { mean: null, sd: null };
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  if (values.length < 2) return { mean, sd: null };
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: Math.sqrt(ss / (values.length - 1)) };
}

export function classifyXyz(items: readonly XyzInput[], thresholds: XyzThresholds = DEFAULT_XYZ_THRESHOLDS): XyzRow[] {
  orderedThresholds(thresholds.x, thresholds.y, 'thresholds');
  return items.map((it, i) => {
    if (!Number.isSafeInteger(it.itemId)) throw badInput(`items.${i}.itemId`, `items.${i}.itemId must be a whole number`);
    it.demand.forEach((d, j) => finiteAtLeast(d, 0, `items.${i}.demand.${j}`));
    const { mean, sd } = meanAndSd(it.demand);
    const base = { itemId: it.itemId, periods: it.demand.length, mean, sd };
    if (it.demand.length < 2) return { ...base, cv: null, xyz: null, reason: 'too-few-periods' as const };
    if (mean === 0) return { ...base, cv: null, xyz: null, reason: 'no-demand' as const };
    const cv = sd! / mean!;
    const xyz: XyzClass = cv <= thresholds.x ? 'X' : cv <= thresholds.y ? 'Y' : 'Z';
    return { ...base, cv, xyz, reason: null };
  });
}
