import { badInput, finiteAtLeast, orderedThresholds } from './validate.js';

/**
 * ABC classification by consumption value (e.g. COGS over the window): items sorted by value,
 * largest first; an item is A while the cumulative share of value up to and including it is at
 * most `a` (default 0.80), B while at most `b` (default 0.95), C beyond. So class A never holds
 * more than `a` of the value — even a single item with 85 % of it is B.
 *
 * Ties: items with equal value form one block and take the class of the block's cumulative
 * share at its end, so the classes do not depend on item ids or input order.
 * Items with zero value are C. When the total is zero every item is C and shares are null.
 */
export type AbcClass = 'A' | 'B' | 'C';

export interface AbcInput {
  itemId: number;
  /** Consumption value, minor units (≥ 0). */
  value: number;
}

export interface AbcThresholds {
  /** Cumulative share closing class A (default 0.80). */
  a: number;
  /** Cumulative share closing class B (default 0.95). */
  b: number;
}

export const DEFAULT_ABC_THRESHOLDS: AbcThresholds = { a: 0.8, b: 0.95 };

export interface AbcRow {
  itemId: number;
  value: number;
  /** value ÷ total; null when the total is 0. */
  share: number | null;
  /** Cumulative share through this item's tie block; null when the total is 0. */
  cumulativeShare: number | null;
  /** 1 for the largest value; tied items share a rank. */
  rank: number;
  abc: AbcClass;
}

export function classifyAbc(items: readonly AbcInput[], thresholds: AbcThresholds = DEFAULT_ABC_THRESHOLDS): AbcRow[] {
  orderedThresholds(thresholds.a, thresholds.b, 'thresholds', 1);
  const seen = new Set<number>();
  items.forEach((it, i) => {
    if (!Number.isSafeInteger(it.itemId)) throw badInput(`items.${i}.itemId`, `items.${i}.itemId must be a whole number`);
    if (seen.has(it.itemId)) throw badInput(`items.${i}.itemId`, `item ${it.itemId} appears twice`);
    seen.add(it.itemId);
    finiteAtLeast(it.value, 0, `items.${i}.value`);
  });
  const sorted = [...items].sort((x, y) => y.value - x.value || x.itemId - y.itemId);
  const total = sorted.reduce((s, it) => s + it.value, 0);
  const out: AbcRow[] = [];
  let cumulative = 0;
  for (let start = 0; start < sorted.length; ) {
    let end = start;
    while (end < sorted.length && sorted[end]!.value === sorted[start]!.value) end++;
    cumulative += sorted[start]!.value * (end - start);
    // Guard against 0.8000000000000002 from float sums deciding a class: compare with a tolerance.
    const share = total > 0 ? Math.min(1, cumulative / total) : null;
    const abc: AbcClass = share === null || sorted[start]!.value === 0 ? 'C' : share <= thresholds.a + 1e-12 ? 'A' : share <= thresholds.b + 1e-12 ? 'B' : 'C';
    for (let i = start; i < end; i++) {
      const it = sorted[i]!;
      out.push({ itemId: it.itemId, value: it.value, share: total > 0 ? it.value / total : null, cumulativeShare: share, rank: start + 1, abc });
    }
    start = end;
  }
  return out;
}
