import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface CashForecastWeek { as_of: string; week_start: string; step: number; receipts: number; instalments: number; payments: number; net: number; opening_cash: number; closing_cash: number; naive_closing_cash: number; interval_level: number; closing_cash_lower: number | null; closing_cash_upper: number | null }

/** The cash balance at the end of each of the next 13 weeks with its interval, and the naive due-date balance dashed. */
export function cashForecast(weeks: readonly CashForecastWeek[], { width, height, label, format }: { width: number; height: number; label: (date: string) => string; format: (minor: number) => string }): Element {
  const data = weeks.map((w) => ({ ...w, date: new Date(`${w.week_start}T00:00:00Z`) }));
  const level = weeks[0]?.interval_level ?? null;
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginBottom: 30,
    x: { type: 'utc', label: 'week starting', tickFormat: (d: Date) => label(d.toISOString().slice(0, 10)) },
    y: { label: `closing cash${level === null ? '' : ` (band: ${Math.round(level * 100)}% interval)`}`, grid: true, tickFormat: format },
    color: { domain: ['forecast', 'if settled when due'], range: ['var(--accent)', 'var(--muted)'], legend: true },
    marks: [
      Plot.areaY(data.filter((w) => w.closing_cash_lower !== null && w.closing_cash_upper !== null), { x: 'date', y1: 'closing_cash_lower', y2: 'closing_cash_upper', fill: 'var(--accent)', fillOpacity: 0.18 }),
      Plot.lineY(data, { x: 'date', y: 'naive_closing_cash', stroke: () => 'if settled when due', strokeWidth: 1.5, strokeDasharray: '5 4' }),
      Plot.lineY(data, { x: 'date', y: 'closing_cash', stroke: () => 'forecast', strokeWidth: 1.75 }),
      Plot.dot(data, { x: 'date', y: 'closing_cash', fill: 'var(--accent)', r: 3, tip: true, channels: { week: 'step', receipts: (d: CashForecastWeek) => format(d.receipts + d.instalments), payments: (d: CashForecastWeek) => format(d.payments), closing: (d: CashForecastWeek) => format(d.closing_cash) }, title: null }),
    ],
  });
}
