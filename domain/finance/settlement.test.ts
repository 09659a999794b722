import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settle } from './settlement.js';
import { toFunctional } from './money.js';

const side = (open: number, rate: string) => ({ open, openFunctional: toFunctional(open, rate), convert: (a: number) => toFunctional(a, rate) });

describe('settle', () => {
  it('books the realised exchange difference between the two rates', () => {
    // €1,000.00 invoiced at 1.10, paid at 1.15: $1,150 received clears $1,100 → $50 gain.
    const s = settle(side(100_000, '1.15'), side(100_000, '1.10'), 100_000);
    expect(s).toEqual({ paymentFunctional: 115_000, clearedFunctional: 110_000, fxDifference: 5_000 });
  });

  it('has no difference in the functional currency', () => {
    expect(settle(side(5_000, '1'), side(7_000, '1'), 5_000).fxDifference).toBe(0);
  });

  it('clears exactly the open functional amounts over any sequence of partial settlements', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e8 }), fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: 10 }), (total, weights) => {
        const item = side(total, '1.23456789');
        const payment = side(total, '0.98765432');
        const sum = weights.reduce((a, b) => a + b, 0);
        let cleared = 0;
        let paid = 0;
        let remainingWeight = sum;
        for (const w of weights) {
          const amount = w === remainingWeight ? item.open : Math.max(1, Math.min(item.open, Math.floor((total * w) / sum)));
          remainingWeight -= w;
          if (item.open === 0) break;
          const s = settle(payment, item, Math.min(amount, item.open));
          cleared += s.clearedFunctional;
          paid += s.paymentFunctional;
          const a = Math.min(amount, item.open);
          item.open -= a; item.openFunctional -= s.clearedFunctional;
          payment.open -= a; payment.openFunctional -= s.paymentFunctional;
          expect(item.openFunctional).toBeGreaterThanOrEqual(0);
        }
        if (item.open === 0) {
          expect(cleared).toBe(toFunctional(total, '1.23456789'));
          expect(paid).toBe(toFunctional(total, '0.98765432'));
        }
      }),
    );
  });

  it('refuses more than either side has open', () => {
    expect(() => settle(side(10, '1'), side(5, '1'), 6)).toThrow(RangeError);
  });
});
