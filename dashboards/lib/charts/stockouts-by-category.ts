import * as Plot from '@observablehq/plot';

export interface StockoutCell { category: string; warehouse: string; stockout_days: number; observed_days: number; stockout_share: number | null; pairs_with_stockouts: number; pairs: number }

/** Share of observed days out of stock per category (down) and warehouse (across), as a shaded grid. */
export function stockoutsByCategory(cells: readonly StockoutCell[], { width, height }: { width: number; height: number }): Element {
  const rows = cells.filter((c) => c.stockout_share !== null);
  const max = Math.max(0.05, ...rows.map((c) => c.stockout_share!));
  // Shaded by the opacity of the theme's "bad" colour (a colour scale cannot interpolate CSS
  // variables), given as literal opacities.
  const shade = (d: StockoutCell) => d.stockout_share! / max;
  return Plot.plot({
    width, height, marginLeft: 110, marginTop: 28, marginBottom: 8,
    x: { axis: 'top', label: null, padding: 0.05 },
    y: { label: null, padding: 0.05 },
    marks: [
      Plot.cell(rows, {
        x: 'warehouse', y: 'category', fill: 'var(--bad)', fillOpacity: (d: StockoutCell) => 0.04 + 0.86 * shade(d), inset: 1, stroke: 'var(--border)',
        channels: { 'out of stock': (d: StockoutCell) => `${(d.stockout_share! * 100).toFixed(1)}% of days`, 'stockout days': 'stockout_days', 'days observed': 'observed_days', 'pairs that ran out': (d: StockoutCell) => `${d.pairs_with_stockouts} of ${d.pairs}` },
        tip: { format: { x: true, y: true, fillOpacity: false, stroke: false } },
      }),
      Plot.text(rows, { x: 'warehouse', y: 'category', text: (d: StockoutCell) => `${(d.stockout_share! * 100).toFixed(1)}%`, fontSize: 11, pointerEvents: 'none',
        fill: (d: StockoutCell) => (shade(d) > 0.6 ? 'var(--surface)' : 'currentColor') }),
    ],
  });
}
