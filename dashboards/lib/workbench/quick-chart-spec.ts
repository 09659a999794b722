/**
 * The workbench's quick chart: which mark draws the result, and which columns go to x, y and
 * colour. Pure; dashboards/lib/charts/quick-chart.ts draws it with Plot.
 */
export const QUICK_MARKS = [
  { value: 'bar', label: 'Bars' },
  { value: 'barX', label: 'Bars (horizontal)' },
  { value: 'line', label: 'Line' },
  { value: 'area', label: 'Area' },
  { value: 'dot', label: 'Dots' },
] as const;

export type QuickMark = (typeof QUICK_MARKS)[number]['value'];

export interface QuickChartSpec {
  mark: QuickMark;
  x: string;
  /** null: the count of rows per x. */
  y: string | null;
  color: string | null;
}

export interface ResultColumn {
  name: string;
  /** DuckDB's type name. */
  type: string;
}

const NUMERIC = /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|DECIMAL)/;
const TEMPORAL = /^(DATE|TIMESTAMP)/;

export const isNumeric = (c: ResultColumn) => NUMERIC.test(c.type);
export const isTemporal = (c: ResultColumn) => TEMPORAL.test(c.type);

/** A first chart for a result: time or a category along x, the first number up y; dots for two numbers. */
export function defaultQuickChart(columns: readonly ResultColumn[]): QuickChartSpec | null {
  if (columns.length === 0) return null;
  const x = columns.find(isTemporal) ?? columns.find((c) => !isNumeric(c)) ?? columns[0]!;
  const y = columns.find((c) => c !== x && isNumeric(c)) ?? null;
  const mark: QuickMark = isTemporal(x) ? 'line' : isNumeric(x) && y ? 'dot' : 'bar';
  return { mark, x: x.name, y: y?.name ?? null, color: null };
}

/** The spec with any column the result no longer has dropped or replaced (after a new run). */
export function fitQuickChart(spec: QuickChartSpec | null, columns: readonly ResultColumn[]): QuickChartSpec | null {
  if (!spec) return defaultQuickChart(columns);
  const has = (name: string | null) => name !== null && columns.some((c) => c.name === name);
  if (!has(spec.x)) return defaultQuickChart(columns);
  return { ...spec, y: has(spec.y) ? spec.y : null, color: has(spec.color) ? spec.color : null };
}

/** Rows for Plot: dates and timestamps (text from the server) as Date objects. */
export function chartRows(rows: readonly Record<string, unknown>[], columns: readonly ResultColumn[]): Record<string, unknown>[] {
  const temporal = columns.filter(isTemporal).map((c) => c.name);
  if (temporal.length === 0) return rows as Record<string, unknown>[];
  return rows.map((row) => {
    const copy = { ...row };
    for (const name of temporal) copy[name] = toDate(copy[name]);
    return copy;
  });
}

function toDate(value: unknown): unknown {
  if (value === null || value === undefined) return value;
  const s = String(value);
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return new Date(`${s}T00:00:00Z`);
  const t = s.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00');
  const d = new Date(/(Z|[+-]\d{2}:?\d{2})$/.test(t) ? t : `${t}Z`);
  return Number.isNaN(d.getTime()) ? value : d;
}
