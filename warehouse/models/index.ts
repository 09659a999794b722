/**
 * `ledgerloop/models`: pure, typed analytics over arrays, importable from plain JavaScript.
 * Purchase frequency and lifetime value (BG/NBD, Gamma-Gamma) and item demand forecasting
 * (classification, Croston-SBA, TSB, exponential smoothing, rolling-origin selection).
 * Financial statements (trial balance, income statement, balance sheet, indirect cash flow,
 * ageing, DSO/DPO/DIO) from a summarised general ledger. The sales funnel (conversion, days in
 * stage, win rates, weighted pipeline, velocity, calibrated win probabilities and their backtest).
 * Inventory: turnover, days of inventory, GMROI, ABC × XYZ, slow and dead stock, stockouts, fill
 * rate, lead times from receipts, safety stock, reorder point and EOQ. Supplier scorecards
 * (formula criteria, decay-weighted scores, grades and standings) with Spearman checks.
 */
export * from './clv/index.js';
export * from './demand/index.js';
export * from './statements/index.js';
export * from './funnel/index.js';
export * from './inventory/index.js';
export * from './suppliers/index.js';
export { nelderMead, type MinimizeOptions, type MinimizeResult } from './numeric/nelder-mead.js';
