import { describe, expect, it } from 'vitest';
import { ageing, bucketOf } from './ageing.js';

describe('ageing', () => {
  it('puts days past due in the usual buckets', () => {
    expect([0, -5, 1, 30, 31, 60, 61, 90, 91].map(bucketOf)).toEqual(['current', 'current', 'days1to30', 'days1to30', 'days31to60', 'days31to60', 'days61to90', 'days61to90', 'over90']);
  });

  it('applies settlements to what fell due first and ties to the balance', () => {
    const report = ageing([
      { counterparty: 'C1', date: '2024-01-01', dueDate: '2024-01-31', amount: 1000 }, // 120 days past due on 2024-05-30
      { counterparty: 'C1', date: '2024-03-01', dueDate: '2024-03-31', amount: 500 }, // 60 days
      { counterparty: 'C1', date: '2024-04-20', dueDate: '2024-05-20', amount: 300 }, // 10 days
      { counterparty: 'C1', date: '2024-05-25', dueDate: '2024-06-24', amount: 200 }, // not due
      { counterparty: 'C1', date: '2024-04-01', dueDate: '2024-04-01', amount: -1200 }, // pays the first and 200 of the second
      { counterparty: 'C1', date: '2024-06-01', dueDate: '2024-06-01', amount: -9999 }, // after the date
      { counterparty: 'C2', date: '2024-05-01', dueDate: '2024-05-01', amount: -50 }, // on account
    ], '2024-05-30');
    expect(report.rows).toEqual([
      { counterparty: 'C1', current: 200, days1to30: 300, days31to60: 300, days61to90: 0, over90: 0, unapplied: 0, total: 800 },
      { counterparty: 'C2', current: 0, days1to30: 0, days31to60: 0, days61to90: 0, over90: 0, unapplied: -50, total: -50 },
    ]);
    expect(report.totals).toEqual({ current: 200, days1to30: 300, days31to60: 300, days61to90: 0, over90: 0, unapplied: -50, total: 750 });
  });

  it('leaves out counterparties that owe nothing', () => {
    expect(ageing([{ counterparty: 'C', date: '2024-01-01', dueDate: '2024-01-31', amount: 10 }, { counterparty: 'C', date: '2024-01-02', dueDate: '2024-01-02', amount: -10 }], '2024-02-01').rows).toEqual([]);
  });
});
