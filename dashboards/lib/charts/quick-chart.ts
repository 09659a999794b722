import * as Plot from '@observablehq/plot';
import { LEGEND_HEIGHT } from './legend.js';
import { isNumeric, isTemporal, type QuickChartSpec, type ResultColumn } from '../workbench/quick-chart-spec.js';

/**
 * The workbench's quick chart of a result: one mark (bars, horizontal bars, a line, an area or
 * dots) over the chosen x, y and colour columns. Without a y column, bars count the rows per x.
 * Lines and areas follow x in order; a categorical axis with many values labels every n-th.
 */
export function quickChart(rows: readonly Record<string, unknown>[], columns: readonly ResultColumn[], spec: QuickChartSpec, { width, height }: { width: number; height: number }): Element {
  const column = (name: string | null) => (name === null ? undefined : columns.find((c) => c.name === name));
  const x = column(spec.x)!;
  const y = column(spec.y);
  const color = column(spec.color);
  const ordered = isTemporal(x) || isNumeric(x) ? [...rows].sort((a, b) => compare(a[x.name], b[x.name])) : rows;
  const colour = color ? color.name : 'var(--accent)';
  const legend = color ? { legend: true, label: color.name, ...(isNumeric(color) ? { scheme: 'viridis' as const } : {}) } : undefined;
  const tip = true;

  let mark: Plot.Markish;
  const horizontal = spec.mark === 'barX';
  if (spec.mark === 'bar' || horizontal) {
    const along = horizontal ? 'y' : 'x';
    const up = horizontal ? 'x' : 'y';
    const options = { [along]: x.name, fill: colour, tip };
    mark = y
      ? (horizontal ? Plot.barX : Plot.barY)(ordered, { ...options, [up]: y.name })
      : horizontal
        ? Plot.barX(ordered, Plot.groupY({ x: 'count' }, options))
        : Plot.barY(ordered, Plot.groupX({ y: 'count' }, options));
  } else if (spec.mark === 'line') {
    mark = y ? Plot.lineY(ordered, { x: x.name, y: y.name, stroke: colour, z: color?.name, tip }) : Plot.lineY(ordered, Plot.groupX({ y: 'count' }, { x: x.name, stroke: colour, tip }));
  } else if (spec.mark === 'area') {
    mark = y ? Plot.areaY(ordered, { x: x.name, y: y.name, fill: colour, z: color?.name, fillOpacity: 0.8, tip }) : Plot.areaY(ordered, Plot.groupX({ y: 'count' }, { x: x.name, fill: colour, tip }));
  } else {
    mark = Plot.dot(ordered, { x: x.name, y: y?.name, fill: colour, r: 3, tip });
  }

  const categorical = (c: ResultColumn | undefined) => c !== undefined && !isNumeric(c) && !isTemporal(c);
  const band = spec.mark === 'bar' || horizontal;
  const alongAxis = { label: x.name, ...(band && !horizontal ? thinned(ordered, x.name, width / 60) : {}), ...(band && horizontal ? thinned(ordered, x.name, height / 18) : {}) };
  const valueAxis = { label: y?.name ?? 'rows', grid: true };
  return Plot.plot({
    width,
    height: height - (legend ? LEGEND_HEIGHT : 0),
    marginLeft: horizontal ? Math.min(180, 12 + 7 * longest(ordered, x.name)) : 64,
    marginBottom: band && !horizontal ? 48 : 36,
    x: horizontal ? valueAxis : { ...alongAxis, ...(categorical(x) || band ? {} : { grid: true }) },
    y: horizontal ? alongAxis : { ...valueAxis, ...(y && categorical(y) ? { grid: false } : {}) },
    ...(legend ? { color: legend } : {}),
    marks: [mark, ...(band && y && !horizontal ? [Plot.ruleY([0])] : []), ...(band && y && horizontal ? [Plot.ruleX([0])] : [])],
  });
}

/** For a band axis with more values than fit: label every n-th, tilted. */
function thinned(rows: readonly Record<string, unknown>[], name: string, fit: number): { ticks?: unknown[]; tickRotate?: number } {
  const seen = new Set<unknown>();
  const unique = rows.map((r) => r[name]).filter((v) => {
    const key = v instanceof Date ? v.getTime() : v;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  if (unique.length <= Math.max(4, fit)) return {};
  const every = Math.ceil(unique.length / Math.max(4, fit));
  return { ticks: unique.filter((_, i) => i % every === 0), tickRotate: -30 };
}

function longest(rows: readonly Record<string, unknown>[], name: string): number {
  return rows.reduce((n, r) => Math.max(n, String(r[name] ?? '').length), 0);
}

function compare(a: unknown, b: unknown): number {
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  const x = a instanceof Date ? a.getTime() : (a as number);
  const y = b instanceof Date ? b.getTime() : (b as number);
  return x < y ? -1 : x > y ? 1 : 0;
}
