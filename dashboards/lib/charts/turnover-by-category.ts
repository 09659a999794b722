import * as Plot from '@observablehq/plot';

export interface CategoryTurnover { category: string; category_name: string; cogs: number; average_inventory: number; annual_turnover: number | null; days_of_inventory: number | null; gmroi: number | null }

/** Annualised turnover per item category over the period, fastest first, labelled with days of inventory. */
export function turnoverByCategory(rows: readonly CategoryTurnover[], { width, height, money }: { width: number; height: number; money: (minor: number) => string }): Element {
  const turning = rows.filter((r) => r.annual_turnover !== null);
  return Plot.plot({
    width, height, marginLeft: 130, marginRight: 64, marginBottom: 36,
    x: { label: 'turnover, annualised (×) — label: days of inventory', grid: true },
    y: { label: null, domain: turning.map((r) => r.category_name) },
    marks: [
      Plot.barX(turning, {
        x: 'annual_turnover', y: 'category_name', fill: 'var(--accent)',
        channels: { 'cost of goods sold': (d: CategoryTurnover) => money(d.cogs), 'average stock': (d: CategoryTurnover) => money(d.average_inventory), GMROI: (d: CategoryTurnover) => (d.gmroi === null ? '–' : d.gmroi.toFixed(2)) },
        tip: { format: { x: (v: number) => `${v.toFixed(2)}×`, y: true } },
      }),
      Plot.text(turning, { x: 'annual_turnover', y: 'category_name', text: (d: CategoryTurnover) => (d.days_of_inventory === null ? '' : `${Math.round(d.days_of_inventory)} d`), dx: 4, textAnchor: 'start', fill: 'currentColor', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}
