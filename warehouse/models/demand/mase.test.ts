import { describe, expect, it } from 'vitest';
import { mase, maseDetailed } from './mase.js';

describe('mase', () => {
  it('scales the out-of-sample MAE by the in-sample seasonal-naive MAE', () => {
    // m = 2: seasonal differences of 1 3 2 5 4 are 1, 2, 2 → MAE 5/3. Forecast MAE = (1 + 3)/2 = 2.
    const r = maseDetailed([5, 6], [4, 3], [1, 3, 2, 5, 4], 2);
    expect(r.scaleSource).toBe('seasonal-naive');
    expect(r.scale).toBeCloseTo(5 / 3, 12);
    expect(r.value).toBeCloseTo(1.2, 12);
  });

  it('falls back to the naive-1 scale when the history is shorter than m + 1', () => {
    // Naive differences of 1 3 2: 2, 1 → MAE 1.5.
    const r = maseDetailed([4], [2], [1, 3, 2], 52);
    expect(r.scaleSource).toBe('naive');
    expect(r.value).toBeCloseTo(2 / 1.5, 12);
  });

  it('uses the next non-zero scale for flat histories and never returns NaN or Infinity', () => {
    // Perfectly periodic: seasonal-naive MAE is 0, naive MAE is not.
    expect(maseDetailed([1], [2], [1, 2, 1, 2, 1, 2], 2).scaleSource).toBe('naive');
    // Constant history: scale = mean |history| = 5.
    const constant = maseDetailed([5, 7], [5, 5], [5, 5, 5, 5], 2);
    expect(constant).toEqual({ value: 0.2, scale: 5, scaleSource: 'mean-abs-insample' });
    // All-zero history: scale = mean |actual| = 2.
    const zeroHistory = maseDetailed([4, 0], [1, 1], [0, 0, 0], 2);
    expect(zeroHistory).toEqual({ value: 1, scale: 2, scaleSource: 'mean-abs-actual' });
    // Everything zero: the plain MAE, 0 for a zero forecast.
    expect(maseDetailed([0, 0], [0, 0], [0, 0], 2)).toEqual({ value: 0, scale: 1, scaleSource: 'unit' });
    expect(maseDetailed([0, 0], [1, 3], [], 2)).toEqual({ value: 2, scale: 1, scaleSource: 'unit' });
  });

  it('is 0 for a perfect forecast', () => {
    expect(mase([3, 4], [3, 4], [1, 2, 3], 1)).toBe(0);
  });

  it('rejects mismatched, empty or non-finite input', () => {
    expect(() => mase([1, 2], [1], [1, 2], 1)).toThrow(RangeError);
    expect(() => mase([], [], [1, 2], 1)).toThrow(RangeError);
    expect(() => mase([Number.NaN], [1], [1, 2], 1)).toThrow(RangeError);
    expect(() => mase([1], [1], [1, 2], 0)).toThrow(RangeError);
  });
});
