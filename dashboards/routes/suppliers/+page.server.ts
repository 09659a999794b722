import { error } from '@sveltejs/kit';
import { DEFAULT_SCORECARD } from '../../../warehouse/models/suppliers/scorecard.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { chartData, tableData } from '$lib/server/warehouse.js';
import { parseTableView, TableViewError } from '$lib/table-view.js';
import type { PageServerLoad } from './$types';

/**
 * Suppliers: the ranking by capability score and every supplier's criteria from the latest
 * suppliers model run (supplier and region filters), and how each delivered in the period
 * (period, supplier, region, category and warehouse filters); the ranking as a table sorted and
 * paged on the server.
 */
export const load: PageServerLoad = async ({ url, parent }) => {
  const filters = await pageFilters({ url, parent });
  let view;
  try {
    view = parseTableView(url.searchParams, 'suppliers', { sort: 'rank', dir: 'asc', size: 25 });
  } catch (e) {
    if (e instanceof TableViewError) error(400, e.message);
    throw e;
  }
  const [ranking, criteria, delivery, table] = await Promise.all([
    chartData('dashboard_suppliers_ranking', {}, filters),
    chartData('dashboard_suppliers_criteria', { half_life: String(DEFAULT_SCORECARD.halfLifePeriods) }, filters),
    chartData('dashboard_suppliers_delivery_performance', {}, filters),
    tableData('dashboard_suppliers_ranking', {}, filters, view),
  ]);
  return { filters, ranking, criteria, delivery, table };
};
