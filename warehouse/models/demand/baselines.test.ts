import { describe, expect, it } from 'vitest';
import { fitConstant, fitNaive, fitSeasonalNaive, fitZero } from './baselines.js';

describe('baseline forecasters', () => {
  it('zero and constant give zero-width intervals', () => {
    expect(fitZero().forecast(2, 0.9)).toEqual({ mean: [0, 0], lower: [0, 0], upper: [0, 0], level: 0.9 });
    expect(fitConstant([4, 4, 4]).forecast(2, 0.9)).toEqual({ mean: [4, 4], lower: [4, 4], upper: [4, 4], level: 0.9 });
  });

  it('naive repeats the last value with variance growing as h·σ²', () => {
    // Changes 2, −1, 3: σ² = 14/3.
    const fc = fitNaive([1, 3, 2, 5]).forecast(2, 0.95);
    expect(fc.mean).toEqual([5, 5]);
    const z = 1.959963984540054;
    expect(fc.upper[0]).toBeCloseTo(5 + z * Math.sqrt(14 / 3), 7);
    expect(fc.upper[1]).toBeCloseTo(5 + z * Math.sqrt((2 * 14) / 3), 7);
    expect(fc.lower[1]).toBe(0);
  });

  it('seasonal naive repeats the last season', () => {
    const fit = fitSeasonalNaive([1, 2, 3, 4, 5, 6], 3);
    expect(fit.pointForecast(5)).toEqual([4, 5, 6, 4, 5]);
    expect(() => fitSeasonalNaive([1, 2], 3)).toThrow(RangeError);
  });
});
