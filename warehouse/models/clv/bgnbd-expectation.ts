/**
 * Expected purchases under BG/NBD.
 *
 * Fader, Hardie & Lee (2005, eq. 10) give, for a customer with history (x, t_x, T),
 *
 *   E[Y(t) | x, t_x, T] = P(alive) * (a+b+x-1)/(a-1)
 *                         * [1 - ((alpha+T)/(alpha+T+t))^(r+x) 2F1(r+x, b+x; a+b+x-1; z)],
 *   z = t / (alpha+T+t).
 *
 * Evaluated literally this fails across a realistic parameter range: the bracket is a
 * difference of nearly equal numbers divided by (a-1) (0/0 at a = 1, catastrophic
 * cancellation near it), the third 2F1 argument a+b+x-1 can be zero or negative when
 * x = 0, and for z near 1 the series needs millions of terms and overflows.
 *
 * Instead we evaluate the same 2F1 series regrouped. Given alive at T, the posterior is
 * lambda ~ Gamma(s = r+x, rate alpha+T) and p ~ Beta(a, beta = b+x), and
 *
 *   E[Y(t) | alive] = sum_{n>=1} w_n h(n),
 *   w_n  = NegBin(s, z) pmf = (1-z)^s (s)_n z^n / n!   (Poisson-Gamma count of purchase
 *          opportunities in the window),
 *   h(n) = sum_{k<n} (beta)_k / (a+beta)_k             (expected purchases made in n
 *          opportunities when each survives with E[(1-p)^k]).
 *
 * Expanding (1-z)^s 2F1 term by term and using sum_n w_n = 1 shows this is exactly the
 * bracket above times (a+b+x-1)/(a-1), with the subtraction and the division by (a-1)
 * done analytically: every term is positive, nothing cancels, and a = 1 is not special.
 * When the NegBin mass lies beyond ~1e5 terms (very long horizons relative to
 * alpha + T), the equivalent integral E_p[(1 - (1 + p t/(alpha+T))^-s) / p] over the
 * Beta posterior is computed by adaptive quadrature in logit(p) instead.
 */
import type { BgNbdModel, BgNbdParams } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import { probabilityAliveUnchecked } from './probability-alive.js';
import { logIntegrateUnimodal, maximiseUnimodal } from './quadrature.js';
import { lbeta, softplus } from './special.js';
import type { CustomerSummary, Duration } from './units.js';
import { durationValueIn } from './units.js';
import { validateSummary } from './validate.js';

/** Above this many series terms the quadrature route is cheaper. */
const MAX_SERIES_TERMS = 100_000;

export type ExpectationMethod = 'auto' | 'series' | 'quadrature';

/**
 * Expected purchases in the next t periods for a customer who is alive now, with
 * posterior shapes s = r + x (rate shape), beta = b + x, dropout shape a, and
 * kappa = t / (alpha + T). Exposed for testing and for callers that cache posteriors.
 */
export function expectedPurchasesIfAlive(s: number, a: number, beta: number, kappa: number, method: ExpectationMethod = 'auto'): number {
  if (kappa === 0) return 0;
  if (method === 'quadrature') return byQuadrature(s, a, beta, kappa);
  if (method === 'series') return bySeries(s, a, beta, kappa, Number.POSITIVE_INFINITY) ?? Number.NaN;
  const mean = s * kappa;
  const needed = mean + 12 * Math.sqrt(mean * (1 + kappa)) + 40 / Math.log1p(1 / kappa) + 50;
  if (needed <= MAX_SERIES_TERMS) {
    const viaSeries = bySeries(s, a, beta, kappa, 2 * MAX_SERIES_TERMS);
    if (viaSeries !== undefined) return viaSeries;
  }
  return byQuadrature(s, a, beta, kappa);
}

/**
 * sum_n w_n h(n) normalised by sum_n w_n (so (1-z)^s, which underflows for large s, is
 * never formed). Weights are kept relative to the NegBin mode and summed outwards from
 * it until the remaining tail is below 1e-16 of the total. Returns undefined if more
 * than maxTerms terms would be needed.
 */
function bySeries(s: number, a: number, beta: number, kappa: number, maxTerms: number): number | undefined {
  const z = kappa / (1 + kappa);
  const mode = s > 1 ? Math.floor((s - 1) * kappa) : 0;
  if (mode > maxTerms) return undefined;
  // H[n] = h(n) for n <= mode; q = (beta)_k / (a+beta)_k.
  const H = new Float64Array(mode + 1);
  let q = 1;
  for (let k = 0; k < mode; k++) {
    H[k + 1] = H[k]! + q;
    q *= (beta + k) / (a + beta + k);
  }
  let num = H[mode]!;
  let den = 1;
  // Upward from the mode.
  let w = 1;
  let h = H[mode]!;
  for (let n = mode; ; n++) {
    if (n - mode > maxTerms) return undefined;
    const ratio = ((s + n) * z) / (n + 1);
    w *= ratio;
    h += q;
    q *= (beta + n) / (a + beta + n);
    num += w * h;
    den += w;
    // Beyond the mode the weights fall at least geometrically with the current ratio,
    // so the rest of the tail is bounded by term * ratio / (1 - ratio); h grows more
    // slowly than any geometric rate, which the 1e-16 margin absorbs.
    if (ratio < 1) {
      const tailFactor = 1 + ratio / (1 - ratio);
      if (w * h * tailFactor <= 1e-16 * num && w * tailFactor <= 1e-16 * den) break;
    }
    if (w === 0) break;
  }
  // Downward from the mode (weights fall monotonically towards n = 0).
  w = 1;
  for (let n = mode; n > 0; n--) {
    w *= n / ((s + n - 1) * z);
    num += w * H[n - 1]!;
    den += w;
    if (w <= 1e-17 * den) break;
  }
  return num / den;
}

/**
 * The same expectation as an integral over v = logit(p):
 *   E = integral g(p) p^a (1-p)^beta / B(a, beta) dv,  g(p) = (1 - (1 + p kappa)^-s) / p,
 * where p (1-p) dv = dp absorbs the Beta density's endpoint singularities, leaving a
 * smooth unimodal integrand whose tails fall like exp(a v) and exp(-beta v).
 */
function byQuadrature(s: number, a: number, beta: number, kappa: number): number {
  const logB = lbeta(a, beta);
  const logSKappa = Math.log(s) + Math.log(kappa);
  const logf = (v: number): number => {
    const logP = -softplus(-v);
    const log1mP = -softplus(v);
    let logG: number;
    if (logP < -700) {
      // p * kappa is below 1e-300 here: g(p) = s kappa to within 1 ulp.
      logG = logSKappa;
    } else {
      const p = Math.exp(logP);
      logG = Math.log(-Math.expm1(-s * Math.log1p(p * kappa))) - logP;
    }
    return logG + a * logP + beta * log1mP - logB;
  };
  // Candidate peaks: where g switches from ~s kappa to ~1/p, the Beta mode, and the mode
  // of p^(a-1) (1-p)^beta (the 1/p regime); whichever is highest seeds the search.
  const candidates = [-logSKappa, Math.log(a / beta), 0];
  if (a > 1) candidates.push(Math.log((a - 1) / beta));
  let guess = candidates[0]!;
  for (const c of candidates) if (logf(c) > logf(guess)) guess = c;
  const mode = maximiseUnimodal(logf, guess, 1);
  const h = 1e-3;
  const curvature = (logf(mode + h) - 2 * logf(mode) + logf(mode - h)) / (h * h);
  const scale = curvature < 0 ? Math.min(10, Math.max(1e-3, 1 / Math.sqrt(-curvature))) : 1;
  return Math.exp(logIntegrateUnimodal(logf, { mode, scale, farDecayLeft: a, farDecayRight: beta }));
}

/**
 * E[purchases in the next t | frequency, recency, T]: the conditional expectation of
 * FHL (2005) eq. 10, computed as P(alive) times the expectation given alive (see the
 * module comment). `t` must be in the model's unit.
 */
export function expectedPurchases(model: BgNbdModel, t: Duration, customer: CustomerSummary, method: ExpectationMethod = 'auto'): number {
  validateBgNbdParams(model, 'expectedPurchases');
  const horizon = durationValueIn(t, model.unit, 'expectedPurchases t');
  validateSummary(customer, 0, 'expectedPurchases customer');
  return conditionalExpectation(model, horizon, customer, method);
}

/** Unchecked core, shared with CLV and calibration (inputs already validated). */
export function conditionalExpectation(params: BgNbdParams, t: number, customer: CustomerSummary, method: ExpectationMethod = 'auto'): number {
  const x = customer.frequency;
  const kappa = t / (params.alpha + customer.T);
  const ifAlive = expectedPurchasesIfAlive(params.r + x, params.a, params.b + x, kappa, method);
  return probabilityAliveUnchecked(params, customer) * ifAlive;
}

/**
 * E[X(t)] for a newly acquired customer (time since first purchase t, repeat purchases
 * counted): FHL (2005) eq. 7, which is the alive-conditional expectation with no history
 * (s = r, beta = b, kappa = t / alpha).
 */
export function expectedPurchasesNewCustomer(model: BgNbdModel, t: Duration, method: ExpectationMethod = 'auto'): number {
  validateBgNbdParams(model, 'expectedPurchasesNewCustomer');
  const horizon = durationValueIn(t, model.unit, 'expectedPurchasesNewCustomer t');
  return expectedPurchasesIfAlive(model.r, model.a, model.b, horizon / model.alpha, method);
}
