/**
 * BG/NBD log-likelihood (Fader, Hardie & Lee 2005, eq. 6), in log form throughout:
 *
 *   L = B(a, b+x)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+T)^(r+x))
 *     + [x > 0] B(a+1, b+x-1)/B(a, b) * Gamma(r+x) alpha^r / (Gamma(r) (alpha+t_x)^(r+x))
 *
 * Factoring out the first term's beta/gamma part gives
 *   ln L = lnA1 + lnA2 + ln( exp(lnA3) + [x > 0] exp(lnA4) )
 * with
 *   lnA1 = lnGamma(r+x) - lnGamma(r) + r ln(alpha)
 *   lnA2 = lnGamma(a+b) + lnGamma(b+x) - lnGamma(b) - lnGamma(a+b+x)
 *   lnA3 = -(r+x) ln(alpha+T)
 *   lnA4 = ln(a) - ln(b+x-1) - (r+x) ln(alpha+t_x)
 * (B(a+1, b+x-1) / B(a, b+x) = a / (b+x-1)). The sum of the two exponentials is done by
 * log-sum-exp: each term alone underflows for x in the hundreds.
 */
import type { BgNbdParams } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import { lgamma, logAddExp } from './special.js';
import type { CustomerSummary } from './units.js';
import { validateSummary } from './validate.js';

/** Log-likelihood contribution of one customer. */
export function bgNbdLogLikelihood(params: BgNbdParams, row: CustomerSummary): number {
  validateBgNbdParams(params, 'bgNbdLogLikelihood');
  validateSummary(row, 0, 'bgNbdLogLikelihood row');
  const { r, alpha, a, b } = params;
  const x = row.frequency;
  const lnA1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const lnA2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const lnA3 = -(r + x) * Math.log(alpha + row.T);
  // b + (x - 1), not (b + x) - 1: for small b and x = 1 the latter loses b's digits.
  const lnA4 = x > 0 ? Math.log(a) - Math.log(b + (x - 1)) - (r + x) * Math.log(alpha + row.recency) : Number.NEGATIVE_INFINITY;
  return lnA1 + lnA2 + logAddExp(lnA3, lnA4);
}

/**
 * Customers grouped by identical (frequency, recency, T) with a weight each, plus the
 * distinct frequencies and T values, so that a likelihood evaluation computes each
 * lgamma once per distinct frequency and ln(alpha + T) once per distinct T.
 */
export interface BgNbdData {
  readonly customers: number;
  readonly groups: number;
  readonly distinctFrequencies: Float64Array;
  readonly distinctTs: Float64Array;
  /** Per group: index into distinctFrequencies. */
  readonly frequencyIndex: Uint32Array;
  /** Per group: index into distinctTs. */
  readonly tIndex: Uint32Array;
  readonly recency: Float64Array;
  readonly weight: Float64Array;
}

/** Validates every row (throwing with its index) and groups identical rows. */
export function prepareBgNbdData(rows: readonly CustomerSummary[]): BgNbdData {
  if (rows.length === 0) throw new Error('BG/NBD: no customers to fit');
  const groupOf = new Map<string, number>();
  const freqOf = new Map<number, number>();
  const tOf = new Map<number, number>();
  const frequencies: number[] = [];
  const ts: number[] = [];
  const fi: number[] = [];
  const ti: number[] = [];
  const rec: number[] = [];
  const w: number[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    validateSummary(row, i);
    const key = `${row.frequency},${row.recency},${row.T}`;
    const g = groupOf.get(key);
    if (g !== undefined) {
      w[g]! += 1;
      continue;
    }
    let f = freqOf.get(row.frequency);
    if (f === undefined) {
      f = frequencies.length;
      frequencies.push(row.frequency);
      freqOf.set(row.frequency, f);
    }
    let t = tOf.get(row.T);
    if (t === undefined) {
      t = ts.length;
      ts.push(row.T);
      tOf.set(row.T, t);
    }
    groupOf.set(key, w.length);
    fi.push(f);
    ti.push(t);
    rec.push(row.recency);
    w.push(1);
  }
  return {
    customers: rows.length,
    groups: w.length,
    distinctFrequencies: Float64Array.from(frequencies),
    distinctTs: Float64Array.from(ts),
    frequencyIndex: Uint32Array.from(fi),
    tIndex: Uint32Array.from(ti),
    recency: Float64Array.from(rec),
    weight: Float64Array.from(w),
  };
}

/**
 * Total log-likelihood over prepared data. The same algebra as bgNbdLogLikelihood, with
 * per-frequency and per-T pieces hoisted out of the per-group loop; this is the inner
 * loop of fitting, so it avoids allocation and re-validation.
 */
export function bgNbdTotalLogLikelihood(params: BgNbdParams, data: BgNbdData): number {
  const { r, alpha, a, b } = params;
  const nf = data.distinctFrequencies.length;
  const perFreq = new Float64Array(nf); // lnGamma(r+x) + lnGamma(b+x) - lnGamma(a+b+x)
  const lnOdds = new Float64Array(nf); // ln a - ln(b+x-1)
  const logA = Math.log(a);
  for (let j = 0; j < nf; j++) {
    const x = data.distinctFrequencies[j]!;
    perFreq[j] = lgamma(r + x) + lgamma(b + x) - lgamma(a + b + x);
    lnOdds[j] = x > 0 ? logA - Math.log(b + (x - 1)) : Number.NEGATIVE_INFINITY;
  }
  const logAlphaT = data.distinctTs.map((T) => Math.log(alpha + T));
  let sum = 0;
  for (let g = 0; g < data.groups; g++) {
    const j = data.frequencyIndex[g]!;
    const x = data.distinctFrequencies[j]!;
    const s = r + x;
    const lnA3 = -s * logAlphaT[data.tIndex[g]!]!;
    let mix = lnA3;
    if (x > 0) {
      const lnA4 = lnOdds[j]! - s * Math.log(alpha + data.recency[g]!);
      // Inline log-sum-exp; either term may be the larger one.
      mix = lnA4 > lnA3 ? lnA4 + Math.log1p(Math.exp(lnA3 - lnA4)) : lnA3 + Math.log1p(Math.exp(lnA4 - lnA3));
    }
    sum += data.weight[g]! * (perFreq[j]! + mix);
  }
  const common = -lgamma(r) + r * Math.log(alpha) + lgamma(a + b) - lgamma(b);
  return sum + data.customers * common;
}
