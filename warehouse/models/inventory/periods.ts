import { addDays, daysBetween, type DateWindow } from '../statements/periods.js';
import { badInput, isoDay } from './validate.js';

/** Reporting grains for inventory ratios; all are built from calendar months. */
export type InventoryGrain = 'month' | 'quarter' | 'year';

/** The period a month ('YYYY-MM') belongs to: '2024-03', '2024-Q1' or '2024'. */
export function periodOfMonth(month: string, grain: InventoryGrain): string {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw badInput('month', `month must be YYYY-MM, got ${String(month)}`);
  if (grain === 'month') return month;
  if (grain === 'year') return month.slice(0, 4);
  return `${month.slice(0, 4)}-Q${Math.floor((Number(month.slice(5, 7)) - 1) / 3) + 1}`;
}

/** First and last day of a period key made by periodOfMonth. */
export function periodBounds(period: string, grain: InventoryGrain): DateWindow {
  const year = period.slice(0, 4);
  const lastDay = (y: string, m: number) => new Date(Date.UTC(Number(y), m, 0)).toISOString().slice(0, 10);
  if (grain === 'month') return { from: `${period}-01`, to: lastDay(year, Number(period.slice(5, 7))) };
  if (grain === 'year') return { from: `${year}-01-01`, to: `${year}-12-31` };
  const q = Number(period.slice(6));
  return { from: `${year}-${String(q * 3 - 2).padStart(2, '0')}-01`, to: lastDay(year, q * 3) };
}

/**
 * Days of a period inside the observed window (both inclusive); 0 when they do not overlap.
 * Averages and days-of-inventory use these days, so a window that starts or ends mid-period
 * gives the period's figures over the days actually observed rather than diluting them.
 */
export function observedDays(period: DateWindow, window: DateWindow): number {
  const from = period.from > window.from ? period.from : window.from;
  const to = period.to < window.to ? period.to : window.to;
  return to < from ? 0 : daysBetween(from, to) + 1;
}

export function checkWindow(window: DateWindow, field = 'window'): DateWindow {
  isoDay(window.from, `${field}.from`);
  isoDay(window.to, `${field}.to`);
  if (window.to < window.from) throw badInput(field, `${field} ends (${window.to}) before it starts (${window.from})`);
  return window;
}

export { addDays, daysBetween, type DateWindow };
