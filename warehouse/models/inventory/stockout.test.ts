import { describe, expect, it } from 'vitest';
import { stockoutDays, type DailyStockDemand } from './stockout.js';

const days = (itemId: number, onHand: number[], demand: number[]): DailyStockDemand[] =>
  onHand.map((q, i) => ({ itemId, warehouseId: 1, date: `2024-01-0${i + 1}`, onHandQty: q, demandQty: demand[i]! }));

describe('stockoutDays', () => {
  it('counts every zero day of a normally stocked item, and only days with demand otherwise', () => {
    const rows = stockoutDays([
      // Stocked 2 of 4 days (50 %: normally stocked): both zero days count, one of them with demand.
      ...days(1, [5, 0, 0, 3], [0, 0, 2, 0]),
      // Stocked 1 of 4 days: only the zero day with demand counts.
      ...days(2, [0, 0, 0, 1], [1, 0, 0, 0]),
    ]);
    expect(rows).toEqual([
      { itemId: 1, warehouseId: 1, observedDays: 4, stockedDays: 2, zeroStockDays: 2, zeroStockDaysWithDemand: 1, normallyStocked: true, stockoutDays: 2, stockoutShare: 0.5 },
      { itemId: 2, warehouseId: 1, observedDays: 4, stockedDays: 1, zeroStockDays: 3, zeroStockDaysWithDemand: 1, normallyStocked: false, stockoutDays: 1, stockoutShare: 0.25 },
    ]);
  });

  it('takes the normally-stocked share as an option and refuses a duplicate day', () => {
    expect(stockoutDays(days(2, [0, 0, 0, 1], [1, 0, 0, 0]), { normallyStockedShare: 0.25 })[0]!.stockoutDays).toBe(3);
    expect(() => stockoutDays([...days(1, [1], [0]), ...days(1, [1], [0])])).toThrow(/two rows/);
    expect(() => stockoutDays([], { normallyStockedShare: 0 })).toThrow(/normallyStockedShare/);
    expect(stockoutDays([])).toEqual([]);
  });
});
