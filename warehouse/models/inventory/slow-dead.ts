import { daysBetween } from './periods.js';
import { badInput, isoDay, sumExact, wholeNumber } from './validate.js';

/**
 * Slow-moving and dead stock per item and warehouse as at a day. "Movement out" means
 * consumption: deliveries to customers, issues to production and transfers out (the loader's
 * query picks those; scrap and stocktake adjustments are not use). The age is the days since the
 * last such movement, or — for stock that never moved out — since the pair first held stock.
 *
 * status: 'dead' when stock is on hand and the age is ≥ deadDays (default 180); 'slow' when on
 * hand and the age is ≥ slowDays (default 90); 'active' when on hand and younger; 'no-stock'
 * when nothing is on hand (neither slow nor dead, whatever its age). Dead stock is not also
 * counted as slow.
 */
export interface StockPosition {
  itemId: number;
  warehouseId: number;
  onHandQty: number;
  /** Stock value on the day, minor units. */
  value: number;
  /** Last day with a movement out on or before asOf; null when none. */
  lastOutDate: string | null;
  /** First day the pair held stock (its first move). */
  firstDate: string;
}

export type AgeStatus = 'active' | 'slow' | 'dead' | 'no-stock';

export interface SlowDeadOptions {
  asOf: string;
  slowDays?: number;
  deadDays?: number;
}

export interface SlowDeadRow extends StockPosition {
  /** Days since the last movement out (or since firstDate without one). */
  daysWithoutMovementOut: number;
  status: AgeStatus;
}

export interface SlowDeadSummary {
  rows: SlowDeadRow[];
  /** Per status: pairs and value, minor units. */
  totals: Record<AgeStatus, { pairs: number; value: number }>;
}

export function slowAndDeadStock(positions: readonly StockPosition[], options: SlowDeadOptions): SlowDeadSummary {
  const asOf = isoDay(options.asOf, 'asOf');
  const slowDays = options.slowDays ?? 90;
  const deadDays = options.deadDays ?? 180;
  if (!(Number.isSafeInteger(slowDays) && Number.isSafeInteger(deadDays) && slowDays > 0 && slowDays < deadDays)) {
    throw badInput('slowDays', `slowDays and deadDays must be whole days with 0 < slowDays < deadDays, got ${slowDays} and ${deadDays}`);
  }
  const totals: SlowDeadSummary['totals'] = { active: { pairs: 0, value: 0 }, slow: { pairs: 0, value: 0 }, dead: { pairs: 0, value: 0 }, 'no-stock': { pairs: 0, value: 0 } };
  const rows = positions.map((p, i): SlowDeadRow => {
    wholeNumber(p.onHandQty, `positions.${i}.onHandQty`);
    wholeNumber(p.value, `positions.${i}.value`);
    isoDay(p.firstDate, `positions.${i}.firstDate`);
    if (p.lastOutDate !== null) isoDay(p.lastOutDate, `positions.${i}.lastOutDate`);
    const since = p.lastOutDate ?? p.firstDate;
    if (since > asOf) throw badInput(`positions.${i}`, `positions.${i} has a date (${since}) after asOf ${asOf}`);
    const age = daysBetween(since, asOf);
    const status: AgeStatus = p.onHandQty <= 0 ? 'no-stock' : age >= deadDays ? 'dead' : age >= slowDays ? 'slow' : 'active';
    totals[status].pairs += 1;
    totals[status].value = sumExact(totals[status].value, p.value, `${status} value`);
    return { ...p, daysWithoutMovementOut: age, status };
  });
  return { rows, totals };
}
