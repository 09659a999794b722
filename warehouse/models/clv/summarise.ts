/**
 * Transaction log -> BG/NBD customer summaries (frequency, recency, T).
 *
 * Pure: the observation end is an argument, never "today". Purchases are counted per
 * calendar day — several orders on one day are one purchase occasion — because BG/NBD
 * models occasions and same-day baskets would otherwise look like an implausibly fast
 * purchase rate.
 */
import type { CustomerSummaries, CustomerSummary, TimeUnit } from './units.js';
import { DAYS_PER_UNIT, isTimeUnit } from './units.js';

export interface Transaction {
  readonly customerId: string;
  /** Calendar date of the purchase, 'YYYY-MM-DD'. */
  readonly date: string;
}

export interface SummariseOptions {
  /** Last day of the observation period, 'YYYY-MM-DD' (inclusive). */
  readonly observationEnd: string;
  readonly unit: TimeUnit;
}

export interface CustomerSummaryRow extends CustomerSummary {
  readonly customerId: string;
}

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 for a valid 'YYYY-MM-DD' date; throws otherwise. */
export function dayNumber(date: string, context: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match === null) throw new Error(`${context}: expected a date as 'YYYY-MM-DD', got ${JSON.stringify(date)}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const check = new Date(ms);
  // Date.UTC silently rolls 2023-02-30 over to March; reject instead.
  if (check.getUTCFullYear() !== y || check.getUTCMonth() !== m - 1 || check.getUTCDate() !== d) {
    throw new Error(`${context}: ${date} is not a calendar date`);
  }
  return ms / MS_PER_DAY;
}

/**
 * Per customer: frequency = distinct purchase days - 1, recency = last - first purchase
 * day, T = observationEnd - first purchase day, in `unit`. Rows are sorted by
 * customerId so the output is deterministic. Transactions after observationEnd are an
 * error (filter the calibration window first) rather than silently dropped.
 */
export function summarise(transactions: readonly Transaction[], options: SummariseOptions): CustomerSummaries<CustomerSummaryRow> {
  if (!isTimeUnit(options.unit)) throw new Error(`summarise: unknown time unit ${String(options.unit)}`);
  const end = dayNumber(options.observationEnd, 'summarise observationEnd');
  const days = new Map<string, Set<number>>();
  transactions.forEach((tx, i) => {
    if (typeof tx.customerId !== 'string' || tx.customerId === '') {
      throw new Error(`transactions[${i}].customerId must be a non-empty string, got ${JSON.stringify(tx.customerId)}`);
    }
    const day = dayNumber(tx.date, `transactions[${i}].date`);
    if (day > end) {
      throw new Error(`transactions[${i}].date ${tx.date} is after observationEnd ${options.observationEnd}`);
    }
    let set = days.get(tx.customerId);
    if (set === undefined) {
      set = new Set<number>();
      days.set(tx.customerId, set);
    }
    set.add(day);
  });
  const perUnit = DAYS_PER_UNIT[options.unit];
  const rows: CustomerSummaryRow[] = [];
  for (const [customerId, set] of days) {
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const d of set) {
      if (d < first) first = d;
      if (d > last) last = d;
    }
    rows.push({ customerId, frequency: set.size - 1, recency: (last - first) / perUnit, T: (end - first) / perUnit });
  }
  rows.sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
  return { unit: options.unit, rows };
}
