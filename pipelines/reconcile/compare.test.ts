import { describe, expect, it } from 'vitest';
import { compareFigures, ReconciliationError } from './compare.js';

describe('reconciliation', () => {
  it('passes equal figures and counts them', () => {
    expect(compareFigures(new Map([['revenue', 10], ['account:1200', 5]]), new Map([['account:1200', 5], ['revenue', 10]]))).toEqual({ checked: 2, mismatches: [] });
  });

  it('names every figure that differs, a missing one counting as zero', () => {
    const r = compareFigures(new Map([['revenue', 10], ['account:4100', -10], ['rows:fact_gl_line', 4]]), new Map([['revenue', 11], ['rows:fact_gl_line', 4], ['account:9999', 3]]));
    expect(r.checked).toBe(4);
    expect(r.mismatches).toEqual([
      { figure: 'account:4100', expected: -10, warehouse: 0, source: 'postgres' },
      { figure: 'account:9999', expected: 0, warehouse: 3, source: 'postgres' },
      { figure: 'revenue', expected: 10, warehouse: 11, source: 'postgres' },
    ]);
  });

  it('says which figures failed, and against what, in one line', () => {
    const e = new ReconciliationError([
      { figure: 'revenue_from_sales_lines', expected: 5, warehouse: 6, source: 'ledger' },
      ...Array.from({ length: 6 }, (_, i) => ({ figure: `account:${i}`, expected: i, warehouse: i + 1, source: 'postgres' as const })),
    ]);
    expect(e.message).toMatch(/^reconciliation failed: revenue_from_sales_lines: warehouse 6 ≠ ledger 5; account:0: warehouse 1 ≠ postgres 0; .*; and 2 more$/);
    expect(e.message.split('\n')).toHaveLength(1);
  });
});
