import { error } from '@sveltejs/kit';
import { chartData, tableData } from '$lib/server/warehouse.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { tableViewOf } from '$lib/server/table-views.js';
import { InventoryParamError, parseAbcXyz } from '$lib/inventory-params.js';
import type { PageServerLoad } from './$types';

/**
 * Inventory: turnover and days of inventory, the ABC×XYZ matrix (its selected cell narrows the
 * item table), stock age and stockouts of the latest inventory model run with their tables, and
 * the lots received (the way into a lot trace).
 */
export const load: PageServerLoad = async ({ url, parent }) => {
  const filters = await pageFilters({ url, parent });
  let selection;
  try {
    selection = parseAbcXyz(url.searchParams);
  } catch (e) {
    if (e instanceof InventoryParamError) error(400, e.message);
    throw e;
  }
  const views = {
    items: tableViewOf(url, 'items', { sort: 'consumption', dir: 'desc', size: 25 }),
    stockouts: tableViewOf(url, 'out', { sort: 'stockout_share', dir: 'desc', size: 25 }),
    aged: tableViewOf(url, 'aged', { sort: 'stock_value', dir: 'desc', size: 25 }),
    lots: tableViewOf(url, 'lots', { sort: 'receipt_date', dir: 'desc', size: 25 }),
  };
  const [turnover, categories, matrix, stock, stockouts, items, stockoutRows, aged, lots] = await Promise.all([
    chartData('dashboard_inventory_turnover_monthly', {}, filters),
    chartData('dashboard_inventory_turnover_by_category', {}, filters),
    chartData('dashboard_inventory_abc_xyz', {}, filters),
    chartData('dashboard_inventory_stock_status', {}, filters),
    chartData('dashboard_inventory_stockouts_by_category', {}, filters),
    tableData('dashboard_inventory_items', { abc: selection.abc ?? 'all', xyz: selection.xyz ?? 'all' }, filters, views.items),
    tableData('dashboard_inventory_stockouts', {}, filters, views.stockouts),
    tableData('dashboard_inventory_slow_dead', {}, filters, views.aged),
    tableData('dashboard_inventory_lots_received', {}, filters, views.lots),
  ]);
  return { filters, selection, turnover, categories, matrix, stock, stockouts, items, stockoutRows, aged, lots };
};
