import { chartData } from '$lib/server/warehouse.js';
import { pageFilters } from '$lib/server/page-filters.js';
import type { PageServerLoad } from './$types';

/** Overview: the monthly KPI figures of the filtered period and the prior period before it. */
export const load: PageServerLoad = async ({ url, parent }) => {
  const { latest } = await parent();
  const filters = await pageFilters({ url, parent });
  return { period: filters, latest, kpis: await chartData('dashboard_kpi_monthly', { from: `${filters.priorFrom}-01`, to: `${filters.to}-01` }, filters) };
};
