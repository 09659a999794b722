import { describe, expect, it } from 'vitest';
import { forecastDemand } from './forecast-demand.js';
import { simulateDemand, simulateSeasonalTrend } from './simulate.js';

describe('forecastDemand', () => {
  it('forecasts zero for a series without demand, by rule', () => {
    for (const s of [[], [0, 0, 0, 0, 0, 0, 0, 0]]) {
      const r = forecastDemand(s, { horizon: 3 });
      expect(r.method).toBe('zero');
      expect(r.score).toBeNull();
      expect(r.forecast).toEqual({ mean: [0, 0, 0], lower: [0, 0, 0], upper: [0, 0, 0], level: 0.95 });
    }
  });

  it('forecasts a constant series flat with a zero-width interval, by rule', () => {
    const r = forecastDemand(new Array<number>(30).fill(7), { horizon: 2, level: 0.8 });
    expect(r.method).toBe('constant');
    expect(r.forecast).toEqual({ mean: [7, 7], lower: [7, 7], upper: [7, 7], level: 0.8 });
    expect(forecastDemand([3]).method).toBe('constant');
  });

  it('picks a Croston-type method for intermittent demand and reports benchmark scores', () => {
    const y = simulateDemand('intermittent', 104, 11);
    const r = forecastDemand(y);
    expect(r.classification.pattern).toBe('intermittent');
    expect(['croston-sba', 'tsb']).toContain(r.method);
    expect(r.candidates.map((c) => c.method)).toEqual(['croston-sba', 'tsb']);
    expect(r.score).toBe(Math.min(...r.candidates.map((c) => c.score)));
    expect(r.naiveScore).not.toBeNull();
    expect(r.seasonalNaiveScore).not.toBeNull();
    expect(r.backtest).toEqual({ origins: 8, horizon: 12 });
    expect(r.forecast.mean).toHaveLength(12);
  });

  it('picks among ETS models and seasonal naive for smooth demand; no seasonal ETS without two seasons at every origin', () => {
    const r = forecastDemand(simulateDemand('smooth', 104, 3));
    expect(r.classification.pattern).toBe('smooth');
    expect(r.candidates.map((c) => c.method)).toEqual(['ANN', 'AAN', 'AAdN', 'snaive']);
    expect(r.seasonalNaiveScore).toBe(r.candidates.find((c) => c.method === 'snaive')!.score);
  });

  it('chooses a seasonal model for a strongly seasonal three-year series', () => {
    const y = simulateSeasonalTrend(156, 5, { level: 200, slope: 0.3, amplitude: 60, noiseSd: 5 });
    const r = forecastDemand(y, { horizon: 8 });
    expect(r.candidates.map((c) => c.method)).toContain('AAA');
    expect(['ANA', 'AAA', 'AAdA', 'ANM', 'AAM', 'AAdM', 'snaive']).toContain(r.method);
    expect(r.score!).toBeLessThan(r.candidates.find((c) => c.method === 'ANN')!.score);
  });

  it('falls back by class when the history is too short to backtest', () => {
    expect(forecastDemand([0, 0, 3, 0]).method).toBe('croston-sba');
    expect(forecastDemand([5, 6, 5, 7]).method).toBe('ANN');
    expect(forecastDemand([5, 6, 5, 7]).score).toBeNull();
  });

  it('rejects negative or non-finite demand and bad options', () => {
    expect(() => forecastDemand([1, -1])).toThrow(RangeError);
    expect(() => forecastDemand([1, Number.NaN])).toThrow(RangeError);
    expect(() => forecastDemand([1, 2], { horizon: 0 })).toThrow(RangeError);
    expect(() => forecastDemand([1, 2], { level: 1 })).toThrow(RangeError);
    expect(() => forecastDemand([1, 2], { seasonPeriod: 1 })).toThrow(RangeError);
  });

  it('can re-estimate at every origin', () => {
    const y = simulateDemand('lumpy', 80, 2);
    const r = forecastDemand(y, { reestimate: true });
    expect(['croston-sba', 'tsb']).toContain(r.method);
  });
});
