import { addDays } from 'date-fns';

/** Business dates are 'YYYY-MM-DD' strings in every area; this is the one date arithmetic. */
export const addDaysIso = (date: string, days: number) => addDays(new Date(`${date}T00:00:00Z`), days).toISOString().slice(0, 10);
