import {
  abcXyzMatrix,
  classifyAbc,
  classifyXyz,
  DEFAULT_ABC_THRESHOLDS,
  DEFAULT_XYZ_THRESHOLDS,
  demandBuckets,
  fillRateFold,
  inventoryPerformance,
  leadTimeStats,
  reorderPolicy,
  slowAndDeadStock,
  stockoutFold,
  type AbcThresholds,
  type AbcXyzRow,
  type DemandGrain,
  type FillRate,
  type InventoryDimension,
  type InventoryGrain,
  type InventoryPerformanceRow,
  type LeadTimeStats,
  type MonthlyInventoryRow,
  type ReorderPolicy,
  type SlowDeadSummary,
  type StockoutRow,
  type XyzThresholds,
} from './models/inventory/index.js';
import { runNamedQuery as named, streamNamedQuery } from './read-only-query.js';

/**
 * The inventory model's inputs read from the warehouse through the named queries in sql/queries
 * (inventory_window, inventory_monthly, inventory_positions, inventory_daily_stock_demand,
 * item_daily_demand, sales_line_fill, purchase_receipt_lead_times, inventory_items), handed to
 * the pure functions of models/inventory. `ledgerloop sql --file NAME` shows any of the inputs.
 */
export interface InventoryOptions {
  /** First day to analyse (default: the first stock day). */
  from?: string;
  /** Last day to analyse and the day stock is aged at (default: the last day any stock moved). */
  to?: string;
  /** Grains of the turnover table (default all three). */
  grains?: readonly InventoryGrain[];
  abc?: AbcThresholds;
  xyz?: XyzThresholds;
  /** Demand buckets for XYZ and safety stock (default week). */
  demandGrain?: DemandGrain;
  slowDays?: number;
  deadDays?: number;
  /** Days after the order date a delivery counts as on time (default 3). */
  promiseDays?: number;
  /** Share of its days a pair must hold stock to count as normally stocked (default 0.5). */
  normallyStockedShare?: number;
  /** Cycle service level for safety stock (default 0.95). */
  serviceLevel?: number;
  /** Cost of placing one order, minor units (default 5 000: an assumption, set it). */
  orderCost?: number;
  /** Yearly holding cost as a share of the standard cost (default 0.25). */
  holdingRate?: number;
}

export interface ItemReorderPolicy extends ReorderPolicy {
  itemId: number;
  sku: string;
  /** Lead-time statistics the policy used (days); null without a fully received purchase line. */
  leadTime: LeadTimeStats | null;
}

export interface InventoryReport {
  window: { from: string; to: string };
  /** Turnover, days of inventory and GMROI per grain, then per dimension (item, category, warehouse, company). */
  performance: Partial<Record<InventoryGrain, Record<InventoryDimension, InventoryPerformanceRow[]>>>;
  abcXyz: AbcXyzRow[];
  slowDead: SlowDeadSummary;
  stockouts: StockoutRow[];
  fillRate: FillRate;
  fillRateByItem: Map<string, FillRate>;
  leadTimesByItem: LeadTimeStats[];
  leadTimesBySupplier: LeadTimeStats[];
  reorderPolicies: ItemReorderPolicy[];
}

const num = (v: unknown) => Number(v);
const day = (v: unknown) => (v === null || v === undefined ? null : String(v).slice(0, 10));
const DIMENSIONS: InventoryDimension[] = ['item', 'category', 'warehouse', 'company'];

/** The inventory report for the days stock data covers inside [from, to]; null when there are none. */
export async function inventoryFromWarehouse(warehouse: string, options: InventoryOptions = {}): Promise<InventoryReport | null> {
  const [bounds] = await named(warehouse, 'inventory_window', { from: options.from ?? '1900-01-01', to: options.to ?? '9999-12-31' });
  if (!bounds || bounds.first_day === null) return null;
  const window = { from: day(bounds.first_day)!, to: day(bounds.last_day)! };
  const range = { from: window.from, to: window.to };

  const monthly: MonthlyInventoryRow[] = (await named(warehouse, 'inventory_monthly', range)).map((r) => ({
    month: String(r.month),
    itemId: num(r.item_id),
    warehouseId: num(r.warehouse_id),
    category: String(r.category),
    valueDays: num(r.value_days),
    cogs: num(r.cogs),
    netRevenue: num(r.net_revenue),
  }));
  const performance: InventoryReport['performance'] = {};
  for (const grain of options.grains ?? (['month', 'quarter', 'year'] as const)) {
    performance[grain] = Object.fromEntries(DIMENSIONS.map((dimension) => [dimension, inventoryPerformance(monthly, { grain, dimension, window })])) as Record<InventoryDimension, InventoryPerformanceRow[]>;
  }

  // ABC on consumption value: the item's COGS over the window (net of returns, never below 0).
  const items = await named(warehouse, 'inventory_items');
  const consumption = new Map<number, number>(items.map((i) => [num(i.item_id), 0]));
  for (const r of monthly) consumption.set(r.itemId, (consumption.get(r.itemId) ?? 0) + r.cogs);
  const abc = classifyAbc([...consumption].map(([itemId, value]) => ({ itemId, value: Math.max(0, value) })), options.abc ?? DEFAULT_ABC_THRESHOLDS);

  const demandGrain = options.demandGrain ?? 'week';
  const dailyDemand = (await named(warehouse, 'item_daily_demand', range)).map((r) => ({ itemId: num(r.item_id), date: day(r.date)!, quantity: num(r.quantity) }));
  const { series } = demandBuckets(dailyDemand, window, demandGrain);
  const demandOf = (itemId: number) => series.get(itemId) ?? new Array<number>(demandBuckets([], window, demandGrain).starts.length).fill(0);
  const xyz = classifyXyz(abc.map((a) => ({ itemId: a.itemId, demand: demandOf(a.itemId) })), options.xyz ?? DEFAULT_XYZ_THRESHOLDS);

  const positions = (await named(warehouse, 'inventory_positions', { on: window.to })).map((r) => ({
    itemId: num(r.item_id),
    warehouseId: num(r.warehouse_id),
    onHandQty: num(r.on_hand_qty),
    value: num(r.value_functional),
    lastOutDate: day(r.last_out_date),
    firstDate: day(r.first_date)!,
  }));
  const slowDead = slowAndDeadStock(positions, { asOf: window.to, slowDays: options.slowDays, deadDays: options.deadDays });

  // Daily stock and the sales lines are folded a chunk at a time: a warehouse of ten million
  // sales lines would not fit in memory as rows.
  const stockouts = stockoutFold({ normallyStockedShare: options.normallyStockedShare });
  for await (const chunk of streamNamedQuery(warehouse, 'inventory_daily_stock_demand', range)) {
    for (const r of chunk) stockouts.add({ itemId: num(r.item_id), warehouseId: num(r.warehouse_id), date: day(r.date)!, onHandQty: num(r.on_hand_qty), demandQty: num(r.demand_qty) });
  }

  const fill = fillRateFold({ asOf: window.to, promiseDays: options.promiseDays });
  for await (const chunk of streamNamedQuery(warehouse, 'sales_line_fill', range)) {
    for (const r of chunk) {
      fill.add({
        itemId: num(r.item_id),
        warehouseId: num(r.warehouse_id),
        orderDate: day(r.order_date)!,
        orderStatus: String(r.order_status),
        orderedQty: num(r.ordered_qty),
        deliveredQty: num(r.delivered_qty),
        lastDeliveryDate: day(r.last_delivery_date),
      });
    }
  }

  // Lead times from every receipt up to the window's end: earlier history makes them better.
  const receipts = (await named(warehouse, 'purchase_receipt_lead_times', { to: window.to })).map((r) => ({
    itemId: num(r.item_id),
    supplierId: num(r.supplier_id),
    orderDate: day(r.order_date)!,
    expectedDate: day(r.expected_date)!,
    fullyReceivedDate: day(r.fully_received_date),
  }));
  const leadTimesByItem = leadTimeStats(receipts, 'item');
  const leadByItem = new Map(leadTimesByItem.map((s) => [Number(s.key), s]));
  const holdingRate = options.holdingRate ?? 0.25;
  const reorderPolicies = items.map((i): ItemReorderPolicy => {
    const itemId = num(i.item_id);
    const leadTime = leadByItem.get(itemId) ?? null;
    return {
      itemId,
      sku: String(i.sku),
      leadTime,
      ...reorderPolicy({
        demand: demandOf(itemId),
        // A month bucket is taken as an average month; demand per bucket is what the policy sees.
        periodDays: demandGrain === 'week' ? 7 : 365 / 12,
        leadTime,
        serviceLevel: options.serviceLevel ?? 0.95,
        orderCost: options.orderCost ?? 5000,
        holdingCostPerUnitYear: holdingRate * num(i.standard_cost_functional),
      }),
    };
  });

  return {
    window,
    performance,
    abcXyz: abcXyzMatrix(abc, xyz),
    slowDead,
    stockouts: stockouts.rows(),
    fillRate: fill.overall(),
    fillRateByItem: fill.byGroup(),
    leadTimesByItem,
    leadTimesBySupplier: leadTimeStats(receipts, 'supplier'),
    reorderPolicies,
  };
}
