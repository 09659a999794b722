import { describe, expect, it } from 'vitest';
import { expectedPurchases } from './bgnbd-expectation.js';
import type { BgNbdModel } from './bgnbd-params.js';
import { customerLifetimeValue } from './clv.js';
import { expectedAverageOrderValue } from './gamma-gamma.js';

const model: BgNbdModel = { r: 0.24, alpha: 4.41, a: 0.79, b: 2.43, unit: 'week' };
const gg = { p: 6.25, q: 3.74, v: 15.44 };
const customer = { frequency: 3, recency: 30, T: 39, monetaryValue: 42 };

describe('customerLifetimeValue', () => {
  it('without discounting equals expected purchases over the horizon times expected order value', () => {
    const clv = customerLifetimeValue(model, gg, customer, { horizonPeriods: 52, discountRatePerPeriod: 0, unit: 'week' });
    const expected = expectedPurchases(model, { value: 52, unit: 'week' }, customer) * expectedAverageOrderValue(gg, customer);
    expect(clv).toBeCloseTo(expected, 9);
  });

  it('discounts each period at its end', () => {
    const d = 0.01;
    const clv = customerLifetimeValue(model, gg, customer, { horizonPeriods: 3, discountRatePerPeriod: d, unit: 'week' });
    const e = (t: number) => expectedPurchases(model, { value: t, unit: 'week' }, customer);
    const m = expectedAverageOrderValue(gg, customer);
    const byHand = (e(1) * m) / (1 + d) + ((e(2) - e(1)) * m) / (1 + d) ** 2 + ((e(3) - e(2)) * m) / (1 + d) ** 3;
    expect(clv).toBeCloseTo(byHand, 10);
    expect(clv).toBeLessThan(customerLifetimeValue(model, gg, customer, { horizonPeriods: 3, discountRatePerPeriod: 0, unit: 'week' }));
  });

  it('grows with the horizon and is zero for an empty horizon', () => {
    const at = (h: number) => customerLifetimeValue(model, gg, customer, { horizonPeriods: h, discountRatePerPeriod: 0.002, unit: 'week' });
    expect(at(0)).toBe(0);
    expect(at(26)).toBeGreaterThan(at(13));
    expect(at(52)).toBeGreaterThan(at(26));
  });

  it('refuses periods in a different unit from the model, and bad options', () => {
    expect(() => customerLifetimeValue(model, gg, customer, { horizonPeriods: 12, discountRatePerPeriod: 0.01, unit: 'month' })).toThrow(
      /time unit mismatch/,
    );
    expect(() => customerLifetimeValue(model, gg, customer, { horizonPeriods: 1.5, discountRatePerPeriod: 0, unit: 'week' })).toThrow(/horizonPeriods/);
    expect(() => customerLifetimeValue(model, gg, customer, { horizonPeriods: 2, discountRatePerPeriod: -1, unit: 'week' })).toThrow(/discountRate/);
  });
});
