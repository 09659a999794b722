import { describe, expect, it } from 'vitest';
import { summarise } from './summarise.js';
import { DAYS_PER_UNIT, assertSameUnit, durationValueIn } from './units.js';

describe('summarise', () => {
  const transactions = [
    { customerId: 'b', date: '2024-01-01' },
    { customerId: 'a', date: '2024-01-08' },
    { customerId: 'a', date: '2024-01-01' },
    { customerId: 'a', date: '2024-01-08' }, // same day as another: one purchase occasion
    { customerId: 'a', date: '2024-01-15' },
    { customerId: 'c', date: '2024-01-29' },
  ];

  it('computes repeat frequency, recency and T per customer in weeks', () => {
    const s = summarise(transactions, { observationEnd: '2024-01-29', unit: 'week' });
    expect(s.unit).toBe('week');
    expect(s.rows).toEqual([
      { customerId: 'a', frequency: 2, recency: 2, T: 4 },
      { customerId: 'b', frequency: 0, recency: 0, T: 4 },
      { customerId: 'c', frequency: 0, recency: 0, T: 0 },
    ]);
  });

  it('expresses the same history in days and months', () => {
    const days = summarise(transactions, { observationEnd: '2024-01-29', unit: 'day' });
    expect(days.rows[0]).toEqual({ customerId: 'a', frequency: 2, recency: 14, T: 28 });
    const months = summarise(transactions, { observationEnd: '2024-01-29', unit: 'month' });
    expect(months.rows[0]!.T).toBeCloseTo(28 / DAYS_PER_UNIT.month, 12);
  });

  it('is pure: input order does not matter and the input is not mutated', () => {
    const copy = JSON.parse(JSON.stringify(transactions));
    const a = summarise(transactions, { observationEnd: '2024-02-01', unit: 'day' });
    const b = summarise([...transactions].reverse(), { observationEnd: '2024-02-01', unit: 'day' });
    expect(a).toEqual(b);
    expect(transactions).toEqual(copy);
  });

  it('counts days across a leap day and month ends exactly', () => {
    const s = summarise(
      [
        { customerId: 'x', date: '2024-02-28' },
        { customerId: 'x', date: '2024-03-01' },
      ],
      { observationEnd: '2024-03-31', unit: 'day' },
    );
    expect(s.rows[0]).toEqual({ customerId: 'x', frequency: 1, recency: 2, T: 32 });
  });

  it('rejects malformed dates, impossible dates and purchases after the observation end', () => {
    expect(() => summarise([{ customerId: 'x', date: '2024/01/01' }], { observationEnd: '2024-02-01', unit: 'day' })).toThrow(
      /transactions\[0\]\.date/,
    );
    expect(() => summarise([{ customerId: 'x', date: '2023-02-30' }], { observationEnd: '2024-02-01', unit: 'day' })).toThrow(
      /not a calendar date/,
    );
    expect(() =>
      summarise(
        [
          { customerId: 'x', date: '2024-01-01' },
          { customerId: 'x', date: '2024-03-01' },
        ],
        { observationEnd: '2024-02-01', unit: 'day' },
      ),
    ).toThrow(/transactions\[1\]\.date 2024-03-01 is after observationEnd/);
  });
});

describe('units', () => {
  it('reads a duration only in the expected unit', () => {
    expect(durationValueIn({ value: 13, unit: 'week' }, 'week', 'horizon')).toBe(13);
    expect(() => durationValueIn({ value: 91, unit: 'day' }, 'week', 'horizon')).toThrow(/horizon: time unit mismatch — the model is in weeks but the value is in days/);
    expect(() => durationValueIn({ value: -1, unit: 'week' }, 'week', 'horizon')).toThrow(/non-negative/);
    expect(() => assertSameUnit('month', 'month', 'x')).not.toThrow();
  });
});
