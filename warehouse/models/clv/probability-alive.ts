/**
 * P(customer still active | frequency x, recency t_x, T) under BG/NBD (FHL 2005 eq. 13):
 *
 *   P(alive) = 1 / (1 + [x > 0] a / (b+x-1) * ((alpha+T) / (alpha+t_x))^(r+x)).
 *
 * The odds term overflows for large x or long gaps since the last purchase, so it is
 * formed as exp(log-odds) and the logistic is evaluated on whichever side keeps the
 * exponential below 1.
 */
import type { BgNbdParams } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import type { CustomerSummary } from './units.js';
import { validateSummary } from './validate.js';

export function probabilityAlive(params: BgNbdParams, customer: CustomerSummary): number {
  validateBgNbdParams(params, 'probabilityAlive');
  validateSummary(customer, 0, 'probabilityAlive customer');
  return probabilityAliveUnchecked(params, customer);
}

/** ln of the "dead" odds; -Infinity for customers with no repeat purchase. */
export function logOddsDead(params: BgNbdParams, customer: CustomerSummary): number {
  const x = customer.frequency;
  if (x === 0) return Number.NEGATIVE_INFINITY;
  const { r, alpha, a, b } = params;
  // ln((alpha+T)/(alpha+t_x)) via log1p of the gap: exact when T and t_x are close.
  const logRatio = Math.log1p((customer.T - customer.recency) / (alpha + customer.recency));
  return Math.log(a) - Math.log(b + (x - 1)) + (r + x) * logRatio;
}

/** Validation-free core for callers that have already checked their inputs. */
export function probabilityAliveUnchecked(params: BgNbdParams, customer: CustomerSummary): number {
  const logOdds = logOddsDead(params, customer);
  if (logOdds === Number.NEGATIVE_INFINITY) return 1;
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}
