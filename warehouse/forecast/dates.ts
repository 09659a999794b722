import { addDaysIso } from '../../domain/kernel/dates.js';
import { daysBetween } from '../models/statements/periods.js';

/** Date arithmetic of the forecasts, on 'YYYY-MM-DD' strings in UTC; weeks start on Monday. */
export { addDaysIso, daysBetween };

/** Monday of the ISO week containing `date`. */
export function mondayOf(date: string): string {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return addDaysIso(date, -((weekday + 6) % 7));
}

/** 'YYYY-MM-DD' → YYYYMMDD, the warehouse's date keys. */
export const dateKey = (date: string) => Number(date.replaceAll('-', ''));
