import { describe, expect, it } from 'vitest';
import { divideRounded, sumExact, weightByBasisPoints } from './money.js';

describe('exact money helpers', () => {
  it('weights by basis points rounding half away from zero', () => {
    expect(weightByBasisPoints(1235, 1000)).toBe(124); // 123.5
    expect(weightByBasisPoints(1234, 1000)).toBe(123); // 123.4
    expect(weightByBasisPoints(-1235, 1000)).toBe(-124);
    expect(weightByBasisPoints(9_007_199_254_740_991, 5000)).toBe(4_503_599_627_370_496); // exact beyond float products
  });
  it('divides rounding half away from zero and refuses totals past the exact range', () => {
    expect(divideRounded(1000, 3)).toBe(333);
    expect(divideRounded(1001, 2)).toBe(501);
    expect(() => sumExact([Number.MAX_SAFE_INTEGER, 1])).toThrow(RangeError);
  });
});
