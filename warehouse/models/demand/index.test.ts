import { describe, expect, it } from 'vitest';
import * as demand from './index.js';

describe('public API', () => {
  it('exposes the main entry points', () => {
    for (const name of [
      'classifyDemand',
      'fitCrostonSba',
      'fitTsb',
      'fitEts',
      'mase',
      'forecastDemand',
      'forecastMany',
      'leadTimeDemandQuantiles',
      'simulateDemand',
    ] as const) {
      expect(typeof demand[name]).toBe('function');
    }
  });

  it('runs end to end: forecast then lead-time quantiles', () => {
    const y = demand.simulateDemand('smooth', 104, 1);
    const r = demand.forecastDemand(y, { horizon: 8 });
    const ltd = demand.leadTimeDemandQuantiles(r.forecast.mean, { sigma: r.sigma }, { mean: 3, sd: 0.5 });
    expect(r.sigma).toBeGreaterThan(0);
    expect(ltd.quantiles[2]!.value).toBeGreaterThan(ltd.mean);
  });
});
