import { describe, expect, it } from 'vitest';
import { forecastDemand } from './forecast-demand.js';
import { forecastMany } from './forecast-many.js';
import { simulatePortfolio } from './simulate.js';

describe('forecastMany', () => {
  it('equals forecasting each series alone, in order', () => {
    const series = simulatePortfolio(12, 60, 3).map((s) => s.values);
    const many = forecastMany(series, { horizon: 4 });
    expect(many).toEqual(series.map((s) => forecastDemand(s, { horizon: 4 })));
  });

  it('names the failing series', () => {
    expect(() => forecastMany([[1, 2], [1, -2]])).toThrow(/series 1: /);
  });

  it('reports progress', () => {
    const calls: number[] = [];
    forecastMany(simulatePortfolio(5, 20, 1).map((s) => s.values), { progressEvery: 2, onProgress: (done) => calls.push(done) });
    expect(calls).toEqual([2, 4, 5]);
  });

  // Throughput is printed, not asserted (machines differ). Set DEMAND_BENCH_SERIES=10000 for the full-size run.
  it('prints the time for a portfolio of 104-week series', () => {
    const count = Number(process.env.DEMAND_BENCH_SERIES ?? 1000);
    const series = simulatePortfolio(count, 104, 42).map((s) => s.values);
    const start = performance.now();
    const results = forecastMany(series);
    const ms = performance.now() - start;
    const methods: Record<string, number> = {};
    for (const r of results) methods[r.method] = (methods[r.method] ?? 0) + 1;
    console.log(`forecastMany: ${count} series × 104 weeks in ${ms.toFixed(0)} ms (${(ms / count).toFixed(3)} ms/series)`, methods);
    expect(results).toHaveLength(count);
  });
});
