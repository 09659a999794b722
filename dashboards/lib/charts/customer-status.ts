import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export const CUSTOMER_STATUSES = ['active', 'due to reorder', 'at risk'] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
/** The colours of the statuses, the same on every customer chart. */
export const STATUS_COLOURS = ['var(--accent)', 'var(--warn)', 'var(--bad)'];

export interface CustomerStatusRow { region: string; status: CustomerStatus; customers: number; expected_orders_13w: number; clv_52w: number }

/** Customers per region as stacked bars, one segment per forecast status; a mark's datum is its row. */
export function customerStatus(rows: readonly CustomerStatusRow[], { width, height, money }: { width: number; height: number; money: (minor: number) => string }): Element {
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: 56, marginRight: 16, marginBottom: 36,
    x: { label: 'customers', grid: true },
    y: { label: null },
    color: { domain: CUSTOMER_STATUSES, range: STATUS_COLOURS, legend: true },
    marks: [
      Plot.barX(rows, Plot.stackX({
        x: 'customers', y: 'region', fill: 'status', order: [...CUSTOMER_STATUSES], inset: 0.5,
        channels: { 'expected orders (13 w)': (d: CustomerStatusRow) => d.expected_orders_13w.toFixed(1), 'value (52 w)': (d: CustomerStatusRow) => money(d.clv_52w) },
        tip: { format: { fill: true, y: true, x: true } },
      })),
      Plot.ruleX([0]),
    ],
  });
}
