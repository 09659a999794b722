import { describe, expect, it } from 'vitest';
import { daysIn, isIsoDate, previousPeriod, samePeriodLastYear } from './periods.js';

describe('comparative periods', () => {
  it('steps whole months back by months, other windows by days', () => {
    expect(previousPeriod({ from: '2024-03-01', to: '2024-03-31' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(previousPeriod({ from: '2024-04-01', to: '2024-06-30' })).toEqual({ from: '2024-01-01', to: '2024-03-31' });
    expect(previousPeriod({ from: '2024-01-01', to: '2024-12-31' })).toEqual({ from: '2023-01-01', to: '2023-12-31' });
    expect(previousPeriod({ from: '2024-03-10', to: '2024-03-19' })).toEqual({ from: '2024-02-29', to: '2024-03-09' });
  });

  it('takes the same dates a year earlier, keeping month ends', () => {
    expect(samePeriodLastYear({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ from: '2023-02-01', to: '2023-02-28' });
    expect(samePeriodLastYear({ from: '2025-02-01', to: '2025-02-28' })).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(samePeriodLastYear({ from: '2024-03-10', to: '2024-03-19' })).toEqual({ from: '2023-03-10', to: '2023-03-19' });
  });

  it('counts days inclusively and checks dates', () => {
    expect(daysIn({ from: '2024-02-01', to: '2024-02-29' })).toBe(29);
    expect(isIsoDate('2024-02-30')).toBe(false);
    expect(isIsoDate('2024-02-29')).toBe(true);
  });
});
