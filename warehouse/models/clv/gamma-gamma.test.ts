import { describe, expect, it } from 'vitest';
import { expectedAverageOrderValue, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js';
import type { GammaGammaParams } from './gamma-gamma.js';
import { integrate } from './quadrature.js';
import { simulateBgNbd, simulateGammaGamma } from './simulate.js';
import { lgamma } from './special.js';

// Fader & Hardie's CDNOW Gamma-Gamma estimates.
const TRUTH: GammaGammaParams = { p: 6.25, q: 3.74, v: 15.44 };

describe('gammaGammaLogLikelihood', () => {
  it('matches the closed form by hand for integer shapes', () => {
    // p=2, q=3, v=4, x=2, m=5: Gamma(7)/(Gamma(4)Gamma(3)) 4^3 5^3 2^4 / 14^7
    const expected = (720 / (6 * 2)) * 4 ** 3 * 5 ** 3 * 2 ** 4 / 14 ** 7;
    expect(Math.abs(gammaGammaLogLikelihood({ p: 2, q: 3, v: 4 }, { frequency: 2, monetaryValue: 5 }) - Math.log(expected))).toBeLessThan(1e-10);
  });

  it('matches numerical integration of the Gamma mixture over nu', () => {
    const { p, q, v } = { p: 1.7, q: 2.3, v: 9 };
    const [x, m] = [3, 4.2];
    // mean of x Gamma(p, nu) values ~ Gamma(p x, nu x); nu ~ Gamma(q, v)
    const gammaPdf = (y: number, shape: number, rate: number) =>
      Math.exp(shape * Math.log(rate) + (shape - 1) * Math.log(y) - rate * y - lgamma(shape));
    const integrand = (nu: number) => (nu <= 0 ? 0 : gammaPdf(m, p * x, nu * x) * gammaPdf(nu, q, v));
    const numeric = integrate(integrand, 0, 20, { absTol: 1e-14 });
    expect(gammaGammaLogLikelihood({ p, q, v }, { frequency: x, monetaryValue: m })).toBeCloseTo(Math.log(numeric), 9);
  });
});

describe('fitGammaGamma', () => {
  const customers = simulateBgNbd({ r: 0.24, alpha: 4.41, a: 0.79, b: 2.43 }, { customers: 40_000, T: 39, seed: 12 });
  const frequencies = customers.map((c) => c.frequency).filter((x) => x > 0);
  const spend = simulateGammaGamma(TRUTH, { frequencies, seed: 13 });

  it('recovers known parameters within 3 standard errors', () => {
    // Zero-frequency rows are passed too; they must be ignored.
    const fit = fitGammaGamma([...spend, { frequency: 0, monetaryValue: 0 }]);
    const lines = (['p', 'q', 'v'] as const).map(
      (k) => `  ${k} true ${TRUTH[k]}  fitted ${fit[k].toFixed(3)}  se ${fit.standardErrors[k].toFixed(3)}  z ${((fit[k] - TRUTH[k]) / fit.standardErrors[k]).toFixed(2)}`,
    );
    console.log(`Gamma-Gamma (n=${fit.customers}, logL=${fit.logLikelihood.toFixed(2)}, converged=${fit.converged})\n${lines.join('\n')}`);
    expect(fit.customers).toBe(spend.length);
    expect(fit.converged).toBe(true);
    for (const k of ['p', 'q', 'v'] as const) expect(Math.abs(fit[k] - TRUTH[k])).toBeLessThan(3 * fit.standardErrors[k]);
  });

  it('predicts order values that are unbiased for the latent customer means', () => {
    // E[p/nu | x, m] averaged over customers should match the average latent mean.
    const diffs = spend.map((c) => expectedAverageOrderValue(TRUTH, c) - c.trueMean);
    const mean = diffs.reduce((s, d) => s + d, 0) / diffs.length;
    const sd = Math.sqrt(diffs.reduce((s, d) => s + (d - mean) ** 2, 0) / (diffs.length - 1));
    expect(Math.abs(mean)).toBeLessThan((4 * sd) / Math.sqrt(diffs.length));
  });

  it('rejects invalid rows with their index', () => {
    expect(() => fitGammaGamma([{ frequency: 1, monetaryValue: 10 }, { frequency: 2, monetaryValue: -3 }])).toThrow(/rows\[1\]\.monetaryValue/);
    expect(() => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }])).toThrow(/no customers with frequency > 0/);
  });
});

describe('expectedAverageOrderValue', () => {
  it('blends the population mean and the customer mean by frequency', () => {
    const { p, q, v } = TRUTH;
    const population = (p * v) / (q - 1);
    expect(expectedAverageOrderValue(TRUTH, { frequency: 0, monetaryValue: 0 })).toBeCloseTo(population, 12);
    const x = 4;
    const m = 50;
    const weight = (p * x) / (p * x + q - 1);
    expect(expectedAverageOrderValue(TRUTH, { frequency: x, monetaryValue: m })).toBeCloseTo((1 - weight) * population + weight * m, 12);
  });

  it('refuses an infinite expectation', () => {
    expect(() => expectedAverageOrderValue({ p: 0.1, q: 0.5, v: 1 }, { frequency: 1, monetaryValue: 10 })).toThrow(/must exceed 1/);
  });
});
