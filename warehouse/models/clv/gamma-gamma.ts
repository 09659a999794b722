/**
 * Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005 "RFM and CLV";
 * Fader & Hardie 2013 note on the Gamma-Gamma model).
 *
 * A customer's transaction values are Gamma(p, nu) (mean p / nu); nu varies across
 * customers as Gamma(q, v) with v a rate. Given x transactions with mean m, x*m is
 * Gamma(p x, nu), so m is Gamma(p x, nu x); integrating nu out gives
 *
 *   f(m | x) = Gamma(p x + q) / (Gamma(p x) Gamma(q)) * v^q m^(p x - 1) x^(p x) / (v + x m)^(p x + q)
 *
 * which is what is maximised here (in logs).
 */
import { minimiseFromStarts } from './multistart.js';
import { lgamma } from './special.js';
import { logScaleStandardErrors } from './standard-errors.js';
import { validatePositive } from './validate.js';

export interface GammaGammaParams {
  readonly p: number;
  readonly q: number;
  /** Rate of the Gamma distribution of nu across customers (gamma in the papers). */
  readonly v: number;
}

export interface GammaGammaFit extends GammaGammaParams {
  readonly logLikelihood: number;
  readonly standardErrors: { readonly p: number; readonly q: number; readonly v: number };
  readonly converged: boolean;
  /** Customers used (those with frequency > 0). */
  readonly customers: number;
}

export interface MonetarySummary {
  /** Number of repeat purchases. */
  readonly frequency: number;
  /** Mean value of those repeat purchases, in currency units. */
  readonly monetaryValue: number;
}

/** Log-density of one customer's mean order value given their frequency (x > 0). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, row: MonetarySummary): number {
  validatePositive({ p: params.p, q: params.q, v: params.v }, 'gammaGammaLogLikelihood');
  validateMonetary(row, 0, 'gammaGammaLogLikelihood row');
  if (row.frequency === 0) throw new Error('gammaGammaLogLikelihood: frequency must be positive');
  const { p, q, v } = params;
  const x = row.frequency;
  const m = row.monetaryValue;
  const px = p * x;
  return (
    lgamma(px + q) - lgamma(px) - lgamma(q) + q * Math.log(v) + (px - 1) * Math.log(m) + px * Math.log(x) - (px + q) * Math.log(v + x * m)
  );
}

function validateMonetary(row: MonetarySummary, index: number, context: string): void {
  const where = `${context}[${index}]`;
  if (!Number.isInteger(row.frequency) || row.frequency < 0) {
    throw new Error(`${where}.frequency must be a non-negative integer, got ${String(row.frequency)}`);
  }
  if (row.frequency > 0 && !(Number.isFinite(row.monetaryValue) && row.monetaryValue > 0)) {
    throw new Error(`${where}.monetaryValue must be a positive finite amount for a customer with repeat purchases, got ${String(row.monetaryValue)}`);
  }
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood over ln(p, q, v). Rows with
 * frequency 0 are skipped (they carry no repeat-spend information), so a full customer
 * table can be passed as is. Throws, naming the row, on invalid values.
 */
export function fitGammaGamma(rows: readonly MonetarySummary[]): GammaGammaFit {
  const xs: number[] = [];
  const logM: number[] = [];
  const ms: number[] = [];
  rows.forEach((row, i) => {
    validateMonetary(row, i, 'rows');
    if (row.frequency === 0) return;
    xs.push(row.frequency);
    ms.push(row.monetaryValue);
    logM.push(Math.log(row.monetaryValue));
  });
  const n = xs.length;
  if (n === 0) throw new Error('fitGammaGamma: no customers with frequency > 0');
  // Terms that depend on x only are computed once per distinct frequency.
  const distinct = [...new Set(xs)];
  const indexOf = new Map(distinct.map((x, j) => [x, j]));
  const xIndex = Uint32Array.from(xs, (x) => indexOf.get(x)!);
  const x = Float64Array.from(xs);
  const m = Float64Array.from(ms);
  const lm = Float64Array.from(logM);

  const logLik = (p: number, q: number, v: number) => {
    const perX = distinct.map((xj) => lgamma(p * xj + q) - lgamma(p * xj) + p * xj * Math.log(xj));
    let sum = n * (q * Math.log(v) - lgamma(q));
    for (let i = 0; i < n; i++) {
      const px = p * x[i]!;
      sum += perX[xIndex[i]!]! + (px - 1) * lm[i]! - (px + q) * Math.log(v + x[i]! * m[i]!);
    }
    return sum;
  };
  const negLogLik = (eta: readonly number[]) => -logLik(Math.exp(eta[0]!), Math.exp(eta[1]!), Math.exp(eta[2]!));

  // Starts put the implied population mean p v / (q - 1) at the sample mean, for a
  // few levels of within- and between-customer variability.
  const mean = ms.reduce((s, v) => s + v, 0) / n;
  const starts = [
    [1, 2],
    [5, 3],
    [0.5, 5],
    [10, 10],
  ].map(([p, q]) => [Math.log(p!), Math.log(q!), Math.log((mean * (q! - 1)) / p!)]);
  const best = minimiseFromStarts(negLogLik, starts);
  const [p, q, v] = best.x.map(Math.exp) as [number, number, number];
  const se = logScaleStandardErrors(negLogLik, best.x);
  return {
    p,
    q,
    v,
    logLikelihood: -best.value,
    standardErrors: { p: se[0]!, q: se[1]!, v: se[2]! },
    converged: best.converged,
    customers: n,
  };
}

/**
 * E[mean order value | x, m] = p (v + x m) / (p x + q - 1): the posterior mean of p / nu,
 * a credibility-weighted blend of the population mean p v / (q - 1) and the customer's
 * own mean m, weighted towards m as x grows. For x = 0 this is the population mean.
 * Throws when the expectation is infinite (p x + q <= 1).
 */
export function expectedAverageOrderValue(params: GammaGammaParams, customer: MonetarySummary): number {
  validatePositive({ p: params.p, q: params.q, v: params.v }, 'expectedAverageOrderValue');
  validateMonetary(customer, 0, 'expectedAverageOrderValue customer');
  const { p, q, v } = params;
  const x = customer.frequency;
  const denominator = p * x + q - 1;
  if (!(denominator > 0)) {
    throw new Error(`expectedAverageOrderValue: p*frequency + q must exceed 1 for a finite expectation (got ${p * x + q})`);
  }
  const own = x > 0 ? x * customer.monetaryValue : 0;
  return (p * (v + own)) / denominator;
}
