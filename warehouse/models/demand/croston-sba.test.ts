import { describe, expect, it } from 'vitest';
import { CROSTON_ALPHA_RANGE, fitCrostonSba } from './croston-sba.js';

describe('fitCrostonSba', () => {
  it('follows the SBA recursion for a fixed α (hand-computed)', () => {
    // y = 0 4 0 0 2, α = 0.2. Initial size z = (4 + 2)/2 = 3, interval p = 5/2 = 2.5.
    // Week 1 (demand 4, 2 weeks since start): z = 3 + 0.2(4 − 3) = 3.2, p = 2.5 + 0.2(2 − 2.5) = 2.4.
    // Week 4 (demand 2, 3 weeks later):      z = 3.2 + 0.2(2 − 3.2) = 2.96, p = 2.4 + 0.2(3 − 2.4) = 2.52.
    // Forecast = (1 − 0.1) · 2.96 / 2.52.
    const fit = fitCrostonSba([0, 4, 0, 0, 2], { params: { alpha: 0.2 } });
    expect(fit.size).toBeCloseTo(2.96, 12);
    expect(fit.interval).toBeCloseTo(2.52, 12);
    expect(fit.pointForecast(3)).toEqual(new Array(3).fill((0.9 * 2.96) / 2.52));
    // In-sample one-step forecasts 0.9·z/p before each week: 0.9·3/2.5 = 1.08 until week 1's update, then 0.9·3.2/2.4 = 1.2.
    const f = [1.08, 1.08, 1.2, 1.2, 1.2];
    const y = [0, 4, 0, 0, 2];
    const mse = y.reduce((s, v, t) => s + (v - f[t]!) ** 2, 0) / 5;
    expect(fit.mse).toBeCloseTo(mse, 12);
  });

  it('estimates α inside [0.01, 0.5] and does at least as well as the grid of fixed values', () => {
    const y = [0, 3, 0, 0, 5, 0, 2, 0, 0, 0, 6, 0, 4, 0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 4];
    const fit = fitCrostonSba(y);
    expect(fit.params.alpha).toBeGreaterThanOrEqual(CROSTON_ALPHA_RANGE[0]);
    expect(fit.params.alpha).toBeLessThanOrEqual(CROSTON_ALPHA_RANGE[1]);
    for (let a = 0.01; a <= 0.5; a += 0.01) {
      expect(fit.mse).toBeLessThanOrEqual(fitCrostonSba(y, { params: { alpha: a } }).mse + 1e-12);
    }
  });

  it('forecasts zero with a zero interval for a series without demand', () => {
    const fit = fitCrostonSba([0, 0, 0]);
    expect(fit.pointForecast(2)).toEqual([0, 0]);
    expect(fit.forecast(2, 0.9)).toEqual({ mean: [0, 0], lower: [0, 0], upper: [0, 0], level: 0.9 });
  });

  it('refits with the same α on a longer history', () => {
    const y = [0, 2, 0, 0, 3, 0, 1, 0, 4, 0, 0, 2];
    const short = fitCrostonSba(y.slice(0, 8));
    const long = short.refit(y);
    expect(long.params).toEqual(short.params);
  });

  it('gives count intervals containing the flat mean', () => {
    const fit = fitCrostonSba([0, 2, 0, 0, 3, 0, 1, 0, 4, 0, 0, 2]);
    const fc = fit.forecast(4, 0.95);
    for (let i = 0; i < 4; i++) {
      expect(fc.lower[i]).toBeLessThanOrEqual(fc.mean[i]!);
      expect(fc.upper[i]).toBeGreaterThanOrEqual(fc.mean[i]!);
      expect(Number.isInteger(fc.upper[i])).toBe(true);
    }
  });
});
