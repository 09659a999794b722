import { describe, expect, it } from 'vitest';
import { nextSort, sortRows } from './table-sort.js';

describe('sortRows', () => {
  const rows = [{ n: 10, s: 'b10' }, { n: null, s: 'a' }, { n: 2, s: 'b2' }, { n: -1, s: null }];
  it('sorts numbers by value and text naturally, empty values last either way', () => {
    expect(sortRows(rows, 'n', 'asc').map((r) => r.n)).toEqual([-1, 2, 10, null]);
    expect(sortRows(rows, 'n', 'desc').map((r) => r.n)).toEqual([10, 2, -1, null]);
    expect(sortRows(rows, 's', 'asc').map((r) => r.s)).toEqual(['a', 'b2', 'b10', null]);
  });
  it('keeps equal rows in their order and leaves the input alone', () => {
    const same = [{ k: 1, i: 0 }, { k: 1, i: 1 }, { k: 0, i: 2 }];
    expect(sortRows(same, 'k', 'desc').map((r) => r.i)).toEqual([0, 1, 2]);
    expect(same.map((r) => r.i)).toEqual([0, 1, 2]);
  });
  it('cycles ascending, descending, unsorted on a header', () => {
    expect(nextSort(null, 'a')).toEqual({ column: 'a', direction: 'asc' });
    expect(nextSort({ column: 'a', direction: 'asc' }, 'a')).toEqual({ column: 'a', direction: 'desc' });
    expect(nextSort({ column: 'a', direction: 'desc' }, 'a')).toBeNull();
    expect(nextSort({ column: 'a', direction: 'desc' }, 'b')).toEqual({ column: 'b', direction: 'asc' });
  });
});
