import type { InventoryReport } from '../inventory.js';

/** The inventory report as warehouse rows (fact_inventory_turnover, _item, _position). Pure. */
export const INVENTORY_MODEL_VERSION = 'inventory/1';
export const SERVICE_LEVEL = 0.95;

export function inventoryTurnoverRows(report: InventoryReport): Record<string, unknown>[] {
  return Object.entries(report.performance).flatMap(([grain, byDimension]) =>
    Object.entries(byDimension ?? {}).flatMap(([dimension, rows]) =>
      rows.map((r) => ({
        as_of: report.window.to, grain, dimension, period: r.period, key: r.key, days: r.days,
        cogs_functional: r.cogs, net_revenue_functional: r.netRevenue, gross_margin_functional: r.grossMargin, average_inventory_functional: r.averageInventory,
        turnover: r.turnover, annual_turnover: r.annualTurnover, days_of_inventory: r.daysOfInventory, gmroi: r.gmroi,
      })),
    ),
  );
}

export function inventoryItemRows(report: InventoryReport): Record<string, unknown>[] {
  const policies = new Map(report.reorderPolicies.map((p) => [p.itemId, p]));
  return report.abcXyz.map((c) => {
    const p = policies.get(c.itemId);
    const fill = report.fillRateByItem.get(String(c.itemId));
    return {
      as_of: report.window.to, item_id: c.itemId, sku: p?.sku ?? String(c.itemId),
      consumption_functional: Math.round(c.value), consumption_share: c.share, abc: c.abc, xyz: c.xyz, demand_cv: c.cv, abc_xyz: c.abcXyz,
      lead_time_lines: p?.leadTime?.lines ?? null, lead_time_mean_days: p?.leadTime?.meanDays ?? null, lead_time_sd_days: p?.leadTime?.sdDays ?? null,
      lead_time_on_time_share: p?.leadTime?.onTimeShare ?? null,
      mean_weekly_demand: p?.meanDemand ?? null, sd_weekly_demand: p?.sdDemand ?? null, service_level: SERVICE_LEVEL,
      safety_stock: p?.safetyStock ?? null, reorder_point: p?.reorderPoint ?? null, eoq: p?.eoq ?? null,
      unit_fill_rate: fill?.unitFillRate ?? null, line_fill_rate: fill?.lineFillRate ?? null,
    };
  });
}

export function inventoryPositionRows(report: InventoryReport): Record<string, unknown>[] {
  const stockouts = new Map(report.stockouts.map((s) => [`${s.itemId}:${s.warehouseId}`, s]));
  return report.slowDead.rows.map((r) => {
    const s = stockouts.get(`${r.itemId}:${r.warehouseId}`);
    return {
      as_of: report.window.to, item_id: r.itemId, warehouse_id: r.warehouseId, on_hand_qty: r.onHandQty, value_functional: r.value,
      last_out_date: r.lastOutDate, days_without_movement_out: r.daysWithoutMovementOut, status: r.status,
      observed_days: s?.observedDays ?? null, stockout_days: s?.stockoutDays ?? null, stockout_share: s?.stockoutShare ?? null, normally_stocked: s?.normallyStocked ?? null,
    };
  });
}
