/**
 * The named queries (sql/queries/NAME.sql) the dashboards chart. Only these can be fetched as
 * CSV or SQL through /queries/NAME.csv and /queries/NAME.sql.
 */
export const DASHBOARD_QUERIES = [
  'dashboard_kpi_monthly',
  'dashboard_filter_options',
  'dashboard_pipeline_runs',
  'dashboard_model_runs',
  'dashboard_table_rows',
  'dashboard_funnel_stages',
  'dashboard_win_rate_by_source',
] as const;

export type DashboardQuery = (typeof DASHBOARD_QUERIES)[number];

/**
 * Queries with no region parameter that a reader limited to one region may still run: logs and
 * counts of the warehouse's own runs and tables, which hold no region's business rows. Any other
 * query without a `region` parameter is refused to such a reader (see scopeToRegion).
 */
export const REGION_FREE_QUERIES: readonly DashboardQuery[] = ['dashboard_pipeline_runs', 'dashboard_model_runs', 'dashboard_table_rows'];

export class RegionScopeError extends Error {
  override readonly name = 'RegionScopeError';
}

/**
 * A query's parameters for a reader limited to `region` (null: not limited): a query that
 * declares `region` gets theirs, whatever the URL or the filters said; a region-free one runs as
 * asked; any other is refused (RegionScopeError), since it would show every region's rows.
 */
export function scopeToRegion(query: string, declared: readonly { name: string }[], params: Readonly<Record<string, string>>, region: string | null): Record<string, string> {
  if (!region) return { ...params };
  if (declared.some((p) => p.name === 'region')) return { ...params, region };
  if ((REGION_FREE_QUERIES as readonly string[]).includes(query)) return { ...params };
  throw new RegionScopeError(`the ${query} query is not broken down by region, and your account sees region ${region} only; ask an admin if you need it`);
}

export function isDashboardQuery(name: string): name is DashboardQuery {
  return (DASHBOARD_QUERIES as readonly string[]).includes(name);
}

/** What a page hands a chart: the rows as Arrow IPC, and what produced them. */
export interface ChartData {
  query: DashboardQuery;
  /** The named query's text, shown under the chart. */
  sql: string;
  /** The parameters it ran with (text, as in the URL); the CSV link repeats them. */
  params: Record<string, string>;
  ipc: Uint8Array;
}

/** The link to a chart's rows as CSV: the same query with the same parameters. */
export function csvHref(chart: Pick<ChartData, 'query' | 'params'>): string {
  const search = new URLSearchParams(chart.params).toString();
  return `/queries/${chart.query}.csv${search ? `?${search}` : ''}`;
}
