import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../domain/kernel/errors.js';
import { classifyAbc } from './abc.js';

const classes = (rows: { itemId: number; abc: string }[]) => Object.fromEntries(rows.map((r) => [r.itemId, r.abc]));

describe('classifyAbc', () => {
  it('puts items in A while the cumulative share is at most 80 %, B to 95 %, C beyond', () => {
    // Shares 50, 30, 15, 5: cumulative 50 and 80 (A), 95 (B), 100 (C).
    const rows = classifyAbc([{ itemId: 4, value: 5 }, { itemId: 1, value: 50 }, { itemId: 3, value: 15 }, { itemId: 2, value: 30 }]);
    expect(rows.map((r) => r.itemId)).toEqual([1, 2, 3, 4]);
    expect(classes(rows)).toEqual({ 1: 'A', 2: 'A', 3: 'B', 4: 'C' });
    expect(rows.map((r) => r.cumulativeShare)).toEqual([0.5, 0.8, 0.95, 1]);
    expect(rows.map((r) => r.rank)).toEqual([1, 2, 3, 4]);
  });

  it('gives tied items one class from the cumulative share at the end of their block', () => {
    // 40 and 40 together reach 80 %: both A. With a = 0.7 both are B, never one of each.
    expect(classes(classifyAbc([{ itemId: 1, value: 40 }, { itemId: 2, value: 40 }, { itemId: 3, value: 20 }]))).toEqual({ 1: 'A', 2: 'A', 3: 'C' });
    const strict = classifyAbc([{ itemId: 2, value: 40 }, { itemId: 1, value: 40 }, { itemId: 3, value: 20 }], { a: 0.7, b: 0.9 });
    expect(classes(strict)).toEqual({ 1: 'B', 2: 'B', 3: 'C' });
    expect(strict.map((r) => r.rank)).toEqual([1, 1, 3]);
    // 60, then a tie of 20 and 20 that ends at 100 %: the tie is C although 80 % is reached half-way.
    expect(classes(classifyAbc([{ itemId: 1, value: 60 }, { itemId: 2, value: 20 }, { itemId: 3, value: 20 }]))).toEqual({ 1: 'A', 2: 'C', 3: 'C' });
  });

  it('keeps class A at most the A share, even for a single dominant item', () => {
    expect(classes(classifyAbc([{ itemId: 1, value: 85 }, { itemId: 2, value: 15 }]))).toEqual({ 1: 'B', 2: 'C' });
  });

  it('makes zero-value items C and, with no value at all, every item C with null shares', () => {
    expect(classes(classifyAbc([{ itemId: 1, value: 10 }, { itemId: 2, value: 0 }]))).toEqual({ 1: 'C', 2: 'C' });
    expect(classes(classifyAbc([{ itemId: 1, value: 70 }, { itemId: 2, value: 30 }, { itemId: 3, value: 0 }]))).toEqual({ 1: 'A', 2: 'C', 3: 'C' });
    const none = classifyAbc([{ itemId: 1, value: 0 }, { itemId: 2, value: 0 }]);
    expect(none.map((r) => [r.abc, r.share, r.cumulativeShare])).toEqual([['C', null, null], ['C', null, null]]);
    expect(classifyAbc([])).toEqual([]);
  });

  it('refuses duplicate items, negative values and thresholds out of order', () => {
    expect(() => classifyAbc([{ itemId: 1, value: 1 }, { itemId: 1, value: 2 }])).toThrow(/twice/);
    expect(() => classifyAbc([{ itemId: 1, value: -1 }])).toThrow(DomainError);
    expect(() => classifyAbc([], { a: 0.95, b: 0.8 })).toThrow(/thresholds/);
    expect(() => classifyAbc([], { a: 0.8, b: 1.2 })).toThrow(/thresholds/);
  });
});
