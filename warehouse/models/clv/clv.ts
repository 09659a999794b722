/**
 * Customer lifetime value from a BG/NBD purchase model and a Gamma-Gamma spend model:
 *
 *   CLV = sum_{i=1..H} (E[Y(i)] - E[Y(i-1)]) * E[order value] / (1 + d)^i
 *
 * where E[Y(i)] is the expected number of purchases in the next i periods given the
 * customer's history, each period's purchases are discounted at the end of the period,
 * and the period is one unit of the model's time (so a model fitted in weeks with a
 * weekly discount rate). Spend and frequency are assumed independent, as the Gamma-Gamma
 * model requires.
 */
import { conditionalExpectation } from './bgnbd-expectation.js';
import type { BgNbdModel } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import type { GammaGammaParams, MonetarySummary } from './gamma-gamma.js';
import { expectedAverageOrderValue } from './gamma-gamma.js';
import type { CustomerSummary, TimeUnit } from './units.js';
import { assertSameUnit } from './units.js';
import { validateSummary } from './validate.js';

export interface ClvOptions {
  /** Number of future periods to value (an integer >= 0). */
  readonly horizonPeriods: number;
  /** Discount rate per period, e.g. 0.0019 for ~10% a year in weekly periods. */
  readonly discountRatePerPeriod: number;
  /** Unit of one period; must equal the model's unit. */
  readonly unit: TimeUnit;
}

export function customerLifetimeValue(
  bgnbd: BgNbdModel,
  gg: GammaGammaParams,
  customer: CustomerSummary & MonetarySummary,
  options: ClvOptions,
): number {
  validateBgNbdParams(bgnbd, 'customerLifetimeValue');
  assertSameUnit(bgnbd.unit, options.unit, 'customerLifetimeValue period');
  validateSummary(customer, 0, 'customerLifetimeValue customer');
  const { horizonPeriods: H, discountRatePerPeriod: d } = options;
  if (!Number.isInteger(H) || H < 0) throw new Error(`customerLifetimeValue: horizonPeriods must be a non-negative integer, got ${H}`);
  if (!Number.isFinite(d) || d < 0) throw new Error(`customerLifetimeValue: discountRatePerPeriod must be finite and >= 0, got ${d}`);
  const orderValue = expectedAverageOrderValue(gg, customer);
  let value = 0;
  let previous = 0;
  for (let i = 1; i <= H; i++) {
    const cumulative = conditionalExpectation(bgnbd, i, customer);
    value += ((cumulative - previous) * orderValue) / Math.pow(1 + d, i);
    previous = cumulative;
  }
  return value;
}
