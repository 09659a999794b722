/**
 * `ledgerloop/models`: pure, typed analytics over arrays, importable from plain JavaScript.
 * Purchase frequency and lifetime value (BG/NBD, Gamma-Gamma) and item demand forecasting
 * (classification, Croston-SBA, TSB, exponential smoothing, rolling-origin selection).
 */
export * from './clv/index.js';
export * from './demand/index.js';
export { nelderMead, type MinimizeOptions, type MinimizeResult } from './numeric/nelder-mead.js';
