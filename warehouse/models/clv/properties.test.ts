/**
 * Property tests over the whole parameter box the brief asks for: parameters log-uniform
 * on [1e-3, 1e3], frequency 0..1000, recency <= T <= 500, horizons 0..500. Nothing is
 * clamped: a NaN or infinity anywhere is a numerical bug to fix, not to hide.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectedPurchases, expectedPurchasesNewCustomer } from './bgnbd-expectation.js';
import { bgNbdLogLikelihood } from './bgnbd-likelihood.js';
import type { BgNbdModel } from './bgnbd-params.js';
import { probabilityAlive } from './probability-alive.js';

const logUniform = fc.double({ min: Math.log(1e-3), max: Math.log(1e3), noNaN: true }).map(Math.exp);

const model: fc.Arbitrary<BgNbdModel> = fc.record({
  r: logUniform,
  alpha: logUniform,
  a: logUniform,
  b: logUniform,
  unit: fc.constant('week' as const),
});

const customer = fc
  .record({
    frequency: fc.integer({ min: 0, max: 1000 }),
    T: fc.double({ min: 0, max: 500, noNaN: true }),
    share: fc.double({ min: 0, max: 1, noNaN: true }),
  })
  .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : share * T }));

const horizon = fc.double({ min: 0, max: 500, noNaN: true });

describe('numerical robustness (fast-check)', () => {
  it('log-likelihood is always finite', () => {
    fc.assert(
      fc.property(model, customer, (m, c) => {
        expect(Number.isFinite(bgNbdLogLikelihood(m, c))).toBe(true);
      }),
      { numRuns: 1000, seed: 20050101 },
    );
  });

  it('probabilityAlive is a probability', () => {
    fc.assert(
      fc.property(model, customer, (m, c) => {
        const p = probabilityAlive(m, c);
        expect(p >= 0 && p <= 1).toBe(true);
      }),
      { numRuns: 1000, seed: 20050102 },
    );
  });

  it('expectedPurchases is finite and non-negative', () => {
    fc.assert(
      fc.property(model, customer, horizon, (m, c, t) => {
        const e = expectedPurchases(m, { value: t, unit: 'week' }, c);
        expect(Number.isFinite(e) && e >= 0).toBe(true);
      }),
      { numRuns: 400, seed: 20050103 },
    );
  });

  it('expectedPurchasesNewCustomer is finite, non-negative and at most the Poisson bound r t / alpha', () => {
    fc.assert(
      fc.property(model, horizon, (m, t) => {
        const e = expectedPurchasesNewCustomer(m, { value: t, unit: 'week' });
        // Drop-out can only remove purchases relative to the no-drop-out mean r t / alpha.
        // (The 1e-300 slack covers subnormal horizons such as t = 2e-323, where the
        // bound itself is computed with only a few bits of precision.)
        const bound = m.r * (t / m.alpha);
        expect(Number.isFinite(e) && e >= 0 && e <= bound * (1 + 1e-9) + 1e-300).toBe(true);
      }),
      { numRuns: 400, seed: 20050104 },
    );
  });
});
