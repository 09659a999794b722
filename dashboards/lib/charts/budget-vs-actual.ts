import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface BudgetMonth { month: string; type: string; budget: number; actual: number }

/** Budgeted lines per month: actual as a bar, budget as a tick, revenue and expenses apart. */
export function budgetVsActual(months: readonly BudgetMonth[], { width, height, label, format }: { width: number; height: number; label: (month: string) => string; format: (minor: number) => string }): Element {
  const types = [...new Set(months.map((m) => m.type))];
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginBottom: 30,
    // One panel per account type; with only expenses budgeted (the usual case) no panel label is needed.
    fx: { domain: types, label: null, axis: types.length > 1 ? 'top' : null, tickFormat: (t: string) => (t === 'revenue' ? 'revenue' : 'expenses') },
    x: { type: 'band', label: null, tickFormat: label, padding: 0.2 },
    y: { label: 'actual (bar) against budget (tick)', grid: true, tickFormat: format },
    color: { domain: ['within budget', 'over budget'], range: ['var(--good)', 'var(--bad)'], legend: true },
    marks: [
      Plot.barY(months, { fx: 'type', x: 'month', y: 'actual', fill: (d: BudgetMonth) => ((d.type === 'revenue' ? d.actual >= d.budget : d.actual <= d.budget) ? 'within budget' : 'over budget'), fillOpacity: 0.8, tip: true, channels: { budget: (d: BudgetMonth) => format(d.budget), actual: (d: BudgetMonth) => format(d.actual) }, title: null }),
      Plot.tickY(months, { fx: 'type', x: 'month', y: 'budget', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.ruleY([0]),
    ],
  });
}
