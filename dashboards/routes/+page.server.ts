import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/** Overview: the monthly KPI figures of the filtered period and the prior period before it. */
export const load: PageServerLoad = async ({ parent }) => {
  const { filters } = await parent();
  return { period: filters, kpis: await chartData('dashboard_kpi_monthly', { from: `${filters.priorFrom}-01`, to: `${filters.to}-01` }, filters) };
};
