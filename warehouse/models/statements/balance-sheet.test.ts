import { describe, expect, it } from 'vitest';
import { balanceSheet, equityLines } from './balance-sheet.js';
import { incomeStatement } from './income-statement.js';
import { periodLedger } from './ledger.js';
import { ACCOUNTS, LINES } from './test-fixture.js';

describe('balanceSheet', () => {
  const feb = periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29');

  it('balances with the unclosed result in equity', () => {
    const bs = balanceSheet(feb);
    expect(bs.assets.flatMap((s) => s.lines.map((l) => [l.account, l.amount]))).toEqual([['1100', 1100], ['1200', 200], ['1300', 50], ['1500', 200]]);
    expect(bs.liabilities.flatMap((s) => s.lines.map((l) => [l.account, l.amount]))).toEqual([['2100', 100], ['2500', 150]]);
    expect(bs.retainedEarnings).toEqual({ opening: 100, netIncome: 250, directPostings: -50, closing: 300 });
    expect(equityLines(bs).map((l) => l.amount)).toEqual([1000, 50, 250]);
    expect(bs).toMatchObject({ asOf: '2024-02-29', totalAssets: 1550, totalLiabilities: 250, totalEquity: 1300, balanced: true });
  });

  it('ties retained earnings to the income statements of consecutive periods', () => {
    const jan = periodLedger(LINES, ACCOUNTS, '2024-01-01', '2024-01-31');
    const janBs = balanceSheet(jan);
    const febBs = balanceSheet(feb);
    expect(janBs.retainedEarnings.netIncome).toBe(incomeStatement(jan).netIncome);
    expect(febBs.retainedEarnings.netIncome).toBe(incomeStatement(feb).netIncome);
    expect(febBs.retainedEarnings.opening).toBe(janBs.retainedEarnings.closing);
  });
});
