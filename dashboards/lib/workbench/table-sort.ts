/**
 * Sorting a result table by one column: numbers by value, everything else as text in the
 * reader's collation; empty values (null) last whichever the direction.
 */
export type SortDirection = 'asc' | 'desc';

export function sortRows<T extends Record<string, unknown>>(rows: readonly T[], column: string, direction: SortDirection): T[] {
  const sign = direction === 'asc' ? 1 : -1;
  const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => {
      const x = a.row[column];
      const y = b.row[column];
      const xEmpty = x === null || x === undefined;
      const yEmpty = y === null || y === undefined;
      if (xEmpty || yEmpty) return xEmpty && yEmpty ? a.index - b.index : xEmpty ? 1 : -1;
      const order = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
      return order * sign || a.index - b.index;
    })
    .map((e) => e.row);
}

/** The next sort after a click on `column`'s header: ascending, then descending, then the query's own order. */
export function nextSort(current: { column: string; direction: SortDirection } | null, column: string): { column: string; direction: SortDirection } | null {
  if (!current || current.column !== column) return { column, direction: 'asc' };
  return current.direction === 'asc' ? { column, direction: 'desc' } : null;
}
