import { describe, expect, it } from 'vitest';
import { mean, standardDeviation } from 'simple-statistics';
import { fitBgNbd } from './bgnbd-fit.js';
import type { BgNbdFit } from './bgnbd-fit.js';
import type { BgNbdParams } from './bgnbd-params.js';
import { simulateBgNbd } from './simulate.js';

const CDNOW: BgNbdParams = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 };
const NAMES = ['r', 'alpha', 'a', 'b'] as const;

function report(label: string, truth: BgNbdParams, fit: BgNbdFit): void {
  const lines = NAMES.map(
    (k) =>
      `  ${k.padEnd(5)} true ${truth[k].toFixed(3)}  fitted ${fit[k].toFixed(4)}  se ${fit.standardErrors[k].toFixed(4)}  ` +
      `z ${((fit[k] - truth[k]) / fit.standardErrors[k]).toFixed(2)}`,
  );
  console.log(`${label} (n=${fit.customers}, groups=${fit.groups}, logL=${fit.logLikelihood.toFixed(2)}, converged=${fit.converged})\n${lines.join('\n')}`);
}

/** Each estimate within 3 standard errors of the truth (a ~0.3% two-sided miss rate each). */
function expectRecovered(truth: BgNbdParams, fit: BgNbdFit): void {
  expect(fit.converged).toBe(true);
  for (const k of NAMES) {
    expect(Number.isFinite(fit.standardErrors[k])).toBe(true);
    expect(Math.abs(fit[k] - truth[k])).toBeLessThan(3 * fit.standardErrors[k]);
  }
}

describe('fitBgNbd parameter recovery', () => {
  it('recovers the CDNOW parameters from 20,000 simulated customers over 39 weeks', () => {
    const rows = simulateBgNbd(CDNOW, { customers: 20_000, T: 39, seed: 2005 });
    const fit = fitBgNbd({ unit: 'week', rows });
    report('CDNOW, T = 39', CDNOW, fit);
    expectRecovered(CDNOW, fit);
    expect(fit.unit).toBe('week');
  });

  it('recovers a loyal, homogeneous population observed in staggered cohorts', () => {
    const truth: BgNbdParams = { r: 2.5, alpha: 12, a: 1.8, b: 6 };
    const T = Array.from({ length: 10_000 }, (_, i) => 20 + (i % 33)); // 20..52 weeks
    const rows = simulateBgNbd(truth, { customers: T.length, T, seed: 77 });
    const fit = fitBgNbd(rows, { unit: 'week' });
    report('Loyal cohorts', truth, fit);
    expectRecovered(truth, fit);
  });

  it('has standard errors that match the spread of estimates across replicates', () => {
    // 24 independent samples of 5,000 customers: the Hessian SE should be close to the
    // empirical standard deviation of the estimates (ratio within [0.6, 1.6] allows for
    // the sampling error of a 24-replicate SD, ~15%, plus small-sample skew).
    const fits = Array.from({ length: 24 }, (_, i) => fitBgNbd(simulateBgNbd(CDNOW, { customers: 5000, T: 39, seed: 100 + i })));
    for (const k of NAMES) {
      const empirical = standardDeviation(fits.map((f) => f[k]));
      const hessian = mean(fits.map((f) => f.standardErrors[k]));
      console.log(`SE check ${k}: empirical sd ${empirical.toFixed(4)}, mean Hessian se ${hessian.toFixed(4)}`);
      expect(hessian / empirical).toBeGreaterThan(0.6);
      expect(hessian / empirical).toBeLessThan(1.6);
    }
  });

  it('fits 100,000 customers (time printed, not asserted)', () => {
    const rows = simulateBgNbd(CDNOW, { customers: 100_000, T: 39, seed: 31 });
    const start = performance.now();
    const fit = fitBgNbd(rows, { unit: 'week' });
    const ms = performance.now() - start;
    console.log(`fitBgNbd on 100,000 customers (${fit.groups} distinct triples, continuous recency): ${ms.toFixed(0)} ms, ${fit.evaluations} full evaluations`);
    // The same customers at day resolution, as summarise() produces them.
    const daily = rows.map((r) => ({ frequency: r.frequency, recency: Math.round(r.recency * 7) / 7, T: r.T }));
    const startDaily = performance.now();
    const fitDaily = fitBgNbd(daily, { unit: 'week' });
    console.log(`fitBgNbd on 100,000 customers at day resolution (${fitDaily.groups} triples): ${(performance.now() - startDaily).toFixed(0)} ms`);
    report('CDNOW, 100k', CDNOW, fit);
    expectRecovered(CDNOW, fit);
  });
});

describe('fitBgNbd input handling', () => {
  it('records the unit only when it is known', () => {
    const rows = simulateBgNbd(CDNOW, { customers: 500, T: 39, seed: 1 });
    expect(fitBgNbd(rows).unit).toBeUndefined();
    expect(fitBgNbd(rows, { unit: 'day' }).unit).toBe('day');
    expect(() => fitBgNbd({ unit: 'week', rows }, { unit: 'day' })).toThrow(/disagrees/);
  });

  it('rejects invalid rows, naming the index and field', () => {
    const rows = [
      { frequency: 1, recency: 2, T: 5 },
      { frequency: 2, recency: 6, T: 5 },
    ];
    expect(() => fitBgNbd(rows)).toThrow(/rows\[1\]\.recency must not exceed T/);
  });
});
