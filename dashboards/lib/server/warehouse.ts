import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { bindParams, parseNamedQuery, QueryInputError, readQueryFile } from '../../../warehouse/named-queries.js';
import { NoWarehouse, QueryRefused, runReadOnlyQuery, type QueryResult } from '../../../warehouse/read-only-query.js';
import { dashboardContext } from './context.js';
import { toArrowIPC } from './arrow.js';
import { filterParams, type Filters } from '../filters.js';
import { RegionScopeError, scopeToRegion, type ChartData, type DashboardQuery } from '../queries.js';

/**
 * Runs one of the dashboards' named queries on the warehouse, read-only, with parameters as
 * text (from the URL). A parameter the query refuses is the reader's mistake (400, with the
 * query's own message); a missing warehouse says how to build one (503).
 *
 * Every page, chart and download comes through here, so this is where a reader limited to one
 * region is held to it: a query with a `region` parameter gets theirs whatever was asked, one
 * without is refused (403) unless it is region-free (REGION_FREE_QUERIES).
 */
export async function runDashboardQuery(name: DashboardQuery, params: Record<string, string> = {}, filters?: Filters): Promise<QueryResult & { sql: string; given: Record<string, string> }> {
  const sql = readQueryFile(name);
  try {
    const declared = parseNamedQuery(sql).params;
    const given = scopeToRegion(name, declared, { ...(filters ? declaredFilters(declared, filters) : {}), ...params }, readerRegion());
    const bound = bindParams(declared, given);
    return { ...(await runReadOnlyQuery(dashboardContext().warehousePath, sql, bound)), sql, given };
  } catch (e) {
    if (e instanceof RegionScopeError) error(403, e.message);
    if (e instanceof QueryInputError) error(400, e.message);
    if (e instanceof NoWarehouse) error(503, e.message);
    if (e instanceof QueryRefused) error(500, `the ${name} query failed: ${e.message}`);
    throw e;
  }
}

/**
 * A chart's data: the rows as Arrow IPC with the SQL and parameters that produced them. With
 * `filters`, the query also gets those of the global filters it declares (region, category,
 * warehouse, supplier, period_from, period_to); `params` are the page's own.
 */
export async function chartData(name: DashboardQuery, params: Record<string, string> = {}, filters?: Filters): Promise<ChartData> {
  const result = await runDashboardQuery(name, params, filters);
  return { query: name, sql: result.sql, params: result.given, ipc: toArrowIPC(result) };
}

/** The region the signed-in reader is limited to (null: every region), from the request being served. */
function readerRegion(): string | null {
  return getRequestEvent().locals.user?.region ?? null;
}

/** The global filters a query declares, as its parameters. */
function declaredFilters(declared: readonly { name: string }[], filters: Filters): Record<string, string> {
  const values = filterParams(filters);
  return Object.fromEntries(declared.filter((p) => p.name in values).map((p) => [p.name, values[p.name]!]));
}
