import { describe, expect, it } from 'vitest';
import { periodLedger } from './ledger.js';
import { workingCapitalFigures, workingCapitalRatios } from './ratios.js';
import { ACCOUNTS, LINES } from './test-fixture.js';

describe('working-capital ratios', () => {
  it('takes average balances over the period from the ledger', () => {
    const f = workingCapitalFigures(periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29'));
    expect(f).toEqual({ days: 29, revenue: 500, costOfSales: 150, receivablesOpening: 300, receivablesClosing: 200, payablesOpening: 400, payablesClosing: 100, inventoryOpening: 200, inventoryClosing: 50 });
    // DSO 250/500×29, DIO 125/150×29, DPO 250/150×29
    expect(workingCapitalRatios(f)).toEqual({ dso: 14.5, dio: 24.2, dpo: 48.3, cashConversionCycle: -9.6 });
  });

  it('has no ratio without a base', () => {
    const r = workingCapitalRatios({ days: 30, revenue: 0, costOfSales: 0, receivablesOpening: 1, receivablesClosing: 1, payablesOpening: 1, payablesClosing: 1, inventoryOpening: 1, inventoryClosing: 1 });
    expect(r).toEqual({ dso: null, dpo: null, dio: null, cashConversionCycle: null });
  });
});
