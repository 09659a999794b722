import { describe, expect, it } from 'vitest';
import { minimizeBounded1d } from './minimize-1d.js';
import { fromInterval, toInterval } from './bounded.js';

describe('minimizeBounded1d', () => {
  it('finds an interior minimum', () => {
    const r = minimizeBounded1d((x) => (x - 0.37) ** 2, 0, 1, 20, 1e-8);
    expect(r.x).toBeCloseTo(0.37, 6);
  });

  it('returns the bound when the minimum lies on it, and survives non-finite values', () => {
    expect(minimizeBounded1d((x) => x, 0.01, 0.5).x).toBe(0.01);
    const r = minimizeBounded1d((x) => (x < 0.3 ? Number.NaN : (x - 0.4) ** 2), 0, 1, 20, 1e-8);
    expect(r.x).toBeCloseTo(0.4, 6);
  });
});

describe('bounded transform', () => {
  it('round-trips and stays inside the interval', () => {
    expect(toInterval(fromInterval(0.2, 0.01, 0.5), 0.01, 0.5)).toBeCloseTo(0.2, 12);
    expect(toInterval(-1000, 0.8, 0.98)).toBeGreaterThanOrEqual(0.8);
    expect(toInterval(1000, 0.8, 0.98)).toBeLessThanOrEqual(0.98);
  });
});
