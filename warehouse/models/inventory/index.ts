/**
 * Inventory analytics over plain rows (minor units of the functional currency, whole units of
 * stock): turnover, days of inventory and GMROI by item, category, warehouse and period; ABC ×
 * XYZ classes; slow-moving and dead stock; stockout days and fill rate; lead times learned from
 * receipts; safety stock, reorder point and EOQ. Undefined ratios are null, documented per field.
 * Bad input is a DomainError('INVALID_INPUT') naming the field.
 */
export { periodOfMonth, periodBounds, observedDays, type InventoryGrain } from './periods.js';
export { inventoryTurnover, daysOfInventory, gmroi } from './ratios.js';
export { inventoryPerformance } from './performance.js';
export type { InventoryDimension, InventoryPerformanceOptions, InventoryPerformanceRow, MonthlyInventoryRow } from './performance.js';
export { classifyAbc, DEFAULT_ABC_THRESHOLDS, type AbcClass, type AbcInput, type AbcRow, type AbcThresholds } from './abc.js';
export { classifyXyz, meanAndSd, DEFAULT_XYZ_THRESHOLDS, type XyzClass, type XyzInput, type XyzRow, type XyzThresholds } from './xyz.js';
export { abcXyzMatrix, abcXyzCounts, type AbcXyzRow } from './abc-xyz.js';
export { bucketStarts, demandBuckets, type DailyDemand, type DemandBuckets, type DemandGrain } from './demand-buckets.js';
export { slowAndDeadStock, type AgeStatus, type SlowDeadOptions, type SlowDeadRow, type SlowDeadSummary, type StockPosition } from './slow-dead.js';
export { stockoutDays, stockoutFold, type DailyStockDemand, type StockoutFold, type StockoutRow } from './stockout.js';
export { fillRate, fillRateBy, fillRateFold, type FillRate, type FillRateFold, type FillRateOptions, type SalesLineFill } from './fill-rate.js';
export { leadTimeStats, leadTimeInWeeks, type LeadTimeKey, type LeadTimeStats, type ReceiptLine } from './lead-time-stats.js';
export {
  economicOrderQuantity,
  reorderPoint,
  reorderPolicy,
  safetyStock,
  serviceLevelZ,
  type DemandAndLeadTime,
  type ReorderPolicy,
  type ReorderPolicyInput,
} from './replenishment.js';
