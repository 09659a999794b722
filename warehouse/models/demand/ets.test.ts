import { describe, expect, it } from 'vitest';
import { etsEligible, etsMinLength, fitEts } from './ets-fit.js';
import { etsInitialState } from './ets-init.js';
import { etsForecastVariance } from './ets-interval.js';
import { ETS_METHODS, etsSpec } from './ets-model.js';
import type { EtsParams, EtsState } from './ets-model.js';
import { mulberry32, normal } from './prng.js';

const noSeason = new Float64Array(0);

describe('ETS damped additive trend (AAdN)', () => {
  it('reproduces hand-computed states and ŷ(t+h) = ℓ_t + (φ + … + φ^h) b_t exactly', () => {
    // α = 0.5, β = 0.2, φ = 0.9, ℓ₀ = 9, b₀ = 1, y = 10, 12, 13. By hand:
    // t=1: μ = 9 + 0.9·1 = 9.9,           e = 0.1,     ℓ = 9.9 + 0.05 = 9.95,        b = 0.9 + 0.02 = 0.92
    // t=2: μ = 9.95 + 0.828 = 10.778,      e = 1.222,   ℓ = 10.778 + 0.611 = 11.389,  b = 0.828 + 0.2444 = 1.0724
    // t=3: μ = 11.389 + 0.96516 = 12.35416, e = 0.64584, ℓ = 12.35416 + 0.32292 = 12.67708,
    //                                                    b = 0.96516 + 0.129168 = 1.094328
    // h=1: 12.67708 + 0.9·1.094328                  = 13.6619752
    // h=2: 12.67708 + (0.9 + 0.81)·1.094328         = 14.54838088
    // h=3: 12.67708 + (0.9 + 0.81 + 0.729)·1.094328 = 15.346145992
    const params: EtsParams = { alpha: 0.5, beta: 0.2, gamma: 0, phi: 0.9 };
    const init: EtsState = { level: 9, trend: 1, season: noSeason };
    const fit = fitEts([10, 12, 13], 'AAdN', { params, init });
    expect(fit.level).toBeCloseTo(12.67708, 12);
    expect(fit.trend).toBeCloseTo(1.094328, 12);
    const f = fit.pointForecast(3);
    expect(f[0]).toBeCloseTo(13.6619752, 12);
    expect(f[1]).toBeCloseTo(14.54838088, 12);
    expect(f[2]).toBeCloseTo(15.346145992, 12);
    // SSE = 0.1² + 1.222² + 0.64584².
    expect(fit.sse).toBeCloseTo(0.01 + 1.222 ** 2 + 0.64584 ** 2, 12);
  });

  it('converges to ℓ + φ/(1 − φ)·b for long horizons', () => {
    const params: EtsParams = { alpha: 0.5, beta: 0.2, gamma: 0, phi: 0.9 };
    const fit = fitEts([10, 12, 13], 'AAdN', { params, init: { level: 9, trend: 1, season: noSeason } });
    const far = fit.pointForecast(400)[399]!;
    expect(far).toBeCloseTo(fit.level + (0.9 / 0.1) * fit.trend, 8);
  });
});

describe('ETS recursions', () => {
  it('ANN is simple exponential smoothing', () => {
    const y = [5, 7, 6, 9, 8];
    const fit = fitEts(y, 'ANN', { params: { alpha: 0.3, beta: 0, gamma: 0, phi: 1 }, init: { level: 5, trend: 0, season: noSeason } });
    let l = 5;
    for (const v of y) l = l + 0.3 * (v - l);
    expect(fit.level).toBeCloseTo(l, 12);
    expect(fit.pointForecast(4)).toEqual(new Array(4).fill(fit.level));
  });

  it('AAA and AAM forecast with the seasonal state one season back', () => {
    // Period 2, fixed states, no smoothing on data the states fit exactly (level path 9, 10, 11, 12).
    const params: EtsParams = { alpha: 0, beta: 0, gamma: 0, phi: 1 };
    const add = fitEts([11, 8, 13, 10], 'AAA', {
      period: 2,
      params,
      init: { level: 8, trend: 1, season: Float64Array.from([2, -2]) },
    });
    // Seasons +2, −2 added: 11, 8, 13, 10. Forecasts 13 + 2, 14 − 2, 15 + 2.
    expect(add.sse).toBe(0);
    expect(add.pointForecast(3)).toEqual([15, 12, 17]);
    const mult = fitEts([9, 15, 11, 18], 'AAM', {
      period: 2,
      params,
      init: { level: 8, trend: 1, season: Float64Array.from([1, 1.5]) },
    });
    expect(mult.sse).toBe(0);
    expect(mult.pointForecast(2)).toEqual([13, 21]);
  });
});

describe('ETS initial states', () => {
  it('recovers the seasonal pattern and trend of a noiseless additive series', () => {
    const m = 4;
    const pattern = [3, -1, -4, 2];
    const y = Array.from({ length: 3 * m }, (_, t) => 10 + 0.5 * (t + 1) + pattern[t % m]!);
    const init = etsInitialState(y, etsSpec('AAA', m));
    for (let j = 0; j < m; j++) expect(init.season[j]).toBeCloseTo(pattern[j]!, 10);
    expect(init.trend).toBeCloseTo(0.5, 10);
    expect(init.level).toBeCloseTo(10, 10);
  });

  it('normalises multiplicative indices to average 1', () => {
    const m = 5;
    const factors = [1.2, 0.8, 1, 1.3, 0.7];
    const y = Array.from({ length: 2 * m }, (_, t) => 50 * factors[t % m]!);
    const init = etsInitialState(y, etsSpec('ANM', m));
    for (let j = 0; j < m; j++) expect(init.season[j]).toBeCloseTo(factors[j]!, 10);
    expect(init.level).toBeCloseTo(50, 10);
  });
});

describe('ETS estimation', () => {
  const series = (() => {
    const rng = mulberry32(7);
    let level = 100;
    return Array.from({ length: 120 }, () => {
      level += 0.5 + normal(rng);
      return level + 3 * normal(rng);
    });
  })();

  it('keeps parameters in the usual region for every model', () => {
    const y = Array.from({ length: 130 }, (_, t) => series[t % 120]! + 10 * Math.sin((2 * Math.PI * t) / 52));
    for (const method of ETS_METHODS) {
      if (!etsEligible(y, method)) continue;
      const { params } = fitEts(y, method);
      expect(params.alpha).toBeGreaterThan(0);
      expect(params.alpha).toBeLessThan(1);
      const spec = etsSpec(method, 52);
      if (spec.trend !== 'N') {
        expect(params.beta).toBeGreaterThanOrEqual(0);
        expect(params.beta).toBeLessThanOrEqual(params.alpha);
      }
      if (spec.season !== 'N') {
        expect(params.gamma).toBeGreaterThanOrEqual(0);
        expect(params.gamma).toBeLessThanOrEqual(1 - params.alpha);
      }
      if (spec.trend === 'Ad') {
        expect(params.phi).toBeGreaterThanOrEqual(0.8);
        expect(params.phi).toBeLessThanOrEqual(0.98);
      }
    }
  });

  it('estimates no worse than a few fixed parameter sets', () => {
    const fit = fitEts(series, 'AAN');
    for (const alpha of [0.1, 0.3, 0.6]) {
      for (const ratio of [0.05, 0.3]) {
        const other = fitEts(series, 'AAN', { params: { alpha, beta: ratio * alpha, gamma: 0, phi: 1 } });
        expect(fit.sse).toBeLessThanOrEqual(other.sse * (1 + 1e-6));
      }
    }
  });

  it('requires two full seasons for seasonal models and positive data for multiplicative ones', () => {
    expect(etsMinLength('AAA', 52)).toBe(104);
    expect(etsEligible(new Array<number>(103).fill(1), 'ANA')).toBe(false);
    expect(etsEligible(new Array<number>(104).fill(1), 'ANA')).toBe(true);
    expect(etsEligible([...new Array<number>(103).fill(1), 0], 'ANM')).toBe(false);
    expect(() => fitEts([1, 2, 3], 'AAA')).toThrow(RangeError);
  });
});

describe('ETS forecast variance', () => {
  it('ANN: σ²(1 + (h − 1)α²)', () => {
    const v = etsForecastVariance(etsSpec('ANN', 1), { alpha: 0.3, beta: 0, gamma: 0, phi: 1 }, 4, 5);
    for (let h = 1; h <= 5; h++) expect(v[h - 1]).toBeCloseTo(4 * (1 + (h - 1) * 0.09), 12);
  });

  it('AAN: σ²[1 + Σ_{j<h} (α + βj)²] and AAdN with φ_j', () => {
    const p = { alpha: 0.4, beta: 0.1, gamma: 0, phi: 0.9 };
    const aan = etsForecastVariance(etsSpec('AAN', 1), p, 2, 4);
    expect(aan[3]).toBeCloseTo(2 * (1 + 0.5 ** 2 + 0.6 ** 2 + 0.7 ** 2), 12);
    const damped = etsForecastVariance(etsSpec('AAdN', 1), p, 2, 3);
    expect(damped[2]).toBeCloseTo(2 * (1 + (0.4 + 0.1 * 0.9) ** 2 + (0.4 + 0.1 * 1.71) ** 2), 12);
  });

  it('ANA adds γ once per completed season', () => {
    const p = { alpha: 0.2, beta: 0, gamma: 0.3, phi: 1 };
    const v = etsForecastVariance(etsSpec('ANA', 2), p, 1, 4);
    // c₁ = α, c₂ = α + γ, c₃ = α.
    expect(v[3]).toBeCloseTo(1 + 0.04 + 0.25 + 0.04, 12);
  });
});
