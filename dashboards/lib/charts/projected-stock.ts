import * as Plot from '@observablehq/plot';

/** Projected stock at the end of each week without the suggested order, against safety stock. */
export function projectedStock(weeks: readonly { week: number; stock: number }[], { width, height, safetyStock }: { width: number; height: number; safetyStock: number | null }): Element {
  return Plot.plot({
    width, height, marginLeft: 36, marginBottom: 28,
    x: { label: 'weeks ahead', tickFormat: 'd' },
    y: { label: 'units on hand', grid: true },
    marks: [
      Plot.ruleY([0], { stroke: 'var(--muted)' }),
      ...(safetyStock === null ? [] : [Plot.ruleY([safetyStock], { stroke: 'var(--bad)', strokeDasharray: '4 3' }), Plot.text([safetyStock], { y: (d: number) => d, frameAnchor: 'right', dy: -6, text: () => 'safety stock', fill: 'var(--bad)' })]),
      Plot.lineY(weeks, { x: 'week', y: 'stock', stroke: 'currentColor', strokeWidth: 1.5 }),
      Plot.dot(weeks, { x: 'week', y: 'stock', fill: (d: { stock: number }) => (safetyStock !== null && d.stock < safetyStock ? 'below' : 'ok'), r: 2.5 }),
    ],
    color: { domain: ['ok', 'below'], range: ['currentColor', 'var(--bad)'] },
  });
}
