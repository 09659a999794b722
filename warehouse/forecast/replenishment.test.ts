import { describe, expect, it } from 'vitest';
import type { DemandForecast } from '../models/demand/index.js';
import { chooseSupplier, planSupply, type SupplyPosition } from './replenishment.js';

/** A series whose forecast is a flat `weekly` with no error, so every number can be worked by hand. */
function series(itemId: number, warehouseId: number, weekly: number, sigma = 0) {
  const mean = Array.from({ length: 13 }, () => weekly);
  const result = {
    method: 'constant', classification: { pattern: 'smooth', adi: 1, cv2: 0, nonZeroPeriods: 52 }, score: null, seasonalNaiveScore: null, naiveScore: null,
    candidates: [], backtest: null, forecast: { mean, lower: mean, upper: mean, level: 0.9 }, sigma,
  } as unknown as DemandForecast;
  return { itemId, warehouseId, history: [], result };
}

const position = (over: Partial<SupplyPosition>): SupplyPosition => ({
  itemId: 1, warehouseId: 1, sku: 'A', procurement: 'buy', standardCost: 500, onHand: 0, incoming: [], ...over,
});
const firstWeek = '2025-01-06'; // a Monday

describe('planSupply', () => {
  it('orders when projected stock falls below safety stock, early enough for the lead time, enough for lead time and review', () => {
    // 10 a week, 35 on hand, no safety stock (σ = 0, lead time certain): end-of-week stock 25, 15, 5, −5 → short in week 4.
    const [order] = planSupply([series(1, 1, 10)], [position({ onHand: 35 })], new Map([[1, { meanDays: 14, sdDays: 0, source: 'receipts' }]]), [
      { itemId: 1, supplierId: 7, lines: 3, lastUnitPrice: 480, currency: 'USD', meanLeadDays: 14 },
    ], new Map(), { firstWeek, serviceLevel: 0.95, reviewWeeks: 4 });
    expect(order).toMatchObject({ kind: 'replenishment', supplierId: 7, unitPrice: 480, neededBy: '2025-01-27', orderBy: '2025-01-13' });
    // Going into the short week 5 are left; cover 2 + 4 weeks = 60; 60 + 0 − 5 = 55.
    expect(order!.quantity).toBe(55);
    expect(order!.valueAtStake).toBe(55 * 500);
    expect(order!.rationale.projectedStock).toEqual([25, 15, 5, -5, -15, -25, -35, -45, -55, -65, -75, -85, -95]);
  });

  it('counts open orders in the week they are due, overdue ones in the first week, and plans nothing when covered', () => {
    const covered = position({ onHand: 20, incoming: [{ due: '2024-12-30', qty: 30, documentNo: 'PO-1' }, { due: '2025-01-22', qty: 100, documentNo: 'PO-2' }] });
    expect(planSupply([series(1, 1, 10)], [covered], new Map(), [], new Map(), { firstWeek, serviceLevel: 0.5 })).toEqual([]);
  });

  it('makes what is made, and says when it is already late', () => {
    const [order] = planSupply([series(2, 1, 10)], [position({ itemId: 2, procurement: 'make', onHand: 5 })], new Map(), [], new Map(), { firstWeek, serviceLevel: 0.95 });
    expect(order).toMatchObject({ kind: 'production', supplierId: null, neededBy: firstWeek, orderBy: firstWeek });
    expect(order!.rationale.late).toMatch(/should have been ordered by 2024-12-16/); // default 21 days for made items
  });

  it('adds the open pipeline to the forecast', () => {
    const pipeline = new Map([['1:1', [0, 0, 40]]]);
    const [order] = planSupply([series(1, 1, 10)], [position({ onHand: 45 })], new Map([[1, { meanDays: 7, sdDays: 0, source: 'receipts' }]]), [], pipeline, { firstWeek, serviceLevel: 0.5 });
    expect(order!.neededBy).toBe('2025-01-20'); // 35, 25, −25
  });

  it('holds more safety stock at a higher service level', () => {
    const plan = (level: number) => planSupply([series(1, 1, 10, 5)], [position({ onHand: 1000 })], new Map(), [], new Map(), { firstWeek, serviceLevel: level });
    expect(plan(0.5)).toEqual([]);
    const low = planSupply([series(1, 1, 10, 5)], [position({ onHand: 60 })], new Map(), [], new Map(), { firstWeek, serviceLevel: 0.8, fenceDays: 91 })[0]!;
    const high = planSupply([series(1, 1, 10, 5)], [position({ onHand: 60 })], new Map(), [], new Map(), { firstWeek, serviceLevel: 0.99, fenceDays: 91 })[0]!;
    expect(high.rationale.safetyStock as number).toBeGreaterThan(low.rationale.safetyStock as number);
    expect(high.neededBy <= low.neededBy).toBe(true);
  });
});

describe('chooseSupplier', () => {
  const o = (supplierId: number, price: number, score?: number, standing?: string) => ({ itemId: 1, supplierId, lines: 1, lastUnitPrice: price, currency: 'USD', meanLeadDays: 10, score, standing });
  it('prefers the best score, then the lowest price, and never a blocked supplier', () => {
    expect(chooseSupplier([o(1, 100), o(2, 90)])!.chosen.supplierId).toBe(2);
    expect(chooseSupplier([o(1, 100, 80), o(2, 90, 60)])!.chosen.supplierId).toBe(1);
    const pick = chooseSupplier([o(1, 100, 95, 'blocked'), o(2, 90, 60, 'watch')])!;
    expect(pick.chosen.supplierId).toBe(2);
    expect(pick.why).toMatch(/1 blocked supplier/);
    expect(chooseSupplier([o(1, 100, 95, 'blocked')])).toBeNull();
  });
});

describe('the planning time fence', () => {
  it('proposes only what must be ordered within the fence', () => {
    const plan = (fenceDays: number) => planSupply([series(1, 1, 10)], [position({ onHand: 75 })], new Map([[1, { meanDays: 7, sdDays: 0, source: 'receipts' }]]), [], new Map(), { firstWeek, serviceLevel: 0.5, fenceDays });
    // Short in week 8 (2025-02-24); ordered a week before: 2025-02-17, 42 days after the first week.
    expect(plan(14)).toEqual([]);
    expect(plan(42)[0]!.orderBy).toBe('2025-02-17');
  });
});
