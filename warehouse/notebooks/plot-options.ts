import type { ChartSpec } from './chart-spec.js';

/**
 * Observable Plot options for a chart block: each of the spec's marks over the rows (DATE and
 * TIMESTAMP columns, which travel as text, turned into Date objects), the spec's scales and
 * sizes as they are, at `width`. Shared by the app's notebook pages and the static report;
 * self-contained (no imports, no names from outside), because the static report inlines this
 * function's own source text into its page script.
 */
export interface PlotLike {
  plot(options: Record<string, unknown>): unknown;
  [mark: string]: unknown;
}

export function plotChartOptions(spec: ChartSpec, columns: readonly { name: string; type: string }[], rows: readonly Record<string, unknown>[], Plot: PlotLike, width: number): Record<string, unknown> {
  const temporal = columns.filter((c) => /^(DATE|TIMESTAMP)/.test(c.type)).map((c) => c.name);
  const toDate = (v: unknown): unknown => {
    if (v === null || v === undefined) return v;
    let s = String(v);
    if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00Z`);
    s = s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
    return new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}Z`);
  };
  const data = temporal.length === 0 ? rows : rows.map((row) => {
    const copy: Record<string, unknown> = { ...row };
    for (const name of temporal) copy[name] = toDate(copy[name]);
    return copy;
  });
  const options: Record<string, unknown> = {};
  for (const key of Object.keys(spec)) if (key !== 'marks' && key !== 'title' && key !== 'caption') options[key] = (spec as Record<string, unknown>)[key];
  options.width = Math.max(320, width || 640);
  options.marks = spec.marks.map((mark) => {
    const channels: Record<string, unknown> = { ...mark };
    delete channels.type;
    delete channels.values;
    return (Plot[mark.type] as (data: unknown, options: Record<string, unknown>) => unknown)(mark.values ?? data, channels);
  });
  return options;
}
