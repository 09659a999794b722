import * as Plot from '@observablehq/plot';

export interface FunnelStageRow { stage_code: string; stage_name: string; position: number | null; conversion_rate: number | null; median_days: number | null; p90_days: number | null }

/** Stage-to-next conversion per stage, in pipeline order. */
export function funnelConversion(stages: readonly FunnelStageRow[], { width, height }: { width: number; height: number }): Element {
  const open = stages.filter((s) => s.conversion_rate !== null);
  return Plot.plot({
    width, height, marginLeft: 120, marginRight: 48,
    x: { domain: [0, 1], label: 'moved on to a later stage', tickFormat: '%', grid: true },
    y: { label: null, domain: open.map((s) => s.stage_name) },
    marks: [
      Plot.barX(open, { x: 'conversion_rate', y: 'stage_name', fill: 'var(--accent)' }),
      Plot.text(open, { x: 'conversion_rate', y: 'stage_name', text: (d: FunnelStageRow) => `${Math.round(d.conversion_rate! * 100)}%`, dx: 4, textAnchor: 'start', fill: 'currentColor' }),
    ],
  });
}
