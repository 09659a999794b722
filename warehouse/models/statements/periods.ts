/** Comparative periods for statements. Dates are ISO days (YYYY-MM-DD), both ends inclusive. */
export interface DateWindow {
  from: string;
  to: string;
}

const DAY = 86_400_000;
const toTime = (iso: string) => Date.parse(`${iso}T00:00:00Z`);
const toIso = (time: number) => new Date(time).toISOString().slice(0, 10);

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(toTime(value)) && toIso(toTime(value)) === value;
}

export const addDays = (iso: string, days: number) => toIso(toTime(iso) + days * DAY);
/** Days in [from, to], both inclusive. */
export const daysIn = (w: DateWindow) => Math.round((toTime(w.to) - toTime(w.from)) / DAY) + 1;
/** to − from in days. */
export const daysBetween = (from: string, to: string) => Math.round((toTime(to) - toTime(from)) / DAY);

const lastDayOfMonth = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();
const isMonthEnd = (iso: string) => Number(iso.slice(8)) === lastDayOfMonth(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)));

function addMonths(iso: string, months: number, endOfMonth: boolean): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const year = y + Math.floor(m / 12);
  const month = (((m % 12) + 12) % 12) + 1;
  const last = lastDayOfMonth(year, month);
  const day = endOfMonth ? last : Math.min(Number(iso.slice(8)), last);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The period of the same length just before: whole months (from the 1st to a month end) step
 * back by that many months, so Q2 compares with Q1 and March with February; any other window
 * steps back by its number of days.
 */
export function previousPeriod(w: DateWindow): DateWindow {
  if (w.from.endsWith('-01') && isMonthEnd(w.to)) {
    const months = (Number(w.to.slice(0, 4)) - Number(w.from.slice(0, 4))) * 12 + Number(w.to.slice(5, 7)) - Number(w.from.slice(5, 7)) + 1;
    return { from: addMonths(w.from, -months, false), to: addDays(w.from, -1) };
  }
  const n = daysIn(w);
  return { from: addDays(w.from, -n), to: addDays(w.from, -1) };
}

/** The same dates a year earlier; 29 February becomes the 28th, and a month end stays a month end. */
export function samePeriodLastYear(w: DateWindow): DateWindow {
  return { from: addMonths(w.from, -12, false), to: addMonths(w.to, -12, isMonthEnd(w.to)) };
}
