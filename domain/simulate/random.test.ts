import { describe, expect, it } from 'vitest';
import { mean, variance } from 'simple-statistics';
import { stream } from './random.js';

describe('simulator random streams', () => {
  it('are reproducible and independent by key', () => {
    const a = stream(7, 'orders', 3);
    const b = stream(7, 'orders', 3);
    const c = stream(7, 'orders', 4);
    const xs = [a.uniform(), a.uniform()];
    expect([b.uniform(), b.uniform()]).toEqual(xs);
    expect(c.uniform()).not.toBe(xs[0]);
  });

  it('draw gamma, beta and poisson with the right moments', () => {
    const r = stream(1, 'moments');
    const g = Array.from({ length: 40_000 }, () => r.gamma(2.5, 3));
    expect(mean(g)).toBeCloseTo(7.5, 0);
    expect(variance(g)).toBeGreaterThan(20);
    expect(variance(g)).toBeLessThan(25);
    const small = Array.from({ length: 40_000 }, () => r.gamma(0.3, 1));
    expect(mean(small)).toBeCloseTo(0.3, 1);
    const bt = Array.from({ length: 40_000 }, () => r.beta(2, 6));
    expect(mean(bt)).toBeCloseTo(0.25, 2);
    const p = Array.from({ length: 40_000 }, () => r.poisson(3.2));
    expect(mean(p)).toBeCloseTo(3.2, 1);
    expect(variance(p)).toBeCloseTo(3.2, 0);
  });

  it('picks by cumulative weight', () => {
    const r = stream(3, 'weights');
    const counts = [0, 0, 0];
    for (let i = 0; i < 30_000; i++) counts[r.weighted([1, 1, 4])]!++;
    expect(counts[1]).toBe(0);
    expect(counts[0]! / 30_000).toBeCloseTo(0.25, 1);
    expect(counts[2]! / 30_000).toBeCloseTo(0.75, 1);
  });
});
