import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyDemand } from './classify.js';
import { fitCrostonSba } from './croston-sba.js';
import { etsEligible, fitEts } from './ets-fit.js';
import { ETS_METHODS } from './ets-model.js';
import { forecastDemand } from './forecast-demand.js';
import { mase } from './mase.js';
import { fitTsb } from './tsb.js';
import type { ForecastInterval } from './types.js';

/** Runs per property; raise with DEMAND_PROPERTY_RUNS for a deeper search. */
const RUNS = Number(process.env.DEMAND_PROPERTY_RUNS ?? 300);

/** Non-negative demand values: zeros, whole units and arbitrary doubles (including subnormals). */
const value = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 1000 }),
  fc.double({ min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true }),
);

/** Series of length 1..156: arbitrary, all zeros, constant, or a single spike. */
const series = fc.oneof(
  fc.array(value, { minLength: 1, maxLength: 156 }),
  fc.integer({ min: 1, max: 156 }).map((n) => new Array<number>(n).fill(0)),
  fc.tuple(fc.integer({ min: 1, max: 156 }), value).map(([n, v]) => new Array<number>(n).fill(v)),
  fc
    .tuple(fc.integer({ min: 1, max: 156 }), fc.nat(), fc.double({ min: 1e-6, max: 1e6, noNaN: true }))
    .map(([n, at, v]) => Array.from({ length: n }, (_, t) => (t === at % n ? v : 0))),
  // Seasonal-looking, strictly positive 3-year series so the seasonal ETS models take part.
  fc
    .tuple(fc.integer({ min: 130, max: 156 }), fc.double({ min: 1, max: 500, noNaN: true }), fc.array(fc.double({ min: 0.5, max: 1.5, noNaN: true }), { minLength: 156, maxLength: 156 }))
    .map(([n, level, noise]) => Array.from({ length: n }, (_, t) => level * (1.2 + Math.sin((2 * Math.PI * t) / 52)) * noise[t]!)),
);

function expectValidInterval(f: ForecastInterval, h: number): void {
  expect(f.mean).toHaveLength(h);
  expect(f.lower).toHaveLength(h);
  expect(f.upper).toHaveLength(h);
  for (let i = 0; i < h; i++) {
    for (const v of [f.lower[i]!, f.mean[i]!, f.upper[i]!]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(f.lower[i]!).toBeLessThanOrEqual(f.mean[i]!);
    expect(f.mean[i]!).toBeLessThanOrEqual(f.upper[i]!);
  }
}

describe('properties', () => {
  it('forecastDemand: finite, non-negative, ordered intervals for any non-negative series', () => {
    fc.assert(
      fc.property(series, fc.integer({ min: 1, max: 26 }), fc.double({ min: 0.5, max: 0.99, noNaN: true }), (y, horizon, level) => {
        const r = forecastDemand(y, { horizon, level });
        expectValidInterval(r.forecast, horizon);
        expect(r.forecast.level).toBe(level);
        for (const s of [r.score, r.naiveScore, r.seasonalNaiveScore, ...r.candidates.map((c) => c.score)]) {
          if (s !== null) expect(Number.isFinite(s) && s >= 0).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Croston-SBA, TSB and every eligible ETS model give valid intervals', () => {
    fc.assert(
      fc.property(series, (y) => {
        expectValidInterval(fitCrostonSba(y).forecast(5, 0.9), 5);
        expectValidInterval(fitTsb(y).forecast(5, 0.9), 5);
        for (const method of ETS_METHODS) {
          if (etsEligible(y, method)) expectValidInterval(fitEts(y, method).forecast(5, 0.9), 5);
        }
      }),
      { numRuns: Math.ceil(RUNS / 3) },
    );
  });

  it('classification and MASE never produce NaN', () => {
    fc.assert(
      fc.property(series, series, (history, future) => {
        const c = classifyDemand(history);
        expect(Number.isNaN(c.adi) || Number.isNaN(c.cv2)).toBe(false);
        const actual = future.slice(0, 5);
        const forecast = actual.map((_, i) => history[i % history.length]!);
        expect(Number.isFinite(mase(actual, forecast, history, 52))).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
