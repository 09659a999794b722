import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface IncomeMonth { month: string; period: 'period' | 'prior period'; revenue: number; expenses: number; netIncome: number }

/** Revenue up and expenses down per month, the net income as a dot; the prior period paler. */
export function incomeByMonth(months: readonly IncomeMonth[], { width, height, label, format }: { width: number; height: number; label: (month: string) => string; format: (minor: number) => string }): Element {
  const bars = months.flatMap((m) => [
    { month: m.month, period: m.period, part: 'revenue', amount: m.revenue },
    { month: m.month, period: m.period, part: 'expenses', amount: -m.expenses },
  ]);
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginBottom: 30,
    x: { type: 'band', domain: months.map((m) => m.month), label: null, tickFormat: label, padding: 0.2 },
    y: { label: 'revenue (up), expenses (down), net income (dot)', grid: true, tickFormat: format },
    color: { domain: ['revenue', 'expenses', 'net income'], range: ['var(--accent)', 'var(--bad)', 'currentColor'], legend: true },
    marks: [
      Plot.barY(bars, { x: 'month', y: 'amount', fill: 'part', fillOpacity: (d: { period: string }) => (d.period === 'period' ? 0.85 : 0.35), title: (d: { month: string; part: string; amount: number }) => `${label(d.month)} ${d.part}: ${format(Math.abs(d.amount))}` }),
      Plot.ruleY([0]),
      Plot.dot(months, { x: 'month', y: 'netIncome', fill: () => 'net income', r: 4, tip: true, channels: { 'net income': (d: IncomeMonth) => format(d.netIncome) }, title: null }),
    ],
  });
}
