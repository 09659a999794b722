import { describe, expect, it } from 'vitest';
import { wroteModelInputs } from './pending.js';

describe('wroteModelInputs', () => {
  it('a run that loaded only planning decisions leaves the forecasts current; any other table makes them behind', () => {
    expect(wroteModelInputs({ dim_customer: 0, fact_sales_line: 0, fact_planning_decision: 3, dim_date: 0 })).toBe(false);
    expect(wroteModelInputs({ fact_planning_decision: 3, fact_sales_line: 1 })).toBe(true);
    expect(wroteModelInputs({ fact_planning_decision: 0, dim_date: 366 })).toBe(true);
    expect(wroteModelInputs({})).toBe(false);
  });
});
