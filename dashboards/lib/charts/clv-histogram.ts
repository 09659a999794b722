import * as Plot from '@observablehq/plot';

export interface ClvBin { bin: number; clv_from: number; clv_to: number; open_ended: boolean; customers: number; at_risk: number; clv_total: number }

/** How many customers have each lifetime value (bins of the server's choosing; the last one open-ended). */
export function clvHistogram(bins: readonly ClvBin[], { width, height, money }: { width: number; height: number; money: (minor: number) => string }): Element {
  const range = (d: ClvBin) => (d.open_ended ? `${money(d.clv_from)} and more` : `${money(d.clv_from)} – ${money(d.clv_to)}`);
  return Plot.plot({
    width, height, marginLeft: 44, marginBottom: 36, marginRight: 16,
    x: { label: 'lifetime value over the next 52 weeks (last bar: and more)', zero: true, tickFormat: money, ticks: Math.max(2, Math.floor(width / 110)) },
    y: { label: 'customers', grid: true },
    marks: [
      Plot.rectY(bins, {
        x1: 'clv_from', x2: 'clv_to', y: 'customers', fill: 'var(--accent)', inset: 1,
        channels: { value: range, 'of them at risk': 'at_risk', 'their total': (d: ClvBin) => money(d.clv_total) },
        tip: { format: { x1: false, x2: false, y: true } },
      }),
      Plot.ruleY([0]),
    ],
  });
}
