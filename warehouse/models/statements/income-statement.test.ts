import { describe, expect, it } from 'vitest';
import { incomeStatement } from './income-statement.js';
import { periodLedger } from './ledger.js';
import { ACCOUNTS, LINES } from './test-fixture.js';

describe('incomeStatement', () => {
  it('counts only what moved in the period, by top heading', () => {
    const is = incomeStatement(periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29'));
    expect(is.sections.map((s) => [s.code, s.kind, s.total, s.lines.map((l) => [l.account, l.amount])])).toEqual([
      ['4000', 'revenue', 500, [['4100', 500]]],
      ['5000', 'expense', 150, [['5100', 150]]],
      ['6000', 'expense', 100, [['6100', 100]]],
    ]);
    expect(is).toMatchObject({ revenue: 500, expenses: 250, grossProfit: 350, netIncome: 250 });
  });

  it('over the whole history adds January', () => {
    const is = incomeStatement(periodLedger(LINES, ACCOUNTS, '2024-01-01', '2024-02-29'));
    expect(is).toMatchObject({ revenue: 800, expenses: 450, grossProfit: 450, netIncome: 350 });
  });

  it('has no gross profit without a cogs account', () => {
    const accounts = ACCOUNTS.map((a) => ({ ...a, roles: (a.roles ?? []).filter((r) => r !== 'cogs') }));
    expect(incomeStatement(periodLedger(LINES, accounts, '2024-02-01', '2024-02-29')).grossProfit).toBeNull();
  });
});
