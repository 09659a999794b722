/**
 * Seeded simulators for the BG/NBD and Gamma-Gamma generative stories, used to test that
 * the fitters recover known parameters and that predictions match simulated holdouts.
 */
import type { BgNbdParams } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { sampleBeta, sampleExponential, sampleGamma, xoshiro128ss } from './random.js';
import { validatePositive } from './validate.js';

export interface SimulatedBgNbdCustomer {
  readonly frequency: number;
  readonly recency: number;
  readonly T: number;
  /** Purchases in (T, T + holdout]; 0 when no holdout was requested. */
  readonly holdoutPurchases: number;
  /** Latent purchase rate, for diagnostics. */
  readonly lambda: number;
  /** Latent dropout probability, for diagnostics. */
  readonly p: number;
}

export interface SimulateBgNbdOptions {
  customers: number;
  /** Calibration length for everyone, or one per customer (cohorts). */
  T: number | readonly number[];
  seed: number;
  /** Length of a holdout period following each customer's T. */
  holdout?: number;
}

/**
 * The BG/NBD story: each customer's first purchase is at time 0; while active, purchases
 * arrive as a Poisson process with rate lambda ~ Gamma(r, alpha); after every purchase the
 * customer drops out with probability p ~ Beta(a, b). The process runs on through the
 * holdout, so holdout counts are consistent with the calibration history.
 */
export function simulateBgNbd(params: BgNbdParams, options: SimulateBgNbdOptions): SimulatedBgNbdCustomer[] {
  validateBgNbdParams(params, 'simulateBgNbd');
  const { customers, seed } = options;
  const holdout = options.holdout ?? 0;
  if (!Number.isInteger(customers) || customers < 0) throw new Error(`simulateBgNbd: customers must be a non-negative integer, got ${customers}`);
  if (Array.isArray(options.T) && options.T.length !== customers) {
    throw new Error(`simulateBgNbd: T has ${options.T.length} entries for ${customers} customers`);
  }
  const rng = xoshiro128ss(seed);
  const out: SimulatedBgNbdCustomer[] = [];
  for (let i = 0; i < customers; i++) {
    const T = typeof options.T === 'number' ? options.T : (options.T as readonly number[])[i]!;
    if (!(T >= 0) || !Number.isFinite(T)) throw new Error(`simulateBgNbd: T[${i}] must be finite and non-negative, got ${T}`);
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    const end = T + holdout;
    let t = 0;
    let frequency = 0;
    let recency = 0;
    let holdoutPurchases = 0;
    for (;;) {
      t += sampleExponential(rng, lambda);
      if (!(t <= end)) break;
      if (t <= T) {
        frequency++;
        recency = t;
      } else {
        holdoutPurchases++;
      }
      if (rng() < p) break; // dropped out after this purchase
    }
    out.push({ frequency, recency, T, holdoutPurchases, lambda, p });
  }
  return out;
}

export interface SimulatedOrderValues {
  readonly frequency: number;
  /** Mean value of the customer's repeat purchases. */
  readonly monetaryValue: number;
  /** Latent customer mean p / nu, for diagnostics. */
  readonly trueMean: number;
}

export interface SimulateGammaGammaOptions {
  /** Number of repeat purchases for each simulated customer (each > 0). */
  frequencies: readonly number[];
  seed: number;
}

/**
 * The Gamma-Gamma story: each customer has nu ~ Gamma(q, v) (rate v); each of their
 * transaction values is Gamma(p, nu); monetaryValue is the mean of `frequency` of them.
 */
export function simulateGammaGamma(params: GammaGammaParams, options: SimulateGammaGammaOptions): SimulatedOrderValues[] {
  validatePositive({ p: params.p, q: params.q, v: params.v }, 'simulateGammaGamma');
  const rng = xoshiro128ss(options.seed);
  return options.frequencies.map((frequency, i) => {
    if (!Number.isInteger(frequency) || frequency < 1) {
      throw new Error(`simulateGammaGamma: frequencies[${i}] must be a positive integer, got ${frequency}`);
    }
    const nu = sampleGamma(rng, params.q, params.v);
    // The sum of `frequency` Gamma(p, nu) values is Gamma(p * frequency, nu).
    let total = 0;
    for (let j = 0; j < frequency; j++) total += sampleGamma(rng, params.p, nu);
    return { frequency, monetaryValue: total / frequency, trueMean: params.p / nu };
  });
}
