import { finite, finiteAtLeast } from './validate.js';

/**
 * The three stock-productivity ratios, each over one period. Inputs are in minor units of the
 * functional currency; `averageInventory` is the mean closing stock value over the period's days.
 * A ratio whose denominator is not positive is null (never NaN or Infinity), with the meaning
 * given on each function.
 */

/** Cost of goods sold ÷ average inventory value. Null when there was no stock on average (0 ÷ 0 or cost out of nothing). */
export function inventoryTurnover(cogs: number, averageInventory: number): number | null {
  finiteAtLeast(averageInventory, 0, 'averageInventory');
  finite(cogs, 'cogs');
  return averageInventory > 0 ? cogs / averageInventory : null;
}

/**
 * Days of inventory: average inventory ÷ cost of goods sold × days in the period, i.e. how many
 * days the average stock lasts at the period's rate of use. Null when nothing was sold at cost
 * (COGS ≤ 0: the stock would last for ever, or returns exceeded sales).
 */
export function daysOfInventory(averageInventory: number, cogs: number, days: number): number | null {
  finiteAtLeast(averageInventory, 0, 'averageInventory');
  finiteAtLeast(days, 0, 'days');
  finite(cogs, 'cogs');
  return cogs > 0 ? (averageInventory / cogs) * days : null;
}

/** Gross margin return on inventory investment: gross margin ÷ average inventory cost. Null without stock on average. */
export function gmroi(grossMargin: number, averageInventory: number): number | null {
  finiteAtLeast(averageInventory, 0, 'averageInventory');
  finite(grossMargin, 'grossMargin');
  return averageInventory > 0 ? grossMargin / averageInventory : null;
}
