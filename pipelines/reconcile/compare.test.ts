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
      { figure: 'account:4100', postgres: -10, warehouse: 0 },
      { figure: 'account:9999', postgres: 0, warehouse: 3 },
      { figure: 'revenue', postgres: 10, warehouse: 11 },
    ]);
  });

  it('says which figures failed in one line', () => {
    const e = new ReconciliationError(Array.from({ length: 7 }, (_, i) => ({ figure: `account:${i}`, postgres: i, warehouse: i + 1 })));
    expect(e.message).toMatch(/^reconciliation failed: account:0: warehouse 1 ≠ postgres 0; .*; and 2 more$/);
    expect(e.message.split('\n')).toHaveLength(1);
  });
});
