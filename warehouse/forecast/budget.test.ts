import { describe, expect, it } from 'vitest';
import { budgetProposals, nextQuarter, quarterMonths, spread, type RunRate } from './budget.js';

describe('nextQuarter and spread', () => {
  it('finds the quarter after the one holding the day, across a year end', () => {
    expect(nextQuarter('2025-05-10')).toEqual({ quarter: '2025-Q3', months: ['2025-07', '2025-08', '2025-09'] });
    expect(nextQuarter('2025-12-30')).toEqual({ quarter: '2026-Q1', months: ['2026-01', '2026-02', '2026-03'] });
  });
  it('spreads a total in whole units, the last month taking the remainder', () => {
    expect(spread(100, ['a', 'b', 'c'])).toEqual([{ month: 'a', amount: 33 }, { month: 'b', amount: 33 }, { month: 'c', amount: 34 }]);
    expect(spread(-7, ['a', 'b', 'c']).reduce((s, m) => s + m.amount, 0)).toBe(-7);
  });
});

describe('budgetProposals', () => {
  const rate = (month: string, accountCode: string, costCenter: string | null, amount: number, kind: 'revenue' | 'cogs' | 'other' = 'other'): RunRate =>
    ({ month, accountCode, costCenter, amount, isRevenue: kind === 'revenue', isCogs: kind === 'cogs' });
  const months = ['2025-10', '2025-11', '2025-12'];
  const rates = months.flatMap((m) => [rate(m, '4000', null, 1000, 'revenue'), rate(m, '5000', null, 600, 'cogs'), rate(m, '6100', 'SALES', 200), rate(m, '6100', 'OPS', 100)]);

  it('scales revenue to the forecast, keeps the margin, and carries other expenses at their run rate, per cost centre', () => {
    const proposals = budgetProposals(rates, 4500, '2025-12-30');
    expect(proposals.map((p) => [p.quarter, p.costCenter])).toEqual([['2026-Q1', null], ['2026-Q1', 'SALES'], ['2026-Q1', 'OPS']]);
    const total = (cc: string | null, account: string) => proposals.find((p) => p.costCenter === cc)!.lines.filter((l) => l.account === account).reduce((s, l) => s + l.amount, 0);
    expect(total(null, '4000')).toBe(4500); // the forecast, not the 3,000 run rate
    expect(total(null, '5000')).toBe(2700); // 60% of it
    expect(total('SALES', '6100')).toBe(600);
    expect(total('OPS', '6100')).toBe(300);
    expect(proposals[0]!.lines.map((l) => l.month)).toEqual(['2026-01', '2026-02', '2026-03', '2026-01', '2026-02', '2026-03']);
    expect(proposals[0]!.valueAtStake).toBe(4500 + 2700);
  });

  it('falls back to the run rate without a revenue forecast', () => {
    const [main] = budgetProposals(rates, null, '2025-12-30');
    expect(main!.lines.filter((l) => l.account === '4000').reduce((s, l) => s + l.amount, 0)).toBe(3000);
    expect(main!.rationale.revenue).toMatch(/run rate/);
  });
});

describe('quarterMonths', () => {
  it('lists the months of a quarter', () => {
    expect(quarterMonths('2026-Q1')).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(quarterMonths('2025-Q4')).toEqual(['2025-10', '2025-11', '2025-12']);
  });
});
