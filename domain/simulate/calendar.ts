import { addDays, differenceInCalendarDays } from 'date-fns';

/** Simulated days are counted from the company's start date; dates are ISO strings. */
export const toDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
export const iso = (date: Date) => date.toISOString().slice(0, 10);
export const dayAfter = (isoDate: string, days: number) => iso(addDays(toDate(isoDate), days));
export const daysBetween = (from: string, to: string) => differenceInCalendarDays(toDate(to), toDate(from));
export const isMonday = (isoDate: string) => toDate(isoDate).getUTCDay() === 1;
