import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface RevenueMonth { month: string; revenue: number; gross_margin: number; period: 'prior period' | 'period' }

/** Revenue per month as bars (the prior period paler), gross margin as a tick on each bar; a bar's tip names the month, so clicking it selects the month. */
export function revenueTrend(months: readonly RevenueMonth[], { width, height, label, format }: { width: number; height: number; label: (month: string) => string; format: (minor: number) => string }): Element {
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginBottom: 30,
    x: { type: 'band', label: null, tickFormat: label, padding: 0.15 },
    y: { label: 'revenue (bar) and gross margin (tick)', grid: true, tickFormat: format },
    color: { domain: ['prior period', 'period'], range: ['var(--border)', 'var(--accent)'], legend: true },
    marks: [
      Plot.barY(months, { x: 'month', y: 'revenue', fill: 'period', tip: true, title: (d: RevenueMonth) => `${label(d.month)}: ${format(d.revenue)} revenue, ${format(d.gross_margin)} margin` }),
      Plot.tickY(months, { x: 'month', y: 'gross_margin', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
}
