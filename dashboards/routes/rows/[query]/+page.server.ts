import { error } from '@sveltejs/kit';
import { DRILL_QUERIES, isDashboardQuery } from '$lib/queries.js';
import { FILTER_KEYS } from '$lib/filters.js';
import { parseTableView, TableViewError } from '$lib/table-view.js';
import { tableData } from '$lib/server/warehouse.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { parseNamedQuery, readQueryFile } from '../../../../warehouse/named-queries.js';
import type { PageServerLoad } from './$types';

/**
 * The rows behind a chart: a drill-down query with the page's global filters and the drill's
 * own parameters from the URL (say month=2024-05), sorted and paged on the server.
 */
export const load: PageServerLoad = async ({ params, url, parent }) => {
  const drill = isDashboardQuery(params.query) ? DRILL_QUERIES[params.query] : undefined;
  if (!isDashboardQuery(params.query) || !drill) error(404, `there are no rows to drill into called '${params.query}'`);
  const filters = await pageFilters({ url, parent });
  let view;
  try {
    view = parseTableView(url.searchParams, '', { sort: drill.sort, dir: drill.dir });
  } catch (e) {
    if (e instanceof TableViewError) error(400, e.message);
    throw e;
  }
  const declared = parseNamedQuery(readQueryFile(params.query));
  // The drill's own parameters: those the query declares that are not global filters or table view.
  const reserved = new Set<string>([...FILTER_KEYS, 'period_from', 'period_to']);
  const own = Object.fromEntries(declared.params.filter((p) => !reserved.has(p.name) && url.searchParams.has(p.name)).map((p) => [p.name, url.searchParams.get(p.name)!]));
  return { title: drill.title, description: declared.description, money: drill.money, own, table: await tableData(params.query, own, filters, view) };
};
