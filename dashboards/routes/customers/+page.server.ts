import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/**
 * Customers: the purchase-frequency forecast of the latest customers model run — status by
 * region, the P(alive) matrix, lifetime value spread and top customers — narrowed by the
 * region filter.
 */
export const load: PageServerLoad = async ({ parent }) => {
  const { filters } = await parent();
  const [status, matrix, clv, top] = await Promise.all([
    chartData('dashboard_customers_status', {}, filters),
    chartData('dashboard_customers_alive_matrix', {}, filters),
    chartData('dashboard_customers_clv_histogram', {}, filters),
    chartData('dashboard_customers_top_clv', { limit: '15' }, filters),
  ]);
  return { status, matrix, clv, top };
};
