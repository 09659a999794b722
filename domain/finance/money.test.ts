import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { applyBasisPoints, formatMinor, lineNet, mulDivRound, parseRate, proportion, toFunctional } from './money.js';

describe('money', () => {
  it('rounds half away from zero', () => {
    expect(mulDivRound(5, 1, 10)).toBe(1); // 0.5 → 1
    expect(mulDivRound(-5, 1, 10)).toBe(-1); // −0.5 → −1
    expect(mulDivRound(14, 1, 10)).toBe(1);
    expect(mulDivRound(15, 1, 10)).toBe(2);
    expect(mulDivRound(25, 1, 10)).toBe(3); // not banker's rounding
  });

  it('computes tax and discounts in basis points', () => {
    expect(applyBasisPoints(10_000, 2_000)).toBe(2_000);
    expect(applyBasisPoints(333, 825)).toBe(27); // 27.4725
    expect(lineNet(3, 1_999, 1_000)).toBe(5_397); // 5997 × 0.9 = 5397.3
  });

  it('converts with exact decimal rates', () => {
    expect(parseRate('1.0834')).toBe(108_340_000n);
    expect(toFunctional(10_000, '1.0834')).toBe(10_834);
    expect(toFunctional(1_000, '0.0067', 2)).toBe(670); // ¥1,000 at 0.0067 → $6.70
    expect(() => parseRate('1e3')).toThrow(RangeError);
  });

  it('splits totals so that the parts always sum to the whole', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e9 }), fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 8 }), (total, parts) => {
        const whole = parts.reduce((a, b) => a + b, 0);
        let remainingTotal = total;
        let remainingWhole = whole;
        let sum = 0;
        for (const part of parts) {
          const share = proportion(remainingTotal, part, remainingWhole);
          sum += share;
          remainingTotal -= share;
          remainingWhole -= part;
        }
        expect(sum).toBe(total);
      }),
    );
  });

  it('formats minor units', () => {
    expect(formatMinor(123_456)).toBe('1,234.56');
    expect(formatMinor(-5)).toBe('-0.05');
  });
});
