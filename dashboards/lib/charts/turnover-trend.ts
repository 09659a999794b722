import * as Plot from '@observablehq/plot';

export interface TurnoverMonth { month: string; scope: string; days: number; cogs: number; average_inventory: number; annual_turnover: number | null; days_of_inventory: number | null }

type Size = { width: number; height: number; label: (month: string) => string; money: (minor: number) => string };

/** Annualised inventory turnover per month as bars. */
export function turnoverTrend(months: readonly TurnoverMonth[], { width, height, label, money }: Size): Element {
  const rows = months.filter((m) => m.annual_turnover !== null);
  return Plot.plot({
    width, height, marginLeft: 48, marginBottom: 30,
    x: { type: 'band', label: null, tickFormat: label, padding: 0.2, domain: months.map((m) => m.month) },
    y: { label: 'turnover, annualised (×)', grid: true },
    marks: [
      Plot.barY(rows, {
        x: 'month', y: 'annual_turnover', fill: 'var(--accent)',
        channels: { 'cost of goods sold': (d: TurnoverMonth) => money(d.cogs), 'average stock': (d: TurnoverMonth) => money(d.average_inventory), 'days covered': 'days' },
        tip: { format: { x: (m: string) => label(m), y: (v: number) => `${v.toFixed(2)}×` } },
      }),
      Plot.ruleY([0]),
    ],
  });
}

/** Days of inventory per month as a line with dots: how many days of sales the stock covers. */
export function daysOfInventoryTrend(months: readonly TurnoverMonth[], { width, height, label }: Size): Element {
  const rows = months.filter((m) => m.days_of_inventory !== null);
  return Plot.plot({
    width, height, marginLeft: 48, marginBottom: 30,
    x: { type: 'point', label: null, tickFormat: label, domain: months.map((m) => m.month), inset: 20 },
    y: { label: 'days of inventory', grid: true, zero: true },
    marks: [
      Plot.lineY(rows, { x: 'month', y: 'days_of_inventory', stroke: 'var(--accent)', strokeWidth: 2 }),
      Plot.dot(rows, { x: 'month', y: 'days_of_inventory', fill: 'var(--accent)', r: 3.5, tip: { format: { x: (m: string) => label(m), y: (v: number) => `${Math.round(v)} days` } } }),
    ],
  });
}
