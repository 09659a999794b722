import { describe, expect, it } from 'vitest';
import { mean, variance } from 'simple-statistics';
import { sampleBeta, sampleExponential, sampleGamma, sampleLogGamma, sampleNormal, xoshiro128ss } from './random.js';

const draws = (n: number, f: () => number) => Array.from({ length: n }, f);

describe('xoshiro128ss', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = draws(5, xoshiro128ss(42));
    expect(draws(5, xoshiro128ss(42))).toEqual(a);
    expect(draws(5, xoshiro128ss(43))).not.toEqual(a);
  });

  it('produces uniforms strictly inside (0, 1) with the right moments', () => {
    const u = draws(200_000, xoshiro128ss(1));
    expect(u.every((x) => x > 0 && x < 1)).toBe(true);
    // Standard errors: 1/sqrt(12 n) ~ 6.5e-4 for the mean.
    expect(Math.abs(mean(u) - 0.5)).toBeLessThan(4 * 6.5e-4);
    expect(Math.abs(variance(u) - 1 / 12)).toBeLessThan(1e-3);
  });
});

describe('samplers', () => {
  const n = 100_000;
  it('normal and exponential have the right mean and variance', () => {
    const rng = xoshiro128ss(2);
    const z = draws(n, () => sampleNormal(rng));
    expect(Math.abs(mean(z))).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(variance(z) - 1)).toBeLessThan(0.02);
    const e = draws(n, () => sampleExponential(rng, 2));
    expect(Math.abs(mean(e) - 0.5)).toBeLessThan((4 * 0.5) / Math.sqrt(n));
  });

  it.each([0.24, 1, 3.7, 50])('gamma(shape %f, rate 4.41) has mean k/rate and variance k/rate^2', (k) => {
    const rng = xoshiro128ss(3);
    const g = draws(n, () => sampleGamma(rng, k, 4.41));
    const sd = Math.sqrt(k) / 4.41;
    expect(Math.abs(mean(g) - k / 4.41)).toBeLessThan((4 * sd) / Math.sqrt(n));
    expect(variance(g) / (k / 4.41 ** 2)).toBeGreaterThan(0.95);
    expect(variance(g) / (k / 4.41 ** 2)).toBeLessThan(1.05);
  });

  it('beta(0.79, 2.43) has mean a/(a+b) and variance ab/((a+b)^2(a+b+1))', () => {
    const rng = xoshiro128ss(4);
    const [a, b] = [0.79, 2.43];
    const x = draws(n, () => sampleBeta(rng, a, b));
    const v = (a * b) / ((a + b) ** 2 * (a + b + 1));
    expect(Math.abs(mean(x) - a / (a + b))).toBeLessThan((4 * Math.sqrt(v)) / Math.sqrt(n));
    expect(variance(x) / v).toBeGreaterThan(0.97);
    expect(variance(x) / v).toBeLessThan(1.03);
  });

  it('stays finite for tiny shapes where U^(1/k) underflows', () => {
    const rng = xoshiro128ss(5);
    for (let i = 0; i < 1000; i++) {
      expect(Number.isFinite(sampleLogGamma(rng, 1e-3))).toBe(true);
      const p = sampleBeta(rng, 1e-3, 1e-3);
      expect(p >= 0 && p <= 1).toBe(true);
    }
  });
});
