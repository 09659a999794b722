import { describe, expect, it } from 'vitest';
import { fitNaive } from './baselines.js';
import { backtestMase, planBacktest } from './backtest.js';
import { fitCrostonSba } from './croston-sba.js';
import { mase } from './mase.js';
import type { DemandSeries, FittedForecaster } from './types.js';

describe('planBacktest', () => {
  it('takes the last origins that leave a full horizon', () => {
    expect(planBacktest(104, 12, 8, 4)).toEqual({ origins: [85, 86, 87, 88, 89, 90, 91, 92], horizon: 12 });
  });

  it('shortens the horizon for short series and gives up when nothing fits', () => {
    expect(planBacktest(10, 12, 8, 4)).toEqual({ origins: [4, 5, 6, 7, 8], horizon: 2 });
    expect(planBacktest(4, 12, 8, 4)).toBeNull();
  });
});

describe('backtestMase', () => {
  it('averages MASE over origins, each scaled by its own training window', () => {
    const y = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3];
    const plan = { origins: [7, 8], horizon: 2 };
    const expected = (mase([6, 5], [2, 2], y.slice(0, 7), 52) + mase([5, 3], [6, 6], y.slice(0, 8), 52)) / 2;
    expect(backtestMase(y, plan, (s) => fitNaive(s), 52)).toBeCloseTo(expected, 12);
  });

  it('estimates parameters only at the earliest origin unless asked to re-estimate', () => {
    const y = [0, 2, 0, 0, 3, 0, 1, 0, 4, 0, 0, 2, 0, 5, 0, 0, 1, 0, 3, 0];
    const plan = { origins: [14, 15, 16], horizon: 2 };
    let fits = 0;
    const counting = (s: DemandSeries): FittedForecaster => {
      fits++;
      return fitCrostonSba(s);
    };
    backtestMase(y, plan, counting, 52);
    expect(fits).toBe(1);
    fits = 0;
    backtestMase(y, plan, counting, 52, true);
    expect(fits).toBe(3);
  });
});
