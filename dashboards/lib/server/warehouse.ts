import { error } from '@sveltejs/kit';
import { getRequestEvent } from '$app/server';
import { bindParams, parseNamedQuery, QueryInputError, readQueryFile } from '../../../warehouse/named-queries.js';
import { NoWarehouse, QueryRefused, runReadOnlyPage, runReadOnlyQuery, streamReadOnlyQuery, type QueryResult } from '../../../warehouse/read-only-query.js';
import type { ParamValue } from '../../../warehouse/named-queries.js';
import type { TableView } from '../table-view.js';
import { dashboardContext } from './context.js';
import { toArrowIPC } from './arrow.js';
import { cached } from './result-cache.js';
import { filterParams, type Filters } from '../filters.js';
import { RegionScopeError, scopeToRegion, type ChartData, type DashboardQuery, type TableData } from '../queries.js';

/** Runs one of the dashboards' named queries on the warehouse, read-only, with parameters as text (from the URL). */
export async function runDashboardQuery(name: DashboardQuery, params: Record<string, string> = {}, filters?: Filters): Promise<QueryResult & { sql: string }> {
  return answering(name, async (sql, bound) => {
    const path = dashboardContext().warehousePath;
    // Sized roughly: these are the small results pages use whole (filter choices, statements).
    const result = await cached(path, `rows\n${sql}\n${JSON.stringify(bound)}`, (r) => 200 * (r.rows.length + 1), () => runReadOnlyQuery(path, sql, bound));
    return { ...result, sql };
  }, params, filters);
}

/**
 * One page of a named query's rows, sorted and paged on the server as `view` says, for the
 * tables that show the rows behind a chart.
 */
export async function tableData(name: DashboardQuery, params: Record<string, string>, filters: Filters | undefined, view: TableView): Promise<TableData> {
  return answering(name, async (sql, bound, all) => {
    const path = dashboardContext().warehousePath;
    const page = { sort: view.sort, dir: view.dir, limit: view.size, offset: (view.page - 1) * view.size };
    const { ipc, total } = await cached(path, `table\n${sql}\n${JSON.stringify(bound)}\n${JSON.stringify(page)}`, (r) => r.ipc.byteLength, async () => {
      const result = await runReadOnlyPage(path, sql, bound, page);
      return { ipc: toArrowIPC(result), total: result.total };
    });
    return { query: name, sql, params: all, ipc, total, view };
  }, params, filters);
}

/** A named query's rows a chunk at a time, for downloads of any size. */
export async function streamDashboardQuery(name: DashboardQuery, params: Record<string, string>): Promise<AsyncGenerator<{ columns: QueryResult['columns']; rows: Record<string, unknown>[] }>> {
  return answering(name, async (sql, bound) => {
    const stream = streamReadOnlyQuery(dashboardContext().warehousePath, sql, bound);
    // The first chunk runs the query, so a refusal is an error status, not a broken download.
    const first = await stream.next();
    return (async function* () {
      if (!first.done) yield first.value;
      yield* stream;
    })();
  }, params);
}

/**
 * Binds a named query's parameters (the page's own over the global filters it declares) and
 * runs `fn`, turning what goes wrong into statuses: a parameter the query refuses is the
 * reader's mistake (400, with the query's own message); a missing warehouse says how to build
 * one (503).
 *
 * Every page, chart, table and download comes through here, so this is where a reader limited
 * to one region is held to it: a query with a `region` parameter gets theirs whatever was
 * asked, one without is refused (403) unless it is region-free (REGION_FREE_QUERIES).
 */
async function answering<T>(name: DashboardQuery, fn: (sql: string, bound: Record<string, ParamValue>, params: Record<string, string>) => Promise<T>, params: Record<string, string>, filters?: Filters): Promise<T> {
  const sql = readQueryFile(name);
  try {
    const declared = parseNamedQuery(sql).params;
    const all = scopeToRegion(name, declared, { ...(filters ? declaredFilters(declared, filters) : {}), ...params }, readerRegion());
    return await fn(sql, bindParams(declared, all), all);
  } catch (e) {
    if (e instanceof RegionScopeError) error(403, e.message);
    if (e instanceof QueryInputError) error(400, e.message);
    if (e instanceof NoWarehouse) error(503, e.message);
    if (e instanceof QueryRefused) error(/^cannot sort by/.test(e.message) ? 400 : 500, /^cannot sort by/.test(e.message) ? e.message : `the ${name} query failed: ${e.message}`);
    throw e;
  }
}

/**
 * A chart's data: the rows as Arrow IPC with the SQL and parameters that produced them. With
 * `filters`, the query also gets those of the global filters it declares (region, category,
 * warehouse, supplier, period_from, period_to); `params` are the page's own.
 */
export async function chartData(name: DashboardQuery, params: Record<string, string> = {}, filters?: Filters): Promise<ChartData> {
  return answering(name, async (sql, bound, all) => {
    const path = dashboardContext().warehousePath;
    const ipc = await cached(path, `chart\n${sql}\n${JSON.stringify(bound)}`, (b) => b.byteLength, async () => toArrowIPC(await runReadOnlyQuery(path, sql, bound)));
    return { query: name, sql, params: all, ipc };
  }, params, filters);
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
