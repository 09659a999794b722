import { addDays, checkWindow, daysBetween, type DateWindow } from './periods.js';
import { badInput, finiteAtLeast, isoDay } from './validate.js';

/**
 * Daily demand rows bucketed into whole weeks (Monday to Sunday) or whole calendar months inside
 * a window, zeros filled in. Only complete buckets count: a part week or month at either end of
 * the window would look like a demand drop and inflate the variability XYZ measures.
 */
export type DemandGrain = 'week' | 'month';

export interface DailyDemand {
  itemId: number;
  date: string;
  quantity: number;
}

export interface DemandBuckets {
  /** First day of each bucket, oldest first. */
  starts: string[];
  /** Per item, demand per bucket aligned with `starts`. Items are those in the input. */
  series: Map<number, number[]>;
}

export function bucketStarts(window: DateWindow, grain: DemandGrain): string[] {
  checkWindow(window);
  const starts: string[] = [];
  if (grain === 'week') {
    const weekday = (new Date(`${window.from}T00:00:00Z`).getUTCDay() + 6) % 7; // Monday = 0
    for (let s = weekday === 0 ? window.from : addDays(window.from, 7 - weekday); addDays(s, 6) <= window.to; s = addDays(s, 7)) starts.push(s);
    return starts;
  }
  if (grain !== 'month') throw badInput('grain', `grain must be week or month, got ${String(grain)}`);
  let y = Number(window.from.slice(0, 4));
  let m = Number(window.from.slice(5, 7));
  if (window.from.slice(8) !== '01') m += 1;
  for (;;) {
    if (m > 12) (y += 1), (m = 1);
    const start = `${y}-${String(m).padStart(2, '0')}-01`;
    const end = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
    if (end > window.to) return starts;
    starts.push(start);
    m += 1;
  }
}

export function demandBuckets(rows: readonly DailyDemand[], window: DateWindow, grain: DemandGrain): DemandBuckets {
  const starts = bucketStarts(window, grain);
  const series = new Map<number, number[]>();
  const last = starts.length > 0 ? (grain === 'week' ? addDays(starts.at(-1)!, 6) : new Date(Date.UTC(Number(starts.at(-1)!.slice(0, 4)), Number(starts.at(-1)!.slice(5, 7)), 0)).toISOString().slice(0, 10)) : null;
  rows.forEach((r, i) => {
    isoDay(r.date, `rows.${i}.date`);
    finiteAtLeast(r.quantity, 0, `rows.${i}.quantity`);
    if (!Number.isSafeInteger(r.itemId)) throw badInput(`rows.${i}.itemId`, `rows.${i}.itemId must be a whole number`);
    const s = series.get(r.itemId) ?? new Array<number>(starts.length).fill(0);
    series.set(r.itemId, s);
    if (last === null || r.date < starts[0]! || r.date > last) return;
    const index = grain === 'week' ? Math.floor(daysBetween(starts[0]!, r.date) / 7) : monthIndex(starts[0]!, r.date);
    s[index]! += r.quantity;
  });
  return { starts, series };
}

const monthIndex = (first: string, date: string) =>
  (Number(date.slice(0, 4)) - Number(first.slice(0, 4))) * 12 + Number(date.slice(5, 7)) - Number(first.slice(5, 7));
