import { describe, expect, it } from 'vitest';
import { cashBacktest, delayModel, forecastCash } from './cash.js';

const asOf = '2025-03-02'; // week 1 = 03-03..03-09, week 2 = 03-10..03-16, …

describe('delayModel', () => {
  it('weighs counterparties by their payments and shrinks the thinly observed toward the overall delay', () => {
    const m = delayModel(new Map([['A', { meanDays: 10, payments: 15 }], ['B', { meanDays: 0, payments: 5 }]]));
    expect(m.overall).toBeCloseTo((10 * 15) / 20, 12); // 7.5
    expect(m.of('A')).toBeCloseTo((10 * 15 + 7.5 * 5) / 20, 12);
    expect(m.of('B')).toBeCloseTo((0 + 7.5 * 5) / 10, 12);
    expect(m.of('unknown')).toBe(7.5);
    expect(delayModel(new Map()).of('x')).toBe(0);
  });
});

describe('forecastCash', () => {
  it('places each open item at its due date plus the delay, overdue ones in week 1, and runs the balance', () => {
    const weeks = forecastCash({
      asOf,
      receivables: [
        { counterparty: 'A', date: '2025-02-01', dueDate: '2025-03-03', open: 1000 }, // A pays 7 days late → 03-10, week 2
        { counterparty: 'A', date: '2025-01-01', dueDate: '2025-01-31', open: 300 }, // overdue → week 1
        { counterparty: 'A', date: '2025-03-01', dueDate: '2025-09-01', open: 999 }, // beyond 13 weeks
      ],
      payables: [{ counterparty: 'S', date: '2025-02-20', dueDate: '2025-03-12', open: 400 }], // no delay → week 2
      instalments: [{ counterparty: 'A', dueDate: '2025-03-20', amount: 50 }], // + 7 → 03-27, week 4
      customerDelays: new Map([['A', { meanDays: 7, payments: 1_000_000 }]]),
      supplierDelays: new Map(),
      openingCash: 10_000,
    });
    expect(weeks).toHaveLength(13);
    expect(weeks[0]).toMatchObject({ week_start: '2025-03-03', week_start_key: 20250303, receipts_functional: 300, naive_receipts_functional: 1300, opening_cash_functional: 10_000, closing_cash_functional: 10_300 });
    expect(weeks[1]).toMatchObject({ receipts_functional: 1000, payments_functional: 400, naive_payments_functional: 400, net_functional: 600, closing_cash_functional: 10_900 });
    expect(weeks[3]!.instalments_functional).toBe(50);
    expect(weeks.reduce((s, w) => s + w.receipts_functional, 0)).toBe(1300);
    expect(weeks[12]!.closing_cash_functional).toBe(10_000 + 1300 + 50 - 400);
  });
});

describe('cashBacktest', () => {
  it('scores both forecasts on what the invoices open at the origin brought in', () => {
    // Customer A is always paid 14 days after due; the origin's two open invoices too.
    const items = [
      { counterparty: 'A', date: '2025-02-01', dueDate: '2025-03-03', amount: 1000 },
      { counterparty: 'A', date: '2025-02-10', dueDate: '2025-03-12', amount: 500 },
      { counterparty: 'A', date: '2025-03-17', dueDate: '2025-03-17', amount: -1000 }, // week 3
      { counterparty: 'A', date: '2025-03-26', dueDate: '2025-03-26', amount: -500 }, // week 4
    ];
    const b = cashBacktest(items, asOf, new Map([['A', { meanDays: 14, payments: 1_000_000 }]]), 6);
    expect(b.actual).toEqual([0, 0, 1000, 500, 0, 0]);
    expect(b.maeDelay).toBe(0);
    expect(b.maeNaive).toBeCloseTo((1000 + 500 + 1000 + 500) / 6, 9);
    expect(b.delayBetter).toBe(true);
  });
});
