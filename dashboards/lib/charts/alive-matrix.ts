import * as Plot from '@observablehq/plot';

export interface AliveCell { repeat_orders_label: string; repeat_orders: number; weeks_since_last_label: string; weeks_since_last: number; customers: number; probability_alive: number; expected_orders_13w: number }

/**
 * The BG/NBD "probability alive" matrix: repeat orders across, weeks since the last order down,
 * each cell shaded by its customers' mean P(alive) and labelled with how many they are.
 */
export function aliveMatrix(cells: readonly AliveCell[], { width, height }: { width: number; height: number }): Element {
  const xs = [...new Map(cells.map((c) => [c.repeat_orders, c.repeat_orders_label])).entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  const ys = [...new Map(cells.map((c) => [c.weeks_since_last, c.weeks_since_last_label])).entries()].sort((a, b) => a[0] - b[0]).map(([, l]) => l);
  return Plot.plot({
    width, height: height - 52, marginLeft: 64, marginBottom: 40, marginTop: 8,
    x: { label: 'repeat orders →', domain: xs, padding: 0.06 },
    y: { label: '↓ weeks since the last order', domain: ys, padding: 0.06 },
    color: { type: 'linear', domain: [0, 1], scheme: 'RdYlBu', label: 'P(alive): mean probability the customer is still active', legend: true, tickFormat: '%' },
    marks: [
      Plot.cell(cells, {
        x: 'repeat_orders_label', y: 'weeks_since_last_label', fill: 'probability_alive', inset: 0.5,
        channels: { customers: 'customers', 'expected orders (13 w)': (d: AliveCell) => d.expected_orders_13w.toFixed(1) },
        tip: { format: { fill: (v: number) => `${Math.round(v * 100)}%`, x: true, y: true } },
      }),
      Plot.text(cells, { x: 'repeat_orders_label', y: 'weeks_since_last_label', text: (d: AliveCell) => String(d.customers), fontSize: 11, pointerEvents: 'none',
        // White on the dark ends of the scale, black on the pale middle.
        fill: (d: AliveCell) => (d.probability_alive < 0.2 || d.probability_alive > 0.8 ? 'white' : 'black') }),
    ],
  });
}
