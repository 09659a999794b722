import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface RatioMonth { month: string; dso: number | null; dio: number | null; dpo: number | null; cashConversionCycle: number | null }

const MEASURES = [['dso', 'DSO'], ['dio', 'DIO'], ['dpo', 'DPO'], ['cashConversionCycle', 'cash-conversion cycle']] as const;

/** Days sales outstanding, inventory outstanding, payables outstanding and the cash-conversion cycle per month. */
export function workingCapitalDays(months: readonly RatioMonth[], { width, height, label }: { width: number; height: number; label: (month: string) => string }): Element {
  const data = months.flatMap((m) => MEASURES.filter(([k]) => m[k] !== null).map(([k, name]) => ({ month: m.month, date: new Date(`${m.month}-01T00:00:00Z`), measure: name, days: m[k] as number })));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 40, marginRight: 16, marginBottom: 30,
    x: { type: 'utc', label: null, tickFormat: (d: Date) => label(d.toISOString().slice(0, 7)), ticks: Math.min(months.length, 8) },
    y: { label: 'days', grid: true, zero: true },
    color: { domain: MEASURES.map(([, n]) => n), range: ['var(--accent)', '#8e6ac8', 'var(--warn)', 'currentColor'], legend: true },
    marks: [
      Plot.ruleY([0]),
      Plot.lineY(data, { x: 'date', y: 'days', stroke: 'measure', strokeWidth: (d: { measure: string }) => (d.measure === 'cash-conversion cycle' ? 2.5 : 1.5) }),
      Plot.dot(data, { x: 'date', y: 'days', fill: 'measure', r: 2.5, tip: true }),
    ],
  });
}
