import * as Plot from '@observablehq/plot';
import type { FunnelStageRow } from './funnel-conversion.js';

/** Days a finished stay in each stage lasted: the median as a bar, the 90th percentile as a tick. */
export function daysInStage(stages: readonly FunnelStageRow[], { width, height }: { width: number; height: number }): Element {
  const timed = stages.filter((s) => s.median_days !== null);
  return Plot.plot({
    width, height, marginLeft: 120, marginRight: 24,
    x: { label: 'days in stage (bar: median, tick: 90th percentile)', grid: true },
    y: { label: null, domain: timed.map((s) => s.stage_name) },
    marks: [
      Plot.barX(timed, { x: 'median_days', y: 'stage_name', fill: 'var(--accent)', fillOpacity: 0.8 }),
      Plot.tickX(timed.filter((s) => s.p90_days !== null), { x: 'p90_days', y: 'stage_name', stroke: 'currentColor', strokeWidth: 2 }),
      Plot.ruleX([0]),
    ],
  });
}
