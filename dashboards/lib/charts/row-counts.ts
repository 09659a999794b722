import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';

export interface TableRowsRow { table_name: string; row_count: number; written_by: string }

/** Rows per warehouse table (log scale: the daily stock fact dwarfs the dimensions). */
export function rowCounts(tables: readonly TableRowsRow[], { width, height }: { width: number; height: number }): Element {
  return Plot.plot({
    // The legend sits above the plot, inside the height reserved for the chart.
    width, height: height - LEGEND_HEIGHT, marginLeft: 190, marginRight: 48,
    x: { type: 'log', label: 'rows', grid: true },
    y: { label: null, domain: tables.map((t) => t.table_name) },
    color: { domain: ['pipeline', 'models'], range: ['var(--accent)', 'var(--good)'], legend: true },
    marks: [
      Plot.barX(tables.filter((t) => t.row_count > 0), { x1: 1, x2: 'row_count', y: 'table_name', fill: 'written_by' }),
      Plot.text(tables.filter((t) => t.row_count > 0), { x: 'row_count', y: 'table_name', text: (d: TableRowsRow) => d.row_count.toLocaleString(), dx: 4, textAnchor: 'start', fill: 'currentColor' }),
    ],
  });
}
