import type { DateWindow } from '../../../warehouse/models/statements/index.js';
import type { Filters } from '../filters.js';
import { addMonths } from '../period.js';

/** The Finance page's dates: the period and its comparative as statement windows, and the months a budget compares over. */
export interface FinanceWindows {
  /** The period: its first day (or the day the books begin, when later) to its last (or the last posting day, when the data ends inside it). */
  current: DateWindow;
  /** The same number of months just before, as far as the books reach; null when they begin after it. */
  prior: DateWindow | null;
}

/**
 * The period as statement dates, and the period before as its comparative. `begins` (the
 * month the books begin, see ledger-months.ts) clips both: before it there is nothing to report,
 * and days without books would dilute DSO, DIO and DPO.
 */
export function statementWindows(filters: Pick<Filters, 'from' | 'to' | 'priorFrom'>, dataThrough: string | null, begins: string | null = null): FinanceWindows {
  const from = `${filters.from}-01`;
  const end = lastDayOfMonth(filters.to);
  const current = { from, to: dataThrough && dataThrough >= from && dataThrough < end ? dataThrough : end };
  const prior = { from: `${filters.priorFrom}-01`, to: dayBefore(from) };
  const begin = begins === null ? null : `${begins}-01`;
  if (begin === null || begin <= prior.from) return { current, prior };
  if (begin <= prior.to) return { current, prior: { ...prior, from: begin } };
  if (begin <= current.to) return { current: { ...current, from: begin > current.from ? begin : current.from }, prior: null };
  return { current, prior: null };
}

/**
 * The whole months of a window, for comparing with a monthly budget: a window that ends inside
 * a month (the books run only to that day) stops at the end of the month before, since the
 * month's budget assumes all of it. Null when no whole month is left; a window ending on a month
 * end is returned as it is.
 */
export function wholeMonths(w: DateWindow): DateWindow | null {
  if (w.to === lastDayOfMonth(w.to.slice(0, 7))) return w;
  const to = dayBefore(`${w.to.slice(0, 7)}-01`);
  return to < w.from ? null : { from: w.from, to };
}

/** The last day of a month YYYY-MM. */
export function lastDayOfMonth(month: string): string {
  const d = new Date(`${addMonths(month, 1)}-01T00:00:00Z`);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}
