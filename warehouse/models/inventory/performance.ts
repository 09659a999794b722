import { gmroi, daysOfInventory, inventoryTurnover } from './ratios.js';
import { checkWindow, observedDays, periodBounds, periodOfMonth, type DateWindow, type InventoryGrain } from './periods.js';
import { badInput, sumExact, wholeNumber } from './validate.js';

/**
 * Turnover, days of inventory and GMROI per item, category, warehouse (or the whole company)
 * and month, quarter or year, from monthly stock and flow figures per item and warehouse.
 *
 * Average inventory is the mean of the daily closing stock values over the period's days inside
 * the observed window: `valueDays` (the sum of closing values over a month's days) adds up over
 * items, warehouses and months, and is divided once by the period's observed days. A pair's day
 * without a stock row counts as zero stock, which is what fact_inventory_daily means (it has a
 * row from a pair's first move to the last day any stock moved).
 */
export interface MonthlyInventoryRow {
  /** Calendar month, YYYY-MM. */
  month: string;
  itemId: number;
  warehouseId: number;
  category: string;
  /** Σ over the month's days in the window of the closing stock value, minor units × days. */
  valueDays: number;
  /** Cost of goods sold in the month (deliveries at cost less returned cost), minor units. */
  cogs: number;
  /** Net revenue in the month, minor units. */
  netRevenue: number;
}

export type InventoryDimension = 'item' | 'category' | 'warehouse' | 'company';

export interface InventoryPerformanceOptions {
  grain: InventoryGrain;
  dimension: InventoryDimension;
  /** The days the data covers (both inclusive); periods are cut to it. */
  window: DateWindow;
}

export interface InventoryPerformanceRow {
  period: string;
  /** Item id, category code, warehouse id (as text) or 'all'. */
  key: string;
  /** Days of the period inside the window. */
  days: number;
  cogs: number;
  netRevenue: number;
  /** netRevenue − cogs, minor units. */
  grossMargin: number;
  /** Mean daily closing stock value, rounded to whole minor units (the ratios use the exact mean). */
  averageInventory: number;
  /** COGS ÷ average inventory over the period (not annualised); null without average stock. */
  turnover: number | null;
  /** turnover × 365 ÷ days: the yearly rate; null with turnover. */
  annualTurnover: number | null;
  /** Average inventory ÷ COGS × days; null when COGS ≤ 0. */
  daysOfInventory: number | null;
  /** Gross margin ÷ average inventory; null without average stock. */
  gmroi: number | null;
}

function keyOf(row: MonthlyInventoryRow, dimension: InventoryDimension): string {
  if (dimension === 'item') return String(row.itemId);
  if (dimension === 'category') return row.category;
  if (dimension === 'warehouse') return String(row.warehouseId);
  return 'all';
}

export function inventoryPerformance(rows: readonly MonthlyInventoryRow[], options: InventoryPerformanceOptions): InventoryPerformanceRow[] {
  const window = checkWindow(options.window);
  if (!['month', 'quarter', 'year'].includes(options.grain)) throw badInput('grain', `grain must be month, quarter or year, got ${String(options.grain)}`);
  if (!['item', 'category', 'warehouse', 'company'].includes(options.dimension)) throw badInput('dimension', `dimension must be item, category, warehouse or company, got ${String(options.dimension)}`);
  const groups = new Map<string, { period: string; key: string; valueDays: number; cogs: number; netRevenue: number }>();
  rows.forEach((row, i) => {
    const period = periodOfMonth(row.month, options.grain);
    wholeNumber(row.cogs, `rows.${i}.cogs`);
    wholeNumber(row.netRevenue, `rows.${i}.netRevenue`);
    if (!Number.isSafeInteger(row.valueDays) || row.valueDays < 0) throw badInput(`rows.${i}.valueDays`, `rows.${i}.valueDays must be a whole number ≥ 0, got ${String(row.valueDays)}`);
    const key = keyOf(row, options.dimension);
    const id = `${period}\u0000${key}`;
    const g = groups.get(id) ?? { period, key, valueDays: 0, cogs: 0, netRevenue: 0 };
    g.valueDays = sumExact(g.valueDays, row.valueDays, 'valueDays');
    g.cogs = sumExact(g.cogs, row.cogs, 'cogs');
    g.netRevenue = sumExact(g.netRevenue, row.netRevenue, 'netRevenue');
    groups.set(id, g);
  });
  const out: InventoryPerformanceRow[] = [];
  for (const g of groups.values()) {
    const days = observedDays(periodBounds(g.period, options.grain), window);
    if (days === 0) {
      if (g.valueDays !== 0 || g.cogs !== 0 || g.netRevenue !== 0) throw badInput('rows', `period ${g.period} has figures but lies outside the window ${window.from}..${window.to}`);
      continue;
    }
    const average = g.valueDays / days;
    const grossMargin = g.netRevenue - g.cogs;
    const turnover = inventoryTurnover(g.cogs, average);
    out.push({
      period: g.period,
      key: g.key,
      days,
      cogs: g.cogs,
      netRevenue: g.netRevenue,
      grossMargin,
      averageInventory: Math.round(average),
      turnover,
      annualTurnover: turnover === null ? null : (turnover * 365) / days,
      daysOfInventory: daysOfInventory(average, g.cogs, days),
      gmroi: gmroi(grossMargin, average),
    });
  }
  return out.sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : a.key.localeCompare(b.key, 'en', { numeric: true })));
}
