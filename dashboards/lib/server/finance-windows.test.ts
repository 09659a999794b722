import { describe, expect, it } from 'vitest';
import { lastDayOfMonth, statementWindows, wholeMonths } from './finance-windows.js';

const period = { from: '2024-02', to: '2024-07', priorFrom: '2023-08' };

describe('statementWindows', () => {
  it('runs from the first day of the period to its last, with the months before as comparative', () => {
    expect(statementWindows(period, null)).toEqual({ current: { from: '2024-02-01', to: '2024-07-31' }, prior: { from: '2023-08-01', to: '2024-01-31' } });
  });

  it('ends on the last posting day when the data ends inside the period', () => {
    expect(statementWindows(period, '2024-07-18').current).toEqual({ from: '2024-02-01', to: '2024-07-18' });
    // Data through a later day, or one before the period began, leaves the period whole.
    expect(statementWindows(period, '2024-09-30').current.to).toBe('2024-07-31');
    expect(statementWindows(period, '2023-12-31').current.to).toBe('2024-07-31');
  });

  it('starts where the books begin, and drops a comparative that lies wholly before them', () => {
    expect(statementWindows(period, '2024-07-18', '2024-01').prior).toEqual({ from: '2024-01-01', to: '2024-01-31' });
    expect(statementWindows(period, '2024-07-18', '2024-03')).toEqual({ current: { from: '2024-03-01', to: '2024-07-18' }, prior: null });
    expect(statementWindows(period, '2024-07-18', '2024-02')).toEqual({ current: { from: '2024-02-01', to: '2024-07-18' }, prior: null });
    expect(statementWindows(period, null, '2023-06').prior).toEqual({ from: '2023-08-01', to: '2024-01-31' });
    // Books that begin after the period: nothing to clip to, and no comparative.
    expect(statementWindows(period, null, '2024-09')).toEqual({ current: { from: '2024-02-01', to: '2024-07-31' }, prior: null });
  });
});

describe('wholeMonths', () => {
  it('stops before a month the books have only part of', () => {
    expect(wholeMonths({ from: '2024-02-01', to: '2024-07-18' })).toEqual({ from: '2024-02-01', to: '2024-06-30' });
    expect(wholeMonths({ from: '2024-02-01', to: '2024-07-31' })).toEqual({ from: '2024-02-01', to: '2024-07-31' });
    expect(wholeMonths({ from: '2024-07-01', to: '2024-07-18' })).toBeNull();
  });
});

describe('lastDayOfMonth', () => {
  it('knows leap years', () => {
    expect(lastDayOfMonth('2024-02')).toBe('2024-02-29');
    expect(lastDayOfMonth('2023-02')).toBe('2023-02-28');
    expect(lastDayOfMonth('2023-12')).toBe('2023-12-31');
  });
});
