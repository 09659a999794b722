import { badInput, isoDay, wholeNumber } from './validate.js';

/**
 * Stockout days per item and warehouse from daily closing stock and daily demand.
 *
 * A day is a stockout day when it ends with nothing on hand (on hand ≤ 0) and either
 *  - demand existed that day (a customer ordered the item from that warehouse), or
 *  - the pair normally stocks the item: it ended at least `normallyStockedShare` (default 0.5)
 *    of its observed days with stock on hand. Items kept only to order (usually at zero) are so
 *    not charged with stockouts on days nobody asked for them.
 * Days are those the caller observed for the pair (fact_inventory_daily: from its first move).
 */
export interface DailyStockDemand {
  itemId: number;
  warehouseId: number;
  date: string;
  onHandQty: number;
  /** Quantity ordered by customers that day from this warehouse (0 when none). */
  demandQty: number;
}

export interface StockoutRow {
  itemId: number;
  warehouseId: number;
  observedDays: number;
  /** Days ending with stock on hand. */
  stockedDays: number;
  zeroStockDays: number;
  /** Zero-stock days on which demand existed. */
  zeroStockDaysWithDemand: number;
  normallyStocked: boolean;
  stockoutDays: number;
  /** stockoutDays ÷ observedDays (observedDays is never 0 for a listed pair). */
  stockoutShare: number;
}

/** Stockout days folded one day at a time: what stockoutDays computes, for days read in chunks. */
export interface StockoutFold {
  add(day: DailyStockDemand): void;
  rows(): StockoutRow[];
}

export function stockoutFold(options: { normallyStockedShare?: number } = {}): StockoutFold {
  const normal = options.normallyStockedShare ?? 0.5;
  if (!(normal > 0 && normal <= 1)) throw badInput('normallyStockedShare', `normallyStockedShare must be in (0, 1], got ${normal}`);
  const pairs = new Map<string, { itemId: number; warehouseId: number; dates: Set<string>; stocked: number; zero: number; zeroWithDemand: number }>();
  let i = 0;
  return {
    add(d) {
      const at = i++;
      wholeNumber(d.itemId, `days.${at}.itemId`);
      wholeNumber(d.warehouseId, `days.${at}.warehouseId`);
      isoDay(d.date, `days.${at}.date`);
      wholeNumber(d.onHandQty, `days.${at}.onHandQty`);
      if (!Number.isFinite(d.demandQty) || d.demandQty < 0) throw badInput(`days.${at}.demandQty`, `days.${at}.demandQty must be ≥ 0, got ${String(d.demandQty)}`);
      const key = `${d.itemId}/${d.warehouseId}`;
      let p = pairs.get(key);
      if (!p) pairs.set(key, (p = { itemId: d.itemId, warehouseId: d.warehouseId, dates: new Set<string>(), stocked: 0, zero: 0, zeroWithDemand: 0 }));
      if (p.dates.has(d.date)) throw badInput(`days.${at}.date`, `item ${d.itemId} in warehouse ${d.warehouseId} has two rows for ${d.date}`);
      p.dates.add(d.date);
      if (d.onHandQty > 0) p.stocked += 1;
      else {
        p.zero += 1;
        if (d.demandQty > 0) p.zeroWithDemand += 1;
      }
    },
    rows: () =>
      [...pairs.values()]
        .map((p) => {
          const observedDays = p.dates.size;
          const normallyStocked = p.stocked / observedDays >= normal;
          const stockout = normallyStocked ? p.zero : p.zeroWithDemand;
          return {
            itemId: p.itemId,
            warehouseId: p.warehouseId,
            observedDays,
            stockedDays: p.stocked,
            zeroStockDays: p.zero,
            zeroStockDaysWithDemand: p.zeroWithDemand,
            normallyStocked,
            stockoutDays: stockout,
            stockoutShare: stockout / observedDays,
          };
        })
        .sort((a, b) => a.itemId - b.itemId || a.warehouseId - b.warehouseId),
  };
}

export function stockoutDays(days: readonly DailyStockDemand[], options: { normallyStockedShare?: number } = {}): StockoutRow[] {
  const fold = stockoutFold(options);
  for (const d of days) fold.add(d);
  return fold.rows();
}
