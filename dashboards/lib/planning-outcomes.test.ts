import { describe, expect, it } from 'vitest';
import { kindSummaries, outcomeShares, type OutcomeMonth } from './planning-outcomes.js';

const row = (kind: string, f: Partial<OutcomeMonth>): OutcomeMonth => ({
  month: '2025-01', kind, decided: 0, accepted: 0, modified: 0, rejected: 0, measured: 0, measured_accepted: 0, measured_rejected: 0,
  forecast_qty: null, actual_qty: null, in_stock_accepted: null, stockout_accepted: null, in_stock_rejected: null, stockout_rejected: null,
  ordered_again_accepted: null, ordered_again_rejected: null, budget_proposed: null, budget_actual: null, ...f,
});

describe('planning outcomes', () => {
  const rows = [
    row('replenishment', { decided: 5, accepted: 3, modified: 1, rejected: 1, measured: 4, in_stock_accepted: 2, stockout_accepted: 1, in_stock_rejected: 0, stockout_rejected: 1, forecast_qty: 100, actual_qty: 90 }),
    row('replenishment', { month: '2025-02', decided: 2, accepted: 2, measured: 2, in_stock_accepted: 2, stockout_accepted: 0, in_stock_rejected: 0, stockout_rejected: 0, forecast_qty: 50, actual_qty: 70 }),
    row('re_engagement', { decided: 4, accepted: 2, rejected: 2, measured: 4, measured_accepted: 2, measured_rejected: 2, ordered_again_accepted: 1, ordered_again_rejected: 0 }),
    row('budget', { decided: 1, accepted: 1 }),
  ];

  it('compares how suggestions taken and not taken turned out, as a ratio of sums over months', () => {
    expect(outcomeShares(rows)).toEqual([
      { kind: 're_engagement', decision: 'taken', measure: 'ordered again', good: 1, measured: 2, share: 0.5 },
      { kind: 're_engagement', decision: 'not taken', measure: 'ordered again', good: 0, measured: 2, share: 0 },
      { kind: 'replenishment', decision: 'taken', measure: 'no stock-out', good: 4, measured: 5, share: 0.8 },
      { kind: 'replenishment', decision: 'not taken', measure: 'no stock-out', good: 0, measured: 1, share: 0 },
    ]);
  });

  it('sums decisions and forecast against actual per kind, null where a kind has none', () => {
    const [budget, reEngagement, replenishment] = kindSummaries(rows);
    expect(replenishment).toMatchObject({ decided: 7, taken: 6, measured: 6, forecastQty: 150, actualQty: 160 });
    expect(reEngagement).toMatchObject({ decided: 4, taken: 2, forecastQty: null });
    expect(budget).toMatchObject({ kind: 'budget', budgetProposed: null });
  });
});
