import { describe, expect, it } from 'vitest';
import { cashFlowStatement, classifyForCashFlow } from './cash-flow.js';
import { periodLedger } from './ledger.js';
import { ACCOUNTS, LINES } from './test-fixture.js';

describe('cashFlowStatement', () => {
  it('explains the change in cash from the result by the indirect method', () => {
    const cf = cashFlowStatement(periodLedger(LINES, ACCOUNTS, '2024-02-01', '2024-02-29'));
    expect(cf.netIncome).toBe(250);
    expect(cf.workingCapital.map((l) => [l.account, l.amount])).toEqual([['1200', 100], ['1300', 150], ['2100', -300]]);
    expect(cf.operating).toBe(200);
    expect(cf.investingLines.map((l) => [l.account, l.amount])).toEqual([['1500', -200]]);
    expect(cf.financingLines.map((l) => [l.account, l.amount])).toEqual([['2500', 150], ['3200', -50]]);
    expect(cf).toMatchObject({ investing: -200, financing: 100, netChange: 100, cashOpening: 1000, cashClosing: 1100 });
  });

  it('treats opening balances taken on as a non-cash item', () => {
    const accounts = [...ACCOUNTS, { code: '3300', name: 'Opening balances', type: 'equity' as const, parent: '3000', roles: ['opening_balances'] }];
    const lines = [...LINES, { date: '2024-02-03', account: '1300', debit: 70, credit: 0 }, { date: '2024-02-03', account: '3300', debit: 0, credit: 70 }];
    const cf = cashFlowStatement(periodLedger(lines, accounts, '2024-02-01', '2024-02-29'));
    expect(cf.nonCashItems).toEqual([{ account: '3300', name: 'Opening balances', amount: 70 }]);
    expect(cf.workingCapital.find((l) => l.account === '1300')!.amount).toBe(80);
    expect(cf.netChange).toBe(100);
  });

  it('classifies by role, then override, then type', () => {
    const equipment = ACCOUNTS.find((a) => a.code === '1500')!;
    expect(classifyForCashFlow(ACCOUNTS.find((a) => a.code === '1100')!)).toBe('cash');
    expect(classifyForCashFlow(equipment)).toBe('investing');
    expect(classifyForCashFlow(equipment, { '1500': 'working_capital' })).toBe('working_capital');
    expect(classifyForCashFlow(ACCOUNTS.find((a) => a.code === '2500')!)).toBe('financing');
  });
});
