import { describe, expect, it } from 'vitest';
import { TSB_RANGE, fitTsb } from './tsb.js';

describe('fitTsb', () => {
  it('follows the TSB recursion for fixed constants (hand-computed)', () => {
    // y = 4 0 2, α = 0.5, β = 0.25. Initial size (4 + 2)/2 = 3, probability 2/3.
    // Week 0 (demand 4): z = 3 + 0.5·1 = 3.5, p = 2/3 + 0.25/3 = 0.75.
    // Week 1 (none):     p = 0.75 · 0.75 = 0.5625.
    // Week 2 (demand 2): z = 3.5 − 0.75 = 2.75, p = 0.5625 + 0.25 · 0.4375 = 0.671875.
    const fit = fitTsb([4, 0, 2], { params: { alpha: 0.5, beta: 0.25 } });
    expect(fit.size).toBeCloseTo(2.75, 12);
    expect(fit.probability).toBeCloseTo(0.671875, 12);
    expect(fit.pointForecast(2)[1]).toBeCloseTo(2.75 * 0.671875, 12);
  });

  it('keeps both constants in the search range', () => {
    const y = [0, 3, 0, 0, 5, 0, 2, 0, 0, 0, 6, 0, 4, 0, 0, 3, 0, 0, 0, 5, 0, 2, 0, 4];
    const { params } = fitTsb(y);
    for (const v of [params.alpha, params.beta]) {
      expect(v).toBeGreaterThanOrEqual(TSB_RANGE[0]);
      expect(v).toBeLessThanOrEqual(TSB_RANGE[1]);
    }
  });

  it('forecasts an obsolescent item down after a run of zeros, unlike Croston', () => {
    const y = [...Array.from({ length: 40 }, (_, t) => (t % 2 === 0 ? 5 : 0)), ...new Array<number>(20).fill(0)];
    const fit = fitTsb(y, { params: { alpha: 0.1, beta: 0.2 } });
    // Probability decays by (1 − β) per zero week: 20 zero weeks leave ≈ 1 % of it.
    expect(fit.pointForecast(1)[0]).toBeLessThan(0.1);
  });
});
