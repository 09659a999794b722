import * as Plot from '@observablehq/plot';

/** A KPI's months as a small line with its last value marked; months without a value leave a gap. */
export function sparkline(series: readonly { month: string; value: number | null }[], { width, height }: { width: number; height: number }): Element {
  const data = series.map((d) => ({ date: new Date(`${d.month}-01T00:00:00Z`), value: d.value }));
  const last = data.filter((d) => d.value !== null).slice(-1);
  return Plot.plot({
    width, height, margin: 4, axis: null,
    y: { insetTop: 2, insetBottom: 2 },
    marks: [
      Plot.lineY(data, { x: 'date', y: 'value', stroke: 'var(--accent)', strokeWidth: 1.75, curve: 'monotone-x' }),
      Plot.dot(last, { x: 'date', y: 'value', fill: 'var(--accent)', r: 2.5 }),
    ],
  });
}
