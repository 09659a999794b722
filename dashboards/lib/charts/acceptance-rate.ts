import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface AcceptanceRow { kind: string; accepted: number; modified: number; rejected: number }

/** Planners' decisions per suggestion kind: accepted, accepted with changes, rejected. */
export function acceptanceRate(stats: readonly AcceptanceRow[], { width, height }: { width: number; height: number }): Element {
  const data = stats.flatMap((s) => [
    { kind: s.kind, decision: 'accepted', n: s.accepted },
    { kind: s.kind, decision: 'modified', n: s.modified },
    { kind: s.kind, decision: 'rejected', n: s.rejected },
  ]);
  return Plot.plot({
    // The legend sits above the plot, inside the height reserved for the chart.
    width, height: height - LEGEND_HEIGHT, marginLeft: 110,
    x: { label: 'decisions', grid: true, tickFormat: 'd' },
    y: { label: null, domain: stats.map((s) => s.kind) },
    color: { domain: ['accepted', 'modified', 'rejected'], range: ['var(--good)', 'var(--accent)', 'var(--bad)'], legend: true },
    marks: [Plot.barX(data, { x: 'n', y: 'kind', fill: 'decision' }), Plot.ruleX([0])],
  });
}
