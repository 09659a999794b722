import { describe, expect, it } from 'vitest';
import { mean, quantile } from './percentile.js';

describe('quantile (linear interpolation, type 7)', () => {
  it('interpolates between closest ranks', () => {
    // Sorted 1, 2, 3, 10: median h = 1.5 → 2 + 0.5·1; p90 h = 2.7 → 3 + 0.7·7.
    expect(quantile([10, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([10, 1, 3, 2], 0.9)).toBeCloseTo(7.9, 12);
    expect(quantile([10, 1, 3, 2], 0)).toBe(1);
    expect(quantile([10, 1, 3, 2], 1)).toBe(10);
    expect(quantile([7], 0.9)).toBe(7);
  });
  it('is null for no values and refuses a probability outside [0, 1] or a non-finite value', () => {
    expect(quantile([], 0.5)).toBeNull();
    expect(mean([])).toBeNull();
    expect(mean([1, 2, 6])).toBe(3);
    expect(() => quantile([1], 1.5)).toThrow(RangeError);
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(/finite/);
  });
});
