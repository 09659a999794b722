import { DEFAULT_SCORECARD } from '../../../warehouse/models/suppliers/scorecard.js';
import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/**
 * Suppliers: the ranking by capability score and every supplier's criteria from the latest
 * suppliers model run (supplier and region filters), and how each delivered in the period
 * (period, supplier, region, category and warehouse filters).
 */
export const load: PageServerLoad = async ({ parent }) => {
  const { filters } = await parent();
  const [ranking, criteria, delivery] = await Promise.all([
    chartData('dashboard_suppliers_ranking', {}, filters),
    chartData('dashboard_suppliers_criteria', { half_life: String(DEFAULT_SCORECARD.halfLifePeriods) }, filters),
    chartData('dashboard_suppliers_delivery_performance', {}, filters),
  ]);
  return { ranking, criteria, delivery };
};
