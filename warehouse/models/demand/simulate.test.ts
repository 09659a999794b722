import { describe, expect, it } from 'vitest';
import { fitNaive } from './baselines.js';
import { classifyDemand } from './classify.js';
import { fitCrostonSba } from './croston-sba.js';
import { fitEts } from './ets-fit.js';
import { mase } from './mase.js';
import { mulberry32, simulateDemand, simulatePortfolio, simulateProcess, simulateSeasonalTrend } from './simulate.js';
import type { SimulatedPattern } from './simulate.js';
import { fitTsb } from './tsb.js';

const PATTERNS: SimulatedPattern[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];

describe('generators', () => {
  it('are deterministic in the seed', () => {
    expect(simulateDemand('lumpy', 50, 9)).toEqual(simulateDemand('lumpy', 50, 9));
    expect(simulateDemand('lumpy', 50, 9)).not.toEqual(simulateDemand('lumpy', 50, 10));
    const a = mulberry32(1);
    const b = mulberry32(1);
    for (let i = 0; i < 5; i++) expect(a()).toBe(b());
  });

  it('mulberry32 is uniform on [0, 1)', () => {
    const rng = mulberry32(123);
    let sum = 0;
    for (let i = 0; i < 100_000; i++) {
      const u = rng();
      expect(u >= 0 && u < 1).toBe(true);
      sum += u;
    }
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });

  it('produce the requested demand probability and size CV²', () => {
    const y = simulateProcess({ probability: 0.25, meanSize: 40, cv2: 0.3 }, 40_000, 4);
    const c = classifyDemand(y);
    // ±0.01 is about 4.6 standard errors of a proportion from 40,000 weeks.
    expect(Math.abs(1 / c.adi - 0.25)).toBeLessThan(0.01);
    expect(c.cv2).toBeGreaterThan(0.27);
    expect(c.cv2).toBeLessThan(0.33);
  });
});

describe('classification recovers the generating pattern', () => {
  it('for at least 95 % of 104-week series of each pattern', () => {
    const accuracy: Record<string, number> = {};
    for (const pattern of PATTERNS) {
      let hits = 0;
      for (let i = 0; i < 200; i++) if (classifyDemand(simulateDemand(pattern, 104, 1000 + i)).pattern === pattern) hits++;
      accuracy[pattern] = hits / 200;
    }
    console.log('classification accuracy on simulated 104-week series:', accuracy);
    for (const pattern of PATTERNS) expect(accuracy[pattern]).toBeGreaterThanOrEqual(0.95);
  });
});

describe('Croston-SBA and TSB on intermittent data', () => {
  it('beat the naive forecast out of sample in MSE and MASE', () => {
    for (const pattern of ['intermittent', 'lumpy'] as const) {
      const totals = { sba: [0, 0], tsb: [0, 0], naive: [0, 0] };
      const runs = 150;
      for (let i = 0; i < runs; i++) {
        const y = simulateDemand(pattern, 116, 5000 + i);
        const train = y.slice(0, 104);
        const test = y.slice(104);
        const forecasts = {
          sba: fitCrostonSba(train).pointForecast(12),
          tsb: fitTsb(train).pointForecast(12),
          naive: fitNaive(train).pointForecast(12),
        };
        for (const key of ['sba', 'tsb', 'naive'] as const) {
          const f = forecasts[key];
          totals[key][0]! += test.reduce((s, v, j) => s + (v - f[j]!) ** 2, 0) / 12;
          totals[key][1]! += mase(test, f, train, 52);
        }
      }
      for (const key of ['sba', 'tsb'] as const) {
        expect(totals[key][0]!).toBeLessThan(0.8 * totals.naive[0]!);
        expect(totals[key][1]!).toBeLessThan(totals.naive[1]!);
      }
    }
  });
});

describe('ETS recovers a known trend and season', () => {
  const m = 52;
  const truthSeason = (j: number, amplitude: number) => amplitude * Math.sin((2 * Math.PI * j) / m);

  it('AAA: slope, seasonal profile and forecasts of an additive series', () => {
    for (const seed of [1, 2, 3]) {
      const y = simulateSeasonalTrend(156, seed, { level: 100, slope: 0.5, amplitude: 20, noiseSd: 3 });
      const fit = fitEts(y, 'AAA');
      expect(fit.trend).toBeGreaterThan(0.4);
      expect(fit.trend).toBeLessThan(0.6);
      let err = 0;
      for (let j = 0; j < m; j++) err += (fit.season[j]! - truthSeason(j, 20)) ** 2;
      expect(Math.sqrt(err / m)).toBeLessThan(3);
      const f = fit.pointForecast(52);
      const rmse = Math.sqrt(f.reduce((s, v, h) => s + (v - (100 + 0.5 * (156 + h) + truthSeason(156 + h, 20))) ** 2, 0) / 52);
      expect(rmse).toBeLessThan(4);
    }
  });

  it('AAM: seasonal factors of a multiplicative series', () => {
    const y = simulateSeasonalTrend(156, 4, { level: 100, slope: 0.3, amplitude: 0.3, noiseSd: 2, multiplicative: true });
    const fit = fitEts(y, 'AAM');
    let err = 0;
    for (let j = 0; j < m; j++) err += (fit.season[j]! - (1 + truthSeason(j, 0.3))) ** 2;
    expect(Math.sqrt(err / m)).toBeLessThan(0.05);
    expect(fit.trend).toBeGreaterThan(0.2);
    expect(fit.trend).toBeLessThan(0.4);
  });

  it('AAN: slope of a noisy linear trend', () => {
    const rng = mulberry32(8);
    const y = Array.from({ length: 104 }, (_, t) => 50 + 2 * t + 4 * (rng() - 0.5));
    expect(fitEts(y, 'AAN').trend).toBeCloseTo(2, 1);
  });
});

describe('simulatePortfolio', () => {
  it('mixes the four patterns deterministically', () => {
    const p = simulatePortfolio(8, 52, 1);
    expect(p.map((s) => s.pattern)).toEqual([...PATTERNS, ...PATTERNS]);
    expect(simulatePortfolio(8, 52, 1)).toEqual(p);
    for (const s of p) expect(s.values.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
  });
});
