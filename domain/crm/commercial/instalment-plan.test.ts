import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addMonthsIso, equalInstalments, splitEvenly, validateSchedule } from './instalment-plan.js';

describe('instalment plans', () => {
  it('splits a total into near-equal parts that sum to it', () => {
    expect(splitEvenly(100, 3)).toEqual([33, 34, 33]);
    expect(splitEvenly(10, 4)).toEqual([3, 2, 3, 2]);
    expect(splitEvenly(7, 7)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(splitEvenly(0, 2)).toEqual([0, 0]);
  });

  it('always sums to the total, with parts at least 1 and at most one unit apart', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 120 }), fc.integer({ min: 0, max: 9e15 }), (count, extra) => {
        const total = Math.min(9e15, count + extra);
        const parts = splitEvenly(total, count);
        expect(parts).toHaveLength(count);
        expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
        expect(Math.min(...parts)).toBeGreaterThanOrEqual(1);
        expect(Math.max(...parts) - Math.min(...parts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('steps due dates by calendar months, clamped to the month end', () => {
    expect(addMonthsIso('2024-01-31', 1)).toBe('2024-02-29');
    expect(addMonthsIso('2024-11-15', 3)).toBe('2025-02-15');
    expect(equalInstalments(1_000, 4, '2024-01-31', 3).map((i) => i.dueDate)).toEqual(['2024-01-31', '2024-04-30', '2024-07-31', '2024-10-31']);
  });

  it('refuses a value too small to split and an explicit plan that does not sum to the value', () => {
    expect(() => equalInstalments(2, 3, '2024-01-01', 1)).toThrow(/cannot be split/);
    expect(() => validateSchedule(100, [{ dueDate: '2024-01-01', amount: 60 }, { dueDate: '2024-02-01', amount: 39 }])).toThrow(/sum to 99/);
    expect(() => validateSchedule(100, [{ dueDate: '2024-02-01', amount: 60 }, { dueDate: '2024-02-01', amount: 40 }])).toThrow(/strictly increasing/);
    expect(validateSchedule(100, [{ dueDate: '2024-01-01', amount: 60 }, { dueDate: '2024-02-01', amount: 40 }])).toHaveLength(2);
  });
});
