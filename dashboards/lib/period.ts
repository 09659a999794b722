/**
 * The Overview's period, as the URL carries it: `months` (how many months the KPIs cover, 1 to
 * 24, default 6) ending with the month `to` (YYYY-MM, default the month the data runs to). Its
 * prior period is the same number of months just before.
 */
export interface Period {
  months: number;
  /** Last month of the period, YYYY-MM. */
  to: string;
  /** First month of the period, YYYY-MM. */
  from: string;
  /** First month of the prior period, YYYY-MM. */
  priorFrom: string;
}

export const PERIOD_CHOICES = [3, 6, 12] as const;
export const DEFAULT_MONTHS = 6;

export class PeriodError extends Error {
  override readonly name = 'PeriodError';
}

export function parsePeriod(params: URLSearchParams, latestMonth: string): Period {
  const monthsText = params.get('months');
  const months = monthsText === null ? DEFAULT_MONTHS : Number(monthsText);
  if (!/^\d{1,2}$/.test(monthsText ?? '6') || !Number.isInteger(months) || months < 1 || months > 24) {
    throw new PeriodError(`months must be a whole number of months from 1 to 24, not '${monthsText}'`);
  }
  const to = params.get('to') ?? latestMonth;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(to)) throw new PeriodError(`to must be a month as YYYY-MM, not '${to}'`);
  return { months, to, from: addMonths(to, 1 - months), priorFrom: addMonths(to, 1 - 2 * months) };
}

/** YYYY-MM plus n months (n may be negative). */
export function addMonths(month: string, n: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}
