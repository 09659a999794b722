import { describe, expect, it } from 'vitest';
import { countInterval, countQuantile } from './count-interval.js';

describe('countQuantile', () => {
  it('gives Poisson quantiles when the variance does not exceed the mean', () => {
    // Poisson(2): P(X ≤ 0) = .135, P(X ≤ 1) = .406, P(X ≤ 2) = .677, P(X ≤ 4) = .947, P(X ≤ 5) = .983.
    expect(countQuantile(2, 1, 0.1)).toBe(0);
    expect(countQuantile(2, 2, 0.5)).toBe(2);
    expect(countQuantile(2, 2, 0.95)).toBe(5);
    expect(countQuantile(2, 2, 0.975)).toBe(5);
  });

  it('gives negative-binomial quantiles for over-dispersed demand', () => {
    // Mean 1, variance 3: r = 0.5, p = 1/3. P(0) = (1/3)^0.5 = .577, P(1) = .577·.5·(2/3) = .192 → CDF .770,
    // P(2) = .192·(1.5/2)·(2/3) = .096 → .866, P(3) = .096·(2.5/3)·(2/3) = .053 → .920.
    expect(countQuantile(1, 3, 0.5)).toBe(0);
    expect(countQuantile(1, 3, 0.8)).toBe(2);
    expect(countQuantile(1, 3, 0.9)).toBe(3);
  });

  it('is 0 for a zero or non-finite mean and uses the normal approximation for huge means', () => {
    expect(countQuantile(0, 5, 0.99)).toBe(0);
    expect(countQuantile(Number.NaN, 5, 0.99)).toBe(0);
    const big = countQuantile(1e6, 1e6, 0.975);
    expect(big).toBeCloseTo(1e6 + 1.959964 * 1000, 0);
  });
});

describe('countInterval', () => {
  it('keeps lower ≤ mean ≤ upper even when a quantile falls on the wrong side', () => {
    // Poisson(0.01): the 97.5 % quantile is 0, below the mean.
    const r = countInterval([0.01, 0.01], 0.01, 0.95);
    expect(r.upper).toEqual([0.01, 0.01]);
    expect(r.lower).toEqual([0, 0]);
  });
});
