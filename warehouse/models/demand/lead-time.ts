import { normalQuantile } from './normal-quantile.js';

/**
 * Lead-time demand for safety stock: the demand between placing an order and its
 * arrival, when both weekly demand and the lead time are uncertain.
 *
 * Method: the classical normal approximation (e.g. Silver, Pyke & Thomas, "Inventory
 * and Production Management in Supply Chains", ch. 6) for a random sum of
 * independent weekly demands over a random lead time L independent of demand:
 *   E[D_L]   = E[L] · d̄
 *   Var[D_L] = E[L] · σ̄² + d̄² · Var[L]
 * where d̄ and σ̄² are the forecast mean and the per-week demand variance averaged
 * over the expected lead-time window (weeks 1..E[L], a fractional last week counted
 * pro rata; beyond the forecast horizon the last forecast week is repeated). With a
 * flat forecast this is exactly the textbook formula; with trend or seasonality the
 * window average is the natural plug-in. Quantiles are E + z_p·√Var, floored at 0.
 *
 * Caveats: σ should be the one-week forecast-error SD (e.g. from one-step
 * residuals), and weeks are treated as independent — for models whose errors
 * persist (ETS level uncertainty) this understates the spread for long lead times.
 * For very intermittent items the normal shape is rough; the quantile floor at 0
 * keeps it usable but a count-based simulation would be more faithful.
 */
export type WeeklyNoise =
  /** Per-week demand standard deviation: one value for every week or one per forecast week. */
  | { sigma: number | readonly number[] }
  /** One-step forecast residuals; σ is their root mean square (bias counts as error). */
  | { residuals: readonly number[] };

export interface LeadTime {
  /** Expected lead time in weeks (≥ 0). */
  mean: number;
  /** Standard deviation of the lead time in weeks (≥ 0). */
  sd: number;
}

export interface LeadTimeDemand {
  mean: number;
  sd: number;
  quantiles: { p: number; value: number }[];
}

export function leadTimeDemandQuantiles(
  forecastMean: readonly number[],
  noise: WeeklyNoise,
  leadTime: LeadTime,
  quantiles: readonly number[] = [0.9, 0.95, 0.99],
): LeadTimeDemand {
  if (forecastMean.length === 0) throw new RangeError('forecastMean must have at least one week');
  for (const d of forecastMean) if (!(Number.isFinite(d) && d >= 0)) throw new RangeError(`forecast means must be finite and ≥ 0, got ${d}`);
  if (!(Number.isFinite(leadTime.mean) && leadTime.mean >= 0)) throw new RangeError(`lead-time mean must be ≥ 0, got ${leadTime.mean}`);
  if (!(Number.isFinite(leadTime.sd) && leadTime.sd >= 0)) throw new RangeError(`lead-time sd must be ≥ 0, got ${leadTime.sd}`);
  for (const p of quantiles) if (!(p > 0 && p < 1)) throw new RangeError(`quantiles must be in (0, 1), got ${p}`);

  const sigmaAt = weeklySigma(noise, forecastMean.length);
  const L = leadTime.mean;
  let dBar: number;
  let varBar: number;
  if (L === 0) {
    // No expected lead time: only the lead-time spread contributes, at the next week's rate.
    dBar = forecastMean[0]!;
    varBar = sigmaAt(0) ** 2;
  } else {
    let sumD = 0;
    let sumV = 0;
    const whole = Math.floor(L);
    for (let w = 0; w < Math.ceil(L); w++) {
      const weight = w < whole ? 1 : L - whole;
      const i = Math.min(w, forecastMean.length - 1);
      sumD += weight * forecastMean[i]!;
      sumV += weight * sigmaAt(w) ** 2;
    }
    dBar = sumD / L;
    varBar = sumV / L;
  }
  const mean = L * dBar;
  const sd = Math.sqrt(L * varBar + dBar * dBar * leadTime.sd * leadTime.sd);
  return {
    mean,
    sd,
    quantiles: quantiles.map((p) => ({ p, value: Math.max(0, mean + normalQuantile(p) * sd) })),
  };
}

function weeklySigma(noise: WeeklyNoise, horizon: number): (week: number) => number {
  if ('residuals' in noise) {
    const r = noise.residuals;
    if (r.length === 0) throw new RangeError('residuals must not be empty');
    let ss = 0;
    for (const e of r) {
      if (!Number.isFinite(e)) throw new RangeError(`residuals must be finite, got ${e}`);
      ss += e * e;
    }
    const s = Math.sqrt(ss / r.length);
    return () => s;
  }
  const sigma = noise.sigma;
  const check = (s: number) => {
    if (!(Number.isFinite(s) && s >= 0)) throw new RangeError(`sigma must be finite and ≥ 0, got ${s}`);
  };
  if (typeof sigma === 'number') {
    check(sigma);
    return () => sigma;
  }
  if (sigma.length !== horizon) throw new RangeError(`sigma has ${sigma.length} weeks but the forecast has ${horizon}`);
  sigma.forEach(check);
  return (w) => sigma[Math.min(w, sigma.length - 1)]!;
}
