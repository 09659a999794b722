/**
 * Customer lifetime value: BG/NBD purchase-frequency forecasting (Fader, Hardie & Lee
 * 2005, "Counting your customers the easy way") and the Gamma-Gamma spend model (Fader,
 * Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013).
 *
 * Typical use:
 *
 *   const summaries = summarise(transactions, { observationEnd: '2024-06-30', unit: 'week' });
 *   const model = fitBgNbd(summaries);                    // records unit: 'week'
 *   expectedPurchases(model, { value: 13, unit: 'week' }, summaries.rows[0]!);
 *   probabilityAlive(model, summaries.rows[0]!);
 *
 * All functions are pure. Durations carry their unit and every scoring function throws
 * when it disagrees with the model's, so a model fitted in weeks is never read in days.
 */

// Time units and summaries.
/** Time unit of recency, T, alpha and every horizon; carried by summaries and models. */
export type { TimeUnit, Duration, CustomerSummary, CustomerSummaries } from './units.js';
/** Days per unit (a month is 365.2425 / 12 days) and unit guards. */
export { DAYS_PER_UNIT, duration, assertSameUnit, isTimeUnit } from './units.js';
/** Transaction log -> per-customer (frequency, recency, T) in a chosen unit. */
export { summarise } from './summarise.js';
export type { Transaction, SummariseOptions, CustomerSummaryRow } from './summarise.js';

// BG/NBD.
export type { BgNbdParams, BgNbdModel } from './bgnbd-params.js';
/** Individual BG/NBD log-likelihood (log form, log-sum-exp for the two-term mixture). */
export { bgNbdLogLikelihood } from './bgnbd-likelihood.js';
/** Maximum-likelihood BG/NBD fit: multi-start Nelder–Mead in log-parameters, Hessian SEs. */
export { fitBgNbd } from './bgnbd-fit.js';
export type { BgNbdFit, BgNbdFitWithUnit, BgNbdFitOptions } from './bgnbd-fit.js';
/** Conditional and unconditional expected purchases over a horizon. */
export { expectedPurchases, expectedPurchasesNewCustomer } from './bgnbd-expectation.js';
/** P(customer still active | history), computed from log-odds so it never overflows. */
export { probabilityAlive } from './probability-alive.js';

// Gamma-Gamma and CLV.
/** Gamma-Gamma spend model: fit, per-customer expected order value, log-likelihood. */
export { fitGammaGamma, expectedAverageOrderValue, gammaGammaLogLikelihood } from './gamma-gamma.js';
export type { GammaGammaParams, GammaGammaFit, MonetarySummary } from './gamma-gamma.js';
/** Discounted expected value of a customer's future purchases over a horizon. */
export { customerLifetimeValue } from './clv.js';
export type { ClvOptions } from './clv.js';

// Validation of a fitted model.
/** Predicted vs actual holdout purchases by calibration frequency (0..6, 7+), MAE, bias. */
export { calibrationHoldoutReport } from './calibration.js';
export type { CalibrationReport, CalibrationGroup, HoldoutRow } from './calibration.js';

// Simulation and numerics, reusable elsewhere.
/** Seeded BG/NBD and Gamma-Gamma simulators (for recovery tests and what-if studies). */
export { simulateBgNbd, simulateGammaGamma } from './simulate.js';
export type { SimulatedBgNbdCustomer, SimulateBgNbdOptions, SimulatedOrderValues, SimulateGammaGammaOptions } from './simulate.js';
/** Seeded PRNG (xoshiro128**) and samplers (normal, exponential, gamma, beta). */
export { xoshiro128ss, sampleNormal, sampleExponential, sampleGamma, sampleLogGamma, sampleBeta } from './random.js';
export type { Random } from './random.js';
/** lgamma, lbeta and the Gauss hypergeometric function 2F1. */
export { lgamma, lbeta, hyp2f1 } from './special.js';
