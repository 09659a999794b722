import { error } from '@sveltejs/kit';
import { chartData } from '$lib/server/warehouse.js';
import { InventoryParamError, parseAbcXyz } from '$lib/inventory-params.js';
import type { PageServerLoad } from './$types';

/**
 * Inventory: turnover and days of inventory, the ABC×XYZ matrix (its selected cell narrows the
 * item table), stock age and stockouts of the latest inventory model run, and the lots received
 * (the way into a lot trace).
 */
export const load: PageServerLoad = async ({ parent, url }) => {
  const { filters } = await parent();
  let selection;
  try {
    selection = parseAbcXyz(url.searchParams);
  } catch (e) {
    if (e instanceof InventoryParamError) error(400, e.message);
    throw e;
  }
  const [turnover, categories, matrix, stock, stockouts] = await Promise.all([
    chartData('dashboard_inventory_turnover_monthly', {}, filters),
    chartData('dashboard_inventory_turnover_by_category', {}, filters),
    chartData('dashboard_inventory_abc_xyz', {}, filters),
    chartData('dashboard_inventory_stock_status', {}, filters),
    chartData('dashboard_inventory_stockouts_by_category', {}, filters),
  ]);
  return { selection, turnover, categories, matrix, stock, stockouts };
};
