import { describe, expect, it } from 'vitest';
import { leadTimeDemandQuantiles } from './lead-time.js';

const z95 = 1.6448536269514722;

describe('leadTimeDemandQuantiles', () => {
  it('applies E = L·d and Var = L·σ² + d²·σ_L² for a flat forecast', () => {
    // d = 10, σ = 3, L ~ (4, 1): E = 40, Var = 4·9 + 100·1 = 136.
    const r = leadTimeDemandQuantiles(new Array<number>(8).fill(10), { sigma: 3 }, { mean: 4, sd: 1 }, [0.5, 0.95]);
    expect(r.mean).toBeCloseTo(40, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(136), 12);
    expect(r.quantiles[0]!.value).toBeCloseTo(40, 8);
    expect(r.quantiles[1]!.value).toBeCloseTo(40 + z95 * Math.sqrt(136), 6);
  });

  it('averages a non-flat forecast and per-week sigma over the lead-time window, pro rata', () => {
    // L = 2.5: weeks 1, 2 and half of week 3 → total mean 10 + 20 + 15 = 45, variance 1 + 4 + 4.5 = 9.5.
    const r = leadTimeDemandQuantiles([10, 20, 30], { sigma: [1, 2, 3] }, { mean: 2.5, sd: 0 });
    expect(r.mean).toBeCloseTo(45, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(9.5), 12);
    expect(r.quantiles.map((q) => q.p)).toEqual([0.9, 0.95, 0.99]);
  });

  it('repeats the last forecast week beyond the horizon and estimates σ from residuals', () => {
    const r = leadTimeDemandQuantiles([10], { residuals: [1, -1, 1, -1] }, { mean: 3, sd: 0 });
    expect(r.mean).toBeCloseTo(30, 12);
    expect(r.sd).toBeCloseTo(Math.sqrt(3), 12);
  });

  it('floors quantiles at zero and handles a zero expected lead time', () => {
    const r = leadTimeDemandQuantiles([0.1], { sigma: 5 }, { mean: 1, sd: 0 }, [0.05]);
    expect(r.quantiles[0]!.value).toBe(0);
    const instant = leadTimeDemandQuantiles([10], { sigma: 5 }, { mean: 0, sd: 0.5 }, [0.95]);
    expect(instant.mean).toBe(0);
    expect(instant.sd).toBeCloseTo(5, 12);
  });

  it('rejects invalid input', () => {
    expect(() => leadTimeDemandQuantiles([], { sigma: 1 }, { mean: 1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([-1], { sigma: 1 }, { mean: 1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([1], { sigma: -1 }, { mean: 1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([1, 2], { sigma: [1] }, { mean: 1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([1], { residuals: [] }, { mean: 1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([1], { sigma: 1 }, { mean: -1, sd: 0 })).toThrow(RangeError);
    expect(() => leadTimeDemandQuantiles([1], { sigma: 1 }, { mean: 1, sd: 0 }, [1])).toThrow(RangeError);
  });
});
