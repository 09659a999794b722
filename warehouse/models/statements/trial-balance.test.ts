import { describe, expect, it } from 'vitest';
import { periodLedger } from './ledger.js';
import { statementTrialBalance } from './trial-balance.js';
import { StatementInvariantError } from './types.js';
import { ACCOUNTS, LINES } from './test-fixture.js';

describe('statementTrialBalance', () => {
  it('gives every used account its closing balance on its side, totals agreeing', () => {
    const tb = statementTrialBalance(periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29'));
    expect(tb.rows.map((r) => [r.account, r.debit, r.credit])).toEqual([
      ['1100', 1100, 0], ['1200', 200, 0], ['1300', 50, 0], ['1500', 200, 0],
      ['2100', 0, 100], ['2500', 0, 150], ['3100', 0, 1000], ['3200', 50, 0],
      ['4100', 0, 800], ['5100', 350, 0], ['6100', 100, 0],
    ]);
    expect(tb).toMatchObject({ asOf: '2024-02-29', totalDebit: 2050, totalCredit: 2050, balanced: true });
  });

  it('refuses a ledger that does not balance', () => {
    const ledger = periodLedger(LINES.slice(0, -1), ACCOUNTS, '2024-02-01', '2024-03-31');
    expect(() => statementTrialBalance(ledger)).toThrow(StatementInvariantError);
  });
});

describe('minor', () => {
  it('takes exact integers in any form the warehouse returns, and refuses the rest', async () => {
    const { minor } = await import('./types.js');
    expect([minor(12), minor(12n), minor('-12'), minor(null)]).toEqual([12, 12, -12, 0]);
    for (const bad of [1.5, '1.5', 2n ** 60n, '9007199254740993', {}]) expect(() => minor(bad)).toThrow(RangeError);
  });
});
