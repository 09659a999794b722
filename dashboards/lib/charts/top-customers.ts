import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';
import { CUSTOMER_STATUSES, STATUS_COLOURS, type CustomerStatus } from './customer-status.js';

export interface TopCustomer { customer_code: string; customer_name: string; region: string; clv_52w: number; probability_alive: number; expected_orders_52w: number; status: CustomerStatus }

/** The customers worth most over the next year, largest first, coloured by status; a bar's datum is its customer. */
export function topCustomers(rows: readonly TopCustomer[], { width, height, money }: { width: number; height: number; money: (minor: number) => string }): Element {
  return Plot.plot({
    width, height: height - LEGEND_HEIGHT, marginLeft: Math.min(220, Math.max(120, width * 0.3)), marginRight: 64, marginBottom: 36,
    x: { label: 'lifetime value over the next 52 weeks', grid: true, tickFormat: money, ticks: Math.max(2, Math.floor(width / 160)) },
    y: { label: null, domain: rows.map((r) => r.customer_name), tickFormat: (name: string) => (name.length > 28 ? `${name.slice(0, 27)}…` : name) },
    color: { domain: CUSTOMER_STATUSES, range: STATUS_COLOURS, legend: true },
    marks: [
      Plot.barX(rows, {
        x: 'clv_52w', y: 'customer_name', fill: 'status',
        channels: { code: 'customer_code', region: 'region', 'P(alive)': (d: TopCustomer) => `${Math.round(d.probability_alive * 100)}%`, 'expected orders (52 w)': (d: TopCustomer) => d.expected_orders_52w.toFixed(1) },
        tip: { format: { x: (v: number) => money(v), y: true, fill: true } },
      }),
      Plot.text(rows, { x: 'clv_52w', y: 'customer_name', text: (d: TopCustomer) => money(d.clv_52w), dx: 4, textAnchor: 'start', fill: 'currentColor', fontSize: 10 }),
      Plot.ruleX([0]),
    ],
  });
}
