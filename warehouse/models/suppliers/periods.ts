/**
 * Scorecard periods: calendar months ('2024-03') or quarters ('2024-Q1'), from ISO dates.
 */
export type Grain = 'month' | 'quarter';

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDay(text: string): boolean {
  if (!ISO_DAY.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** The period holding `day` ('YYYY-MM-DD'). */
export function periodOf(day: string, grain: Grain): string {
  const year = day.slice(0, 4);
  const month = Number(day.slice(5, 7));
  return grain === 'month' ? day.slice(0, 7) : `${year}-Q${Math.floor((month - 1) / 3) + 1}`;
}

/** A month 'YYYY-MM' (as statements name theirs) mapped to the period of the grain. */
export function periodOfMonth(month: string, grain: Grain): string {
  return periodOf(`${month}-01`, grain);
}

/** Sequence number of a period: consecutive periods differ by 1. */
export function periodIndex(period: string, grain: Grain): number {
  const year = Number(period.slice(0, 4));
  return grain === 'month' ? year * 12 + Number(period.slice(5, 7)) - 1 : year * 4 + Number(period.slice(6)) - 1;
}

export function periodFromIndex(index: number, grain: Grain): string {
  const per = grain === 'month' ? 12 : 4;
  const year = Math.floor(index / per);
  const n = index - year * per + 1;
  return grain === 'month' ? `${year}-${String(n).padStart(2, '0')}` : `${year}-Q${n}`;
}

/** Every period from the one holding `from` to the one holding `to`, in order. */
export function periodsBetween(from: string, to: string, grain: Grain): string[] {
  const first = periodIndex(periodOf(from, grain), grain);
  const last = periodIndex(periodOf(to, grain), grain);
  const out: string[] = [];
  for (let i = first; i <= last; i++) out.push(periodFromIndex(i, grain));
  return out;
}

/** Last day of a period, 'YYYY-MM-DD'. */
export function periodEnd(period: string, grain: Grain): string {
  const index = periodIndex(period, grain) + 1;
  const next = periodFromIndex(index, grain);
  const firstMonthOfNext = grain === 'month' ? next : `${next.slice(0, 4)}-${String((Number(next.slice(6)) - 1) * 3 + 1).padStart(2, '0')}`;
  const d = new Date(`${firstMonthOfNext}-01T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
