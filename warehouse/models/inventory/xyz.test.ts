import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { classifyXyz, meanAndSd } from './xyz.js';

describe('classifyXyz', () => {
  it('classes by the coefficient of variation with the sample standard deviation', () => {
    const rows = classifyXyz([
      { itemId: 1, demand: [10, 10, 10, 10] }, // cv 0
      { itemId: 2, demand: [8, 12, 8, 12] }, // sd √(16/3) = 2.309, cv 0.231
      { itemId: 3, demand: [5, 15, 5, 15] }, // sd √(100/3) = 5.774, cv 0.577
      { itemId: 4, demand: [0, 10, 0, 10] }, // mean 5, cv 1.155
    ]);
    expect(rows.map((r) => r.xyz)).toEqual(['X', 'X', 'Y', 'Z']);
    expect(rows[1]!.sd).toBeCloseTo(2.3094011, 6);
    expect(rows[2]!.cv).toBeCloseTo(0.5773503, 6);
    expect(rows[3]!.cv).toBeCloseTo(1.1547005, 6);
  });

  it('uses configured thresholds', () => {
    expect(classifyXyz([{ itemId: 3, demand: [5, 15, 5, 15] }], { x: 0.6, y: 1.2 })[0]!.xyz).toBe('X');
    expect(classifyXyz([{ itemId: 4, demand: [0, 10, 0, 10] }], { x: 0.6, y: 1.2 })[0]!.xyz).toBe('Y');
  });

  it('leaves the class null with a reason for no demand and for a single period', () => {
    expect(classifyXyz([{ itemId: 1, demand: [0, 0, 0] }])[0]).toMatchObject({ mean: 0, sd: 0, cv: null, xyz: null, reason: 'no-demand' });
    expect(classifyXyz([{ itemId: 1, demand: [7] }])[0]).toMatchObject({ mean: 7, sd: null, cv: null, xyz: null, reason: 'too-few-periods' });
    expect(classifyXyz([{ itemId: 1, demand: [] }])[0]).toMatchObject({ mean: null, xyz: null, reason: 'too-few-periods' });
    expect(meanAndSd([2, 4])).toEqual({ mean: 3, sd: Math.SQRT2 });
  });

  it('refuses negative demand and bad thresholds', () => {
    expect(() => classifyXyz([{ itemId: 1, demand: [1, -1] }])).toThrow(DomainError);
    expect(() => classifyXyz([], { x: 1, y: 0.5 })).toThrow(/thresholds/);
  });
});
