import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface PipelineRunRow { run_id: number; status: string; mode: string; seconds: number | null }

/** How long each warehouse pipeline run took, coloured by outcome. */
export function pipelineRuns(runs: readonly PipelineRunRow[], { width, height }: { width: number; height: number }): Element {
  return Plot.plot({
    // The legend sits above the plot, inside the height reserved for the chart.
    width, height: height - LEGEND_HEIGHT, marginLeft: 44, marginBottom: 32,
    x: { label: 'run', type: 'band', tickFormat: 'd' },
    y: { label: 'seconds', grid: true },
    color: { domain: ['succeeded', 'failed', 'crashed'], range: ['var(--accent)', 'var(--bad)', 'var(--muted)'], legend: true },
    marks: [
      Plot.barY(runs, { x: 'run_id', y: (d: PipelineRunRow) => d.seconds ?? 0, fill: 'status', title: (d: PipelineRunRow) => `run ${d.run_id}: ${d.mode}, ${d.status}` }),
      Plot.ruleY([0]),
    ],
  });
}
