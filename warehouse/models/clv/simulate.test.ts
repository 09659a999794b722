import { describe, expect, it } from 'vitest';
import { simulateBgNbd, simulateGammaGamma } from './simulate.js';
import { validateSummary } from './validate.js';

describe('simulateBgNbd', () => {
  const params = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };

  it('is deterministic for a seed and produces valid summaries', () => {
    const a = simulateBgNbd(params, { customers: 2000, T: 39, seed: 5, holdout: 10 });
    expect(simulateBgNbd(params, { customers: 2000, T: 39, seed: 5, holdout: 10 })).toEqual(a);
    a.forEach((row, i) => validateSummary(row, i));
    expect(a.some((c) => c.holdoutPurchases > 0)).toBe(true);
    expect(a.every((c) => Number.isInteger(c.holdoutPurchases))).toBe(true);
  });

  it('keeps the calibration history unchanged when a holdout is added', () => {
    // Same seed, same draws: the holdout only extends each customer's process.
    const withHoldout = simulateBgNbd(params, { customers: 500, T: 39, seed: 6, holdout: 39 });
    const without = simulateBgNbd(params, { customers: 500, T: 39, seed: 6 });
    expect(without.every((c) => c.holdoutPurchases === 0)).toBe(true);
    // The first customer's latent parameters are drawn before any purchase, so they agree.
    expect(withHoldout[0]!.lambda).toBe(without[0]!.lambda);
    expect(withHoldout[0]!.p).toBe(without[0]!.p);
  });

  it('supports one T per customer and checks its inputs', () => {
    const rows = simulateBgNbd(params, { customers: 3, T: [1, 2, 3], seed: 1 });
    expect(rows.map((r) => r.T)).toEqual([1, 2, 3]);
    expect(() => simulateBgNbd(params, { customers: 3, T: [1, 2], seed: 1 })).toThrow(/T has 2 entries/);
    expect(() => simulateBgNbd({ ...params, a: 0 }, { customers: 3, T: 1, seed: 1 })).toThrow(/parameter a/);
  });
});

describe('simulateGammaGamma', () => {
  it('draws positive mean order values whose average matches p v / (q - 1)', () => {
    const params = { p: 6.25, q: 3.74, v: 15.44 };
    const rows = simulateGammaGamma(params, { frequencies: new Array<number>(50_000).fill(1), seed: 3 });
    expect(rows.every((r) => r.monetaryValue > 0)).toBe(true);
    const mean = rows.reduce((s, r) => s + r.monetaryValue, 0) / rows.length;
    const expected = (params.p * params.v) / (params.q - 1);
    // Heavy right tail (q = 3.74 gives a finite but large variance): allow 3%.
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.03);
    expect(() => simulateGammaGamma(params, { frequencies: [0], seed: 1 })).toThrow(/frequencies\[0\]/);
  });
});
