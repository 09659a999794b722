import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { inventoryPerformance, type MonthlyInventoryRow } from './performance.js';

const JAN_FEB = { from: '2024-01-01', to: '2024-02-29' };
// Item 1 (category A, warehouse 1) holds 1 000 every day of January and 2 000 every day of
// February; item 2 (category B, warehouse 2) holds 500 through January and sells nothing.
const ROWS: MonthlyInventoryRow[] = [
  { month: '2024-01', itemId: 1, warehouseId: 1, category: 'A', valueDays: 31 * 1000, cogs: 3100, netRevenue: 5000 },
  { month: '2024-02', itemId: 1, warehouseId: 1, category: 'A', valueDays: 29 * 2000, cogs: 2900, netRevenue: 4000 },
  { month: '2024-01', itemId: 2, warehouseId: 2, category: 'B', valueDays: 31 * 500, cogs: 0, netRevenue: 0 },
];

describe('inventoryPerformance', () => {
  it('gives each item and month its average stock, turnover, days of inventory and GMROI', () => {
    const rows = inventoryPerformance(ROWS, { grain: 'month', dimension: 'item', window: JAN_FEB });
    expect(rows.map((r) => [r.period, r.key])).toEqual([['2024-01', '1'], ['2024-01', '2'], ['2024-02', '1']]);
    const [jan1, jan2, feb1] = rows;
    expect(jan1).toMatchObject({ days: 31, cogs: 3100, netRevenue: 5000, grossMargin: 1900, averageInventory: 1000, turnover: 3.1, daysOfInventory: 10, gmroi: 1.9 });
    expect(jan1!.annualTurnover).toBeCloseTo(36.5, 12); // 3.1 turns in 31 days
    expect(jan2).toMatchObject({ averageInventory: 500, turnover: 0, daysOfInventory: null, gmroi: 0 });
    expect(feb1).toMatchObject({ days: 29, averageInventory: 2000, turnover: 1.45, gmroi: 0.55 });
    expect(feb1!.daysOfInventory).toBeCloseTo(20, 12);
  });

  it('averages a quarter over the days the window observed, not the whole quarter', () => {
    const [q1] = inventoryPerformance(ROWS.slice(0, 2), { grain: 'quarter', dimension: 'item', window: JAN_FEB });
    // 89 000 value-days over the 60 observed days of Q1: 1 483.33 on average against 6 000 of COGS.
    expect(q1).toMatchObject({ period: '2024-Q1', days: 60, cogs: 6000, averageInventory: 1483 });
    expect(q1!.turnover).toBeCloseTo(6000 / (89000 / 60), 12);
    expect(q1!.daysOfInventory).toBeCloseTo((89000 / 60 / 6000) * 60, 12);
    const [year] = inventoryPerformance(ROWS, { grain: 'year', dimension: 'company', window: JAN_FEB });
    expect(year).toMatchObject({ period: '2024', key: 'all', days: 60, cogs: 6000, netRevenue: 9000, averageInventory: Math.round(104500 / 60) });
  });

  it('adds items up by category, warehouse and company before dividing', () => {
    const byCategory = inventoryPerformance(ROWS, { grain: 'month', dimension: 'category', window: JAN_FEB });
    expect(byCategory.filter((r) => r.period === '2024-01').map((r) => [r.key, r.averageInventory])).toEqual([['A', 1000], ['B', 500]]);
    const [company] = inventoryPerformance(ROWS, { grain: 'month', dimension: 'company', window: JAN_FEB });
    // January: 1 500 of stock on average against 3 100 of COGS → 15 days.
    expect(company).toMatchObject({ period: '2024-01', averageInventory: 1500, daysOfInventory: 15 });
    expect(company!.turnover).toBeCloseTo(3100 / 1500, 12);
    const byWarehouse = inventoryPerformance(ROWS, { grain: 'month', dimension: 'warehouse', window: JAN_FEB });
    expect(byWarehouse.map((r) => `${r.period}:${r.key}`)).toEqual(['2024-01:1', '2024-01:2', '2024-02:1']);
  });

  it('cuts a month to the window and gives null ratios for a month without stock', () => {
    const window = { from: '2024-01-16', to: '2024-01-31' };
    const [r] = inventoryPerformance([{ month: '2024-01', itemId: 1, warehouseId: 1, category: 'A', valueDays: 16 * 1000, cogs: 0, netRevenue: 0 }], { grain: 'month', dimension: 'item', window });
    expect(r).toMatchObject({ days: 16, averageInventory: 1000 });
    const [empty] = inventoryPerformance([{ month: '2024-01', itemId: 1, warehouseId: 1, category: 'A', valueDays: 0, cogs: 200, netRevenue: 300 }], { grain: 'month', dimension: 'item', window });
    expect(empty).toMatchObject({ turnover: null, annualTurnover: null, gmroi: null, daysOfInventory: 0 });
  });

  it('refuses figures outside the window and malformed rows', () => {
    expect(() => inventoryPerformance([{ ...ROWS[0]!, month: '2023-12' }], { grain: 'month', dimension: 'item', window: JAN_FEB })).toThrow(/outside the window/);
    expect(() => inventoryPerformance([{ ...ROWS[0]!, cogs: 1.5 }], { grain: 'month', dimension: 'item', window: JAN_FEB })).toThrow(DomainError);
    expect(() => inventoryPerformance([{ ...ROWS[0]!, valueDays: -1 }], { grain: 'month', dimension: 'item', window: JAN_FEB })).toThrow(/valueDays/);
    expect(() => inventoryPerformance(ROWS, { grain: 'week' as never, dimension: 'item', window: JAN_FEB })).toThrow(/grain/);
    expect(() => inventoryPerformance(ROWS, { grain: 'month', dimension: 'item', window: { from: '2024-03-01', to: '2024-01-01' } })).toThrow(/before it starts/);
  });
});
