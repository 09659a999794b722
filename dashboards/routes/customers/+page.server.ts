import { chartData, tableData } from '$lib/server/warehouse.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { tableViewOf } from '$lib/server/table-views.js';
import type { PageServerLoad } from './$types';

/**
 * Customers: the purchase-frequency forecast of the latest customers model run — status by
 * region, the P(alive) matrix, lifetime value spread and top customers — and the customers due
 * to reorder and at risk as server-sorted tables, narrowed by the region filter.
 */
export const load: PageServerLoad = async ({ url, parent }) => {
  const filters = await pageFilters({ url, parent });
  const dueView = tableViewOf(url, 'due', { sort: 'clv_52w', dir: 'desc', size: 25 });
  const riskView = tableViewOf(url, 'risk', { sort: 'clv_52w', dir: 'desc', size: 25 });
  const [status, matrix, clv, top, due, atRisk] = await Promise.all([
    chartData('dashboard_customers_status', {}, filters),
    chartData('dashboard_customers_alive_matrix', {}, filters),
    chartData('dashboard_customers_clv_histogram', {}, filters),
    chartData('dashboard_customers_top_clv', { limit: '15' }, filters),
    tableData('dashboard_customers_forecast', { status: 'due' }, filters, dueView),
    tableData('dashboard_customers_forecast', { status: 'at_risk' }, filters, riskView),
  ]);
  return { filters, status, matrix, clv, top, due, atRisk };
};
