import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyAbc } from './abc.js';
import { classifyXyz } from './xyz.js';
import { inventoryPerformance, type MonthlyInventoryRow } from './performance.js';
import { reorderPoint, safetyStock } from './replenishment.js';

const SEED = { seed: 20240701, numRuns: 200 };
const RANK = { A: 0, B: 1, C: 2 } as const;

describe('inventory model properties', () => {
  it('ABC classes partition the items, class A holds at most the A share, and more value never means a lower class', () => {
    const items = fc.uniqueArray(fc.record({ itemId: fc.integer({ min: 1, max: 10_000 }), value: fc.integer({ min: 0, max: 50 }) }), { selector: (i) => i.itemId, maxLength: 40 });
    const thresholds = fc.tuple(fc.integer({ min: 1, max: 98 }), fc.integer({ min: 1, max: 99 })).filter(([a, b]) => a < b).map(([a, b]) => ({ a: a / 100, b: b / 100 }));
    fc.assert(
      fc.property(items, thresholds, (its, t) => {
        const rows = classifyAbc(its, t);
        expect(rows.map((r) => r.itemId).sort((x, y) => x - y)).toEqual(its.map((i) => i.itemId).sort((x, y) => x - y));
        const total = its.reduce((s, i) => s + i.value, 0);
        const shareOf = (cls: string[]) => rows.filter((r) => cls.includes(r.abc)).reduce((s, r) => s + r.value, 0);
        if (total > 0) {
          expect(shareOf(['A']) / total).toBeLessThanOrEqual(t.a + 1e-9);
          expect(shareOf(['A', 'B']) / total).toBeLessThanOrEqual(t.b + 1e-9);
        }
        for (const x of rows) for (const y of rows) if (x.value > y.value) expect(RANK[x.abc]).toBeLessThanOrEqual(RANK[y.abc]);
      }),
      SEED,
    );
  });

  it('safety stock and reorder point never fall as the service level rises', () => {
    const x = fc.record({
      meanDemand: fc.double({ min: 0, max: 1000, noNaN: true }),
      sdDemand: fc.double({ min: 0, max: 500, noNaN: true }),
      meanLeadTime: fc.double({ min: 0, max: 60, noNaN: true }),
      sdLeadTime: fc.double({ min: 0, max: 30, noNaN: true }),
    });
    const levels = fc.tuple(fc.double({ min: 0.5, max: 0.999, noNaN: true }), fc.double({ min: 0.5, max: 0.999, noNaN: true })).map(([p, q]) => [Math.min(p, q), Math.max(p, q)] as const);
    fc.assert(
      fc.property(x, levels, (d, [low, high]) => {
        const lo = safetyStock(d, low);
        const hi = safetyStock(d, high);
        expect(Number.isFinite(hi)).toBe(true);
        expect(lo).toBeGreaterThanOrEqual(0);
        expect(hi).toBeGreaterThanOrEqual(lo - 1e-9 * Math.max(1, lo));
        expect(reorderPoint(d, high)).toBeGreaterThanOrEqual(reorderPoint(d, low) - 1e-9 * Math.max(1, reorderPoint(d, low)));
      }),
      SEED,
    );
  });

  it('XYZ classes do not change when demand is scaled', () => {
    const series = fc.array(fc.integer({ min: 0, max: 100 }), { minLength: 0, maxLength: 20 });
    fc.assert(
      fc.property(series, fc.integer({ min: 2, max: 9 }), (demand, k) => {
        const [a] = classifyXyz([{ itemId: 1, demand }]);
        const [b] = classifyXyz([{ itemId: 1, demand: demand.map((d) => d * k) }]);
        expect(b!.xyz).toBe(a!.xyz);
        expect(b!.reason).toBe(a!.reason);
      }),
      SEED,
    );
  });

  it('company figures are the sums of the item figures, and no ratio is NaN or infinite', () => {
    const row = fc.record({
      month: fc.constantFrom('2024-01', '2024-02', '2024-03', '2024-04'),
      itemId: fc.integer({ min: 1, max: 5 }),
      warehouseId: fc.integer({ min: 1, max: 2 }),
      category: fc.constantFrom('RAW', 'FIN'),
      valueDays: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10_000_000 })),
      cogs: fc.oneof(fc.constant(0), fc.integer({ min: -1000, max: 1_000_000 })),
      netRevenue: fc.integer({ min: 0, max: 2_000_000 }),
    }) as fc.Arbitrary<MonthlyInventoryRow>;
    const window = { from: '2024-01-10', to: '2024-04-20' };
    fc.assert(
      fc.property(fc.array(row, { maxLength: 30 }), fc.constantFrom('month', 'quarter', 'year') as fc.Arbitrary<'month' | 'quarter' | 'year'>, (rows, grain) => {
        const items = inventoryPerformance(rows, { grain, dimension: 'item', window });
        const company = inventoryPerformance(rows, { grain, dimension: 'company', window });
        for (const c of company) {
          const members = items.filter((i) => i.period === c.period);
          expect(c.cogs).toBe(members.reduce((s, i) => s + i.cogs, 0));
          expect(c.grossMargin).toBe(members.reduce((s, i) => s + i.grossMargin, 0));
        }
        for (const r of [...items, ...company]) {
          for (const v of [r.turnover, r.annualTurnover, r.daysOfInventory, r.gmroi]) expect(v === null || Number.isFinite(v)).toBe(true);
        }
      }),
      SEED,
    );
  });
});
