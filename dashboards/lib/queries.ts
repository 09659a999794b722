/**
 * The named queries (sql/queries/NAME.sql) the dashboards chart. Only these can be fetched as
 * CSV or SQL through /queries/NAME.csv and /queries/NAME.sql.
 */
export const DASHBOARD_QUERIES = [
  'dashboard_kpi_monthly',
  'dashboard_filter_options',
  'dashboard_sales_lines',
  'dashboard_pipeline_runs',
  'dashboard_model_runs',
  'dashboard_table_rows',
  'dashboard_funnel_stages',
  'dashboard_win_rate_by_source',
  'dashboard_customers_status',
  'dashboard_customers_alive_matrix',
  'dashboard_customers_clv_histogram',
  'dashboard_customers_top_clv',
  'dashboard_customers_forecast',
  'dashboard_customers_monthly_revenue',
  'dashboard_inventory_turnover_monthly',
  'dashboard_inventory_turnover_by_category',
  'dashboard_inventory_abc_xyz',
  'dashboard_inventory_items',
  'dashboard_inventory_stock_status',
  'dashboard_inventory_stockouts_by_category',
  'dashboard_inventory_stockouts',
  'dashboard_inventory_slow_dead',
  'dashboard_inventory_lots_received',
  'dashboard_suppliers_ranking',
  'dashboard_suppliers_criteria',
  'dashboard_suppliers_delivery_performance',
  'dashboard_suppliers_score_history',
  'dashboard_suppliers_audits',
  'dashboard_suppliers_deliveries',
  'dashboard_finance_account_months',
  'dashboard_finance_cash_forecast',
  // The inputs of `ledgerloop report ar-aging|ap-aging|budget`, which the Finance page shows.
  'ar_aging_items',
  'ap_aging_items',
  'budget_vs_actual',
  'dashboard_planning_outcomes',
  'dashboard_planning_decisions',
] as const;

export type DashboardQuery = (typeof DASHBOARD_QUERIES)[number];

/**
 * The queries whose rows a chart drills down to, shown at /rows/NAME as a sorted, paged table:
 * a title, the columns that are money (minor units) and the order they open in.
 */
export const DRILL_QUERIES: Partial<Record<DashboardQuery, { title: string; money: string[]; sort?: string; dir?: 'asc' | 'desc' }>> = {
  dashboard_sales_lines: { title: 'Sales lines invoiced', money: ['net_revenue', 'gross_margin'], sort: 'net_revenue', dir: 'desc' },
  dashboard_planning_decisions: { title: 'Planning decisions', money: ['value_at_stake', 'reorder_value', 'budget_proposed', 'budget_actual'], sort: 'decided_on', dir: 'desc' },
};

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

/** What produced a chart or table: the named query, its text and the parameters it ran with. */
export interface QuerySource {
  query: DashboardQuery;
  /** The named query's text, shown under the chart. */
  sql: string;
  /** The parameters it ran with (text, as in the URL); the CSV link repeats them. */
  params: Record<string, string>;
}

/** What a page hands a chart: the rows as Arrow IPC, and what produced them. */
export interface ChartData extends QuerySource {
  ipc: Uint8Array;
}

/** What a page hands a table: one page of a query's rows, sorted on the server, and how many there are. */
export interface TableData extends ChartData {
  total: number;
  view: import('./table-view.js').TableView;
}

/** The link to a chart's rows as CSV: the same query with the same parameters. */
export function csvHref(chart: Pick<QuerySource, 'query' | 'params'>): string {
  const search = new URLSearchParams(chart.params).toString();
  return `/queries/${chart.query}.csv${search ? `?${search}` : ''}`;
}
