import { addDays, daysBetween } from './periods.js';
import { badInput, isoDay, wholeNumber } from './validate.js';

/**
 * Fill rate from sales order lines, "on time" meaning delivered within `promiseDays` (default 3)
 * of the order date, because the warehouse keeps no promised or requested date per sales line.
 *
 * - unitFillRate: quantity delivered on time ÷ quantity ordered. A line's delivered quantity is
 *   on time when its last delivery fell on or before the deadline; a line finished late credits
 *   nothing, even if a first part came in time, since the warehouse keeps only the first and last
 *   delivery dates of a line, not the quantity of each delivery (so this is a lower bound for
 *   lines split across the deadline). Cancelled quantity counts as not filled.
 * - lineFillRate: lines shipped complete on time (delivered ≥ ordered by the deadline) ÷ lines.
 * Lines of cancelled orders are left out (nothing to fill), and so are lines whose deadline is
 * after `asOf` (they cannot be judged yet). Rates are null when no line remains.
 */
export interface SalesLineFill {
  itemId: number;
  warehouseId: number;
  orderDate: string;
  orderStatus: string;
  orderedQty: number;
  deliveredQty: number;
  lastDeliveryDate: string | null;
}

export interface FillRateOptions {
  asOf: string;
  promiseDays?: number;
}

export interface FillRate {
  lines: number;
  orderedQty: number;
  onTimeQty: number;
  linesCompleteOnTime: number;
  unitFillRate: number | null;
  lineFillRate: number | null;
}

interface Tally {
  lines: number;
  ordered: number;
  onTime: number;
  complete: number;
}

const emptyTally = (): Tally => ({ lines: 0, ordered: 0, onTime: 0, complete: 0 });

const rateOf = (t: Tally): FillRate => ({
  lines: t.lines,
  orderedQty: t.ordered,
  onTimeQty: t.onTime,
  linesCompleteOnTime: t.complete,
  unitFillRate: t.ordered > 0 ? t.onTime / t.ordered : null,
  lineFillRate: t.lines > 0 ? t.complete / t.lines : null,
});

/** Fill rates folded one line at a time, overall and per group: one fold however the lines are read. */
export interface FillRateFold {
  add(line: SalesLineFill): void;
  /** fillRate of every line added. */
  overall(): FillRate;
  /** fillRate per item (per item and warehouse with `byWarehouse`), keyed 'item' or 'item/warehouse', in order of first line. */
  byGroup(): Map<string, FillRate>;
}

/** A FillRateFold: what fillRate and fillRateBy compute, for lines read in chunks, however many. */
export function fillRateFold(options: FillRateOptions & { byWarehouse?: boolean }): FillRateFold {
  const asOf = isoDay(options.asOf, 'asOf');
  const promise = options.promiseDays ?? 3;
  if (!(Number.isSafeInteger(promise) && promise >= 0)) throw badInput('promiseDays', `promiseDays must be a whole number ≥ 0, got ${promise}`);
  const total = emptyTally();
  const groups = new Map<string, Tally>();
  let i = 0;
  return {
    add(l) {
      const at = i++;
      isoDay(l.orderDate, `lines.${at}.orderDate`);
      wholeNumber(l.orderedQty, `lines.${at}.orderedQty`);
      wholeNumber(l.deliveredQty, `lines.${at}.deliveredQty`);
      if (l.orderedQty <= 0 || l.deliveredQty < 0) throw badInput(`lines.${at}`, `lines.${at} must order a positive quantity and deliver none or more`);
      if (l.lastDeliveryDate !== null) isoDay(l.lastDeliveryDate, `lines.${at}.lastDeliveryDate`);
      if ((l.lastDeliveryDate === null) !== (l.deliveredQty === 0)) throw badInput(`lines.${at}.lastDeliveryDate`, `lines.${at} has a last delivery date exactly when it delivered something`);
      const key = options.byWarehouse ? `${l.itemId}/${l.warehouseId}` : String(l.itemId);
      let group = groups.get(key);
      if (!group) groups.set(key, (group = emptyTally()));
      const deadline = addDays(l.orderDate, promise);
      if (l.orderStatus === 'cancelled' || deadline > asOf) return;
      const inTime = l.lastDeliveryDate !== null && daysBetween(l.orderDate, l.lastDeliveryDate) <= promise;
      for (const t of [total, group]) {
        t.lines += 1;
        t.ordered += l.orderedQty;
        if (inTime) {
          t.onTime += Math.min(l.deliveredQty, l.orderedQty);
          if (l.deliveredQty >= l.orderedQty) t.complete += 1;
        }
      }
    },
    overall: () => rateOf(total),
    byGroup: () => new Map([...groups].map(([k, t]) => [k, rateOf(t)])),
  };
}

export function fillRate(lines: readonly SalesLineFill[], options: FillRateOptions): FillRate {
  const fold = fillRateFold(options);
  for (const l of lines) fold.add(l);
  return fold.overall();
}

/** fillRate per item (and warehouse when `byWarehouse`), keyed 'item' or 'item/warehouse'. */
export function fillRateBy(lines: readonly SalesLineFill[], options: FillRateOptions & { byWarehouse?: boolean }): Map<string, FillRate> {
  const fold = fillRateFold(options);
  for (const l of lines) fold.add(l);
  return fold.byGroup();
}
