import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesIfAlive, expectedPurchasesNewCustomer } from './bgnbd-expectation.js';
import type { BgNbdModel } from './bgnbd-params.js';
import { probabilityAlive } from './probability-alive.js';
import { xoshiro128ss } from './random.js';
import { simulateBgNbd } from './simulate.js';
import { hyp2f1 } from './special.js';

const CDNOW: BgNbdModel = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43, unit: 'week' };
const weeks = (value: number) => ({ value, unit: 'week' as const });

/** FHL (2005) eq. 10 written out literally, valid where it is well conditioned. */
function paperFormula(m: BgNbdModel, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = m;
  const z = t / (alpha + T + t);
  const bracket = 1 - Math.pow((alpha + T) / (alpha + T + t), r + x) * hyp2f1(r + x, b + x, a + b + x - 1, z);
  const numerator = ((a + b + x - 1) / (a - 1)) * bracket;
  const odds = x > 0 ? (a / (b + x - 1)) * Math.pow((alpha + T) / (alpha + tx), r + x) : 0;
  return numerator / (1 + odds);
}

/**
 * Direct numerical integration of E[Y(t) | alive] over the Beta posterior of p, with the
 * Gamma posterior of lambda integrated analytically: E_p[(1 - (1 + p t/(alpha+T))^-s) / p].
 * Composite Simpson on [0, 1]; only used with a, beta > 1 so the integrand is smooth.
 */
function integrateDirectly(s: number, a: number, beta: number, kappa: number): number {
  const n = 20_000;
  const logB = lbetaBySum(a, beta);
  const f = (p: number) => {
    const g = p === 0 ? s * kappa : (1 - Math.pow(1 + p * kappa, -s)) / p;
    const density = p === 0 || p === 1 ? 0 : Math.exp((a - 1) * Math.log(p) + (beta - 1) * Math.log(1 - p) - logB);
    return g * density;
  };
  let sum = f(0) + f(1);
  for (let i = 1; i < n; i++) sum += (i % 2 === 1 ? 4 : 2) * f(i / n);
  return sum / (3 * n);
}
/** ln B(a, b) for integer a, b by summing logs (independent of special.ts). */
function lbetaBySum(a: number, b: number): number {
  const lf = (k: number) => {
    let s = 0;
    for (let i = 2; i <= k; i++) s += Math.log(i);
    return s;
  };
  return lf(a - 1) + lf(b - 1) - lf(a + b - 1);
}

describe('expectedPurchases', () => {
  it('agrees with the literal FHL eq. 10 (evaluated with hyp2f1) where that is well conditioned', () => {
    const cases: [number, number, number, number][] = [
      [39, 0, 0, 39],
      [39, 2, 30.43, 38.86],
      [39, 5, 20, 39],
      [10, 1, 1, 39],
      [52, 12, 35, 39],
    ];
    for (const [t, x, tx, T] of cases) {
      const ours = expectedPurchases(CDNOW, weeks(t), { frequency: x, recency: tx, T });
      expect(ours).toBeCloseTo(paperFormula(CDNOW, t, x, tx, T), 10);
    }
    const loyal: BgNbdModel = { r: 2.5, alpha: 12, a: 1.8, b: 6, unit: 'week' };
    expect(expectedPurchases(loyal, weeks(26), { frequency: 7, recency: 30, T: 40 })).toBeCloseTo(paperFormula(loyal, 26, 7, 30, 40), 10);
  });

  it('agrees with direct numerical integration over the posterior', () => {
    for (const [s, a, beta, kappa] of [
      [1.24, 3, 4, 0.8],
      [5, 2, 9, 3],
      [0.5, 6, 2, 0.1],
    ] as const) {
      const direct = integrateDirectly(s, a, beta, kappa);
      expect(Math.abs(expectedPurchasesIfAlive(s, a, beta, kappa) - direct) / direct).toBeLessThan(1e-9);
    }
  });

  it('gives the same answer by series and by quadrature over wide parameter ranges', () => {
    const rng = xoshiro128ss(9);
    const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng() * Math.log(hi / lo));
    for (let i = 0; i < 300; i++) {
      const [s, a, beta, kappa] = [logUniform(1e-3, 2e3), logUniform(1e-3, 1e3), logUniform(1e-3, 2e3), logUniform(1e-4, 50)];
      const series = expectedPurchasesIfAlive(s, a, beta, kappa, 'series');
      const quadrature = expectedPurchasesIfAlive(s, a, beta, kappa, 'quadrature');
      expect(Math.abs(series - quadrature) / series).toBeLessThan(1e-8);
    }
  });

  it('uses quadrature for very long horizons and it agrees with the (slow) full series there', () => {
    const rng = xoshiro128ss(10);
    const logUniform = (lo: number, hi: number) => Math.exp(Math.log(lo) + rng() * Math.log(hi / lo));
    let compared = 0;
    while (compared < 25) {
      const [s, a, beta, kappa] = [logUniform(1e-3, 2e3), logUniform(1e-3, 1e3), logUniform(1e-3, 2e3), logUniform(3e3, 5e5)];
      const mean = s * kappa;
      // kappa > 3e3 forces the quadrature route (the geometric tail alone needs > 1e5
      // terms); skip cases whose series would need more than ~2e6 terms, too slow here.
      if (mean + 12 * Math.sqrt(mean * (1 + kappa)) + 40 * kappa > 2e6) continue;
      compared++;
      const auto = expectedPurchasesIfAlive(s, a, beta, kappa);
      const series = expectedPurchasesIfAlive(s, a, beta, kappa, 'series');
      expect(Math.abs(auto - series) / series).toBeLessThan(1e-8);
    }
  });

  it('is smooth through a = 1, where eq. 10 is 0/0', () => {
    const at = (a: number) => expectedPurchases({ ...CDNOW, a }, weeks(39), { frequency: 3, recency: 20, T: 39 });
    const mid = at(1);
    expect(Number.isFinite(mid)).toBe(true);
    expect(Math.abs(at(1 - 1e-9) - mid)).toBeLessThan(1e-8);
    expect(Math.abs(at(1 + 1e-9) - mid)).toBeLessThan(1e-8);
    expect(at(1 + 1e-3)).toBeLessThan(mid); // larger a raises E[p]: more drop-out, fewer purchases
  });

  it('handles x = 0 with a + b < 1, where the 2F1 parameter a+b+x-1 is negative', () => {
    const m: BgNbdModel = { r: 0.3, alpha: 2, a: 0.4, b: 0.35, unit: 'week' };
    const v = expectedPurchases(m, weeks(20), { frequency: 0, recency: 0, T: 10 });
    expect(v).toBeCloseTo(expectedPurchasesIfAlive(0.3, 0.4, 0.35, 20 / 12, 'quadrature'), 10);
  });

  it('is P(alive) times the expectation for an active customer, 0 at t = 0, and increasing in t', () => {
    const customer = { frequency: 4, recency: 10, T: 39 };
    expect(expectedPurchases(CDNOW, weeks(0), customer)).toBe(0);
    let previous = 0;
    for (const t of [1, 5, 20, 100, 1000]) {
      const v = expectedPurchases(CDNOW, weeks(t), customer);
      expect(v).toBeGreaterThan(previous);
      previous = v;
    }
    const alive = probabilityAlive(CDNOW, customer);
    const ifAlive = expectedPurchasesIfAlive(CDNOW.r + 4, CDNOW.a, CDNOW.b + 4, 13 / (CDNOW.alpha + 39));
    expect(expectedPurchases(CDNOW, weeks(13), customer)).toBeCloseTo(alive * ifAlive, 14);
  });

  it('throws when the horizon is in a different unit from the model', () => {
    expect(() => expectedPurchases(CDNOW, { value: 91, unit: 'day' }, { frequency: 1, recency: 1, T: 2 })).toThrow(/time unit mismatch/);
    expect(() => expectedPurchasesNewCustomer(CDNOW, { value: 3, unit: 'month' })).toThrow(/time unit mismatch/);
  });
});

describe('expectedPurchasesNewCustomer', () => {
  it('matches FHL eq. 7 and a customer with no history observed for no time', () => {
    const { r, alpha, a, b } = CDNOW;
    for (const t of [1, 39, 78]) {
      const eq7 = ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyp2f1(r, b, a + b - 1, t / (alpha + t)));
      expect(expectedPurchasesNewCustomer(CDNOW, weeks(t))).toBeCloseTo(eq7, 10);
      expect(expectedPurchases(CDNOW, weeks(t), { frequency: 0, recency: 0, T: 0 })).toBeCloseTo(eq7, 12);
    }
  });

  it('matches the mean repeat purchases of simulated customers (Monte Carlo, 4 SE)', () => {
    const sims = simulateBgNbd(CDNOW, { customers: 100_000, T: 39, seed: 404 });
    const counts = sims.map((c) => c.frequency);
    const mean = counts.reduce((s, v) => s + v, 0) / counts.length;
    const sd = Math.sqrt(counts.reduce((s, v) => s + (v - mean) ** 2, 0) / (counts.length - 1));
    const predicted = expectedPurchasesNewCustomer(CDNOW, weeks(39));
    expect(Math.abs(mean - predicted)).toBeLessThan((4 * sd) / Math.sqrt(counts.length));
  });
});
