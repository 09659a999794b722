import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface StockStatusRow { warehouse: string; warehouse_name: string; status: string; pairs: number; stock_value: number }

export const STOCK_STATUSES = ['active', 'slow', 'dead'] as const;

/** Stock value per warehouse split by age (active, slow, dead) as stacked bars. */
export function stockStatus(rows: readonly StockStatusRow[], { width, height, money }: { width: number; height: number; money: (minor: number) => string }): Element {
  const stocked = rows.filter((r) => (STOCK_STATUSES as readonly string[]).includes(r.status));
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 64, marginRight: 16, marginBottom: 36,
    x: { label: 'stock value', grid: true, tickFormat: money, ticks: Math.max(2, Math.floor(width / 120)) },
    y: { label: null },
    color: { domain: STOCK_STATUSES, range: ['var(--accent)', 'var(--warn)', 'var(--bad)'], legend: true },
    marks: [
      Plot.barX(stocked, Plot.stackX({
        x: 'stock_value', y: 'warehouse', fill: 'status', order: [...STOCK_STATUSES], inset: 0.5,
        channels: { warehouse: 'warehouse_name', 'item-warehouse pairs': 'pairs' },
        tip: { format: { x: (v: number) => money(v), y: false, fill: true } },
      })),
      Plot.ruleX([0]),
    ],
  });
}
