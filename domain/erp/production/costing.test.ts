import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { plannedRequirement } from './production-orders.js';
import { absorptionCost, hundredths } from './routings.js';

describe('production arithmetic', () => {
  it('plans a component at quantity per unit × units × (1 + allowance), rounded up to whole units', () => {
    expect(plannedRequirement(2, 10, 500)).toBe(21);
    expect(plannedRequirement(1, 10, 0)).toBe(10);
    expect(plannedRequirement(3, 7, 1)).toBe(22); // 21.0021 → 22
    fc.assert(fc.property(fc.integer({ min: 1, max: 1_000 }), fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 0, max: 10_000 }), (per, units, bp) => {
      const planned = plannedRequirement(per, units, bp);
      const exact = (per * units * (10_000 + bp)) / 10_000;
      return planned >= exact && planned - exact < 1;
    }));
  });

  it('absorbs labour and overhead at the hourly rate for minutes to the hundredth, rounded once', () => {
    expect(hundredths('12.50')).toBe(1_250);
    expect(hundredths(8.8)).toBe(880);
    expect(absorptionCost(hundredths(150), 6_000)).toBe(15_000); // 150 minutes at 60.00 an hour
    expect(absorptionCost(hundredths(0.5), 100)).toBe(1); // 0.8333 → 1
    expect(absorptionCost(0, 9_999)).toBe(0);
  });
});
