import * as Plot from '@observablehq/plot';

export interface CustomerMonth { month: string; revenue: number; gross_margin: number; orders: number }

/** One customer's revenue per month as bars, its gross margin as a tick on each bar. */
export function customerRevenue(months: readonly CustomerMonth[], { width, height, label, money }: { width: number; height: number; label: (month: string) => string; money: (minor: number) => string }): Element {
  const every = Math.max(1, Math.ceil(months.length / Math.max(1, Math.floor(width / 70))));
  return Plot.plot({
    width, height, marginLeft: 64, marginBottom: 30,
    x: { type: 'band', label: null, tickFormat: (m: string, i: number) => (i % every === 0 ? label(m) : ''), padding: 0.15 },
    y: { label: 'net revenue (bar) and gross margin (tick)', grid: true, tickFormat: money },
    marks: [
      Plot.barY(months, {
        x: 'month', y: 'revenue', fill: 'var(--accent)',
        channels: { margin: (d: CustomerMonth) => money(d.gross_margin), orders: 'orders' },
        tip: { format: { x: (m: string) => label(m), y: (v: number) => money(v) } },
      }),
      Plot.tickY(months, { x: 'month', y: 'gross_margin', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
}
