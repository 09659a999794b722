import * as Plot from '@observablehq/plot';
import type { OutcomeShare } from '../planning-outcomes.js';

/** Per kind (a row each), the share that went well when the suggestion was taken and when it was not. */
export function planningOutcomes(shares: readonly OutcomeShare[], { width, height, percent }: { width: number; height: number; percent: (v: number) => string }): Element {
  return Plot.plot({
    width, height, marginLeft: 120, marginRight: 20,
    x: { domain: [0, 1], label: 'share that went well (no stock-out; ordered again)', tickFormat: percent, grid: true },
    y: { label: null, domain: ['taken', 'not taken'] },
    fy: { label: null, tickFormat: (k: string) => k.replace('_', '-') },
    color: { domain: ['taken', 'not taken'], range: ['var(--accent)', 'var(--muted)'] },
    marks: [
      Plot.barX(shares, { x: 'share', y: 'decision', fy: 'kind', fill: 'decision', tip: true, title: (d: OutcomeShare) => `${d.kind.replace('_', '-')}, ${d.decision}: ${d.good} of ${d.measured} (${d.measure})` }),
      Plot.ruleX([0]),
    ],
  });
}
