import { describe, expect, it } from 'vitest';
import { dateKey, mondayOf } from './dates.js';

describe('forecast dates', () => {
  it('finds the Monday of a week, Sundays belonging to the week before', () => {
    expect(mondayOf('2024-06-03')).toBe('2024-06-03'); // a Monday
    expect(mondayOf('2024-06-09')).toBe('2024-06-03'); // Sunday
    expect(mondayOf('2024-06-05')).toBe('2024-06-03');
    expect(mondayOf('2025-01-01')).toBe('2024-12-30'); // across a year
  });
  it('makes date keys', () => expect(dateKey('2024-02-29')).toBe(20240229));
});
