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

export function fillRate(lines: readonly SalesLineFill[], options: FillRateOptions): FillRate {
  const asOf = isoDay(options.asOf, 'asOf');
  const promise = options.promiseDays ?? 3;
  if (!(Number.isSafeInteger(promise) && promise >= 0)) throw badInput('promiseDays', `promiseDays must be a whole number ≥ 0, got ${promise}`);
  let counted = 0;
  let ordered = 0;
  let onTime = 0;
  let complete = 0;
  lines.forEach((l, i) => {
    isoDay(l.orderDate, `lines.${i}.orderDate`);
    wholeNumber(l.orderedQty, `lines.${i}.orderedQty`);
    wholeNumber(l.deliveredQty, `lines.${i}.deliveredQty`);
    if (l.orderedQty <= 0 || l.deliveredQty < 0) throw badInput(`lines.${i}`, `lines.${i} must order a positive quantity and deliver none or more`);
    if (l.lastDeliveryDate !== null) isoDay(l.lastDeliveryDate, `lines.${i}.lastDeliveryDate`);
    if ((l.lastDeliveryDate === null) !== (l.deliveredQty === 0)) throw badInput(`lines.${i}.lastDeliveryDate`, `lines.${i} has a last delivery date exactly when it delivered something`);
    const deadline = addDays(l.orderDate, promise);
    if (l.orderStatus === 'cancelled' || deadline > asOf) return;
    counted += 1;
    ordered += l.orderedQty;
    const inTime = l.lastDeliveryDate !== null && daysBetween(l.orderDate, l.lastDeliveryDate) <= promise;
    if (inTime) {
      onTime += Math.min(l.deliveredQty, l.orderedQty);
      if (l.deliveredQty >= l.orderedQty) complete += 1;
    }
  });
  return {
    lines: counted,
    orderedQty: ordered,
    onTimeQty: onTime,
    linesCompleteOnTime: complete,
    unitFillRate: ordered > 0 ? onTime / ordered : null,
    lineFillRate: counted > 0 ? complete / counted : null,
  };
}

/** fillRate per item (and warehouse when `byWarehouse`), keyed 'item' or 'item/warehouse'. */
export function fillRateBy(lines: readonly SalesLineFill[], options: FillRateOptions & { byWarehouse?: boolean }): Map<string, FillRate> {
  const groups = new Map<string, SalesLineFill[]>();
  for (const l of lines) {
    const key = options.byWarehouse ? `${l.itemId}/${l.warehouseId}` : String(l.itemId);
    const group = groups.get(key);
    if (group) group.push(l);
    else groups.set(key, [l]);
  }
  return new Map([...groups].map(([k, ls]) => [k, fillRate(ls, options)]));
}
