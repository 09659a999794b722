import * as Plot from '@observablehq/plot';

/** A suggestion's weekly demand forecast: the prediction interval as a band, the point forecast as a line. */
export function forecastInterval(weeks: readonly { week: number; forecast: number; lower: number | null; upper: number | null }[], { width, height, level }: { width: number; height: number; level: number | null }): Element {
  return Plot.plot({
    width, height, marginLeft: 36, marginBottom: 28,
    x: { label: 'weeks ahead', tickFormat: 'd' },
    y: { label: level === null ? 'units' : `units (${Math.round(level * 100)}% interval)`, grid: true, zero: true },
    marks: [
      Plot.areaY(weeks.filter((d) => d.lower !== null && d.upper !== null), { x: 'week', y1: 'lower', y2: 'upper', fill: 'var(--accent)', fillOpacity: 0.18 }),
      Plot.lineY(weeks, { x: 'week', y: 'forecast', stroke: 'var(--accent)', strokeWidth: 1.5 }),
    ],
  });
}
