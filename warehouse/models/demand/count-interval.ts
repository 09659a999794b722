import { normalQuantile } from './normal-quantile.js';
import { toDemandInterval } from './interval.js';
import type { ForecastInterval } from './types.js';

/**
 * Prediction intervals for intermittent (count) demand from a distributional
 * assumption around the forecast mean, as Croston-type methods give only a mean.
 *
 * Per-week demand is taken as negative binomial with the forecast as its mean and
 * the model's in-sample one-step mean squared error as its variance — the NB is the
 * usual over-dispersed count law for intermittent demand (e.g. Snyder, Ord & Beaumont
 * 2012). When that variance does not exceed the mean (no over-dispersion to model)
 * the Poisson with the same mean is used. The interval is for one week's demand at
 * each horizon (not cumulative), so it is the same at every step of a flat forecast.
 * Quantiles of these laws are whole units; very large means fall back to the normal
 * approximation, where the discrete sum would be slow and the normal is accurate.
 */
export function countInterval(mean: readonly number[], variance: number, level: number): ForecastInterval {
  const lowP = (1 - level) / 2;
  const highP = 1 - lowP;
  const lower = mean.map((mu) => countQuantile(mu, variance, lowP));
  const upper = mean.map((mu) => countQuantile(mu, variance, highP));
  return toDemandInterval(mean, lower, upper, level);
}

/** Quantile q of NB(mean, variance), or Poisson(mean) when variance ≤ mean. */
export function countQuantile(mean: number, variance: number, q: number): number {
  if (!(mean > 0) || !Number.isFinite(mean)) return 0;
  const v = Number.isFinite(variance) && variance > mean * (1 + 1e-9) ? variance : mean;
  const poisson = v === mean;
  // Log-probability of zero and the ratio P(k+1)/P(k) = (k + r)/(k + 1) · (1 − p).
  let r = 0;
  let oneMinusP = 0;
  let logP0: number;
  if (poisson) {
    logP0 = -mean;
  } else {
    const p = mean / v;
    r = (mean * mean) / (v - mean);
    oneMinusP = 1 - p;
    logP0 = r * Math.log(p);
  }
  const maxK = mean + 40 * Math.sqrt(v) + 50;
  if (logP0 < -600 || maxK > 200_000) return normalApprox(mean, v, q);
  let pk = Math.exp(logP0);
  let cdf = pk;
  let k = 0;
  while (cdf < q) {
    pk *= poisson ? mean / (k + 1) : ((k + r) / (k + 1)) * oneMinusP;
    k++;
    cdf += pk;
    // Rounding can leave the cumulative sum just short of q in the far tail.
    if (k > maxK) return normalApprox(mean, v, q);
  }
  return k;
}

function normalApprox(mean: number, variance: number, q: number): number {
  return Math.max(0, mean + normalQuantile(q) * Math.sqrt(variance));
}
