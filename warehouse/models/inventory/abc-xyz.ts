import type { AbcClass, AbcRow } from './abc.js';
import type { XyzClass, XyzRow } from './xyz.js';

/**
 * The ABC × XYZ matrix: each ABC-classified item with its XYZ class and the combined code
 * ('AX' … 'CZ'). The code is null when XYZ is undefined for the item (no demand or too few
 * periods: see XyzRow.reason), and an item missing from the XYZ rows counts as no demand.
 */
export interface AbcXyzRow extends AbcRow {
  xyz: XyzClass | null;
  cv: number | null;
  xyzReason: XyzRow['reason'];
  abcXyz: `${AbcClass}${XyzClass}` | null;
}

export function abcXyzMatrix(abc: readonly AbcRow[], xyz: readonly XyzRow[]): AbcXyzRow[] {
  const byItem = new Map(xyz.map((x) => [x.itemId, x]));
  return abc.map((a) => {
    const x = byItem.get(a.itemId);
    const cls = x?.xyz ?? null;
    return { ...a, xyz: cls, cv: x?.cv ?? null, xyzReason: x ? x.reason : 'no-demand', abcXyz: cls === null ? null : `${a.abc}${cls}` };
  });
}

/** Count of items per ABC × XYZ cell ('AX' …, plus e.g. 'A?' for items without an XYZ class). */
export function abcXyzCounts(rows: readonly AbcXyzRow[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of rows) {
    const cell = r.abcXyz ?? `${r.abc}?`;
    counts[cell] = (counts[cell] ?? 0) + 1;
  }
  return counts;
}
