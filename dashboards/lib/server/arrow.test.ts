import { describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { toArrowIPC } from './arrow.js';
import { rowsFromIPC } from '../arrow-rows.js';

describe('toArrowIPC', () => {
  const result = {
    columns: [{ name: 'month', type: 'DATE' }, { name: 'revenue', type: 'BIGINT' }, { name: 'rate', type: 'DECIMAL(9,4)' }, { name: 'late', type: 'BOOLEAN' }],
    rows: [
      { month: '2024-01-01', revenue: 1250, rate: 0.125, late: false },
      { month: '2024-02-01', revenue: '9007199254740993', rate: null, late: true },
    ],
  };

  it('keeps column order and types: numbers as Float64, booleans, the rest as text', () => {
    const table = tableFromIPC(toArrowIPC(result));
    expect(table.schema.fields.map((f) => [f.name, String(f.type)])).toEqual([['month', 'Utf8'], ['revenue', 'Float64'], ['rate', 'Float64'], ['late', 'Bool']]);
    expect(table.numRows).toBe(2);
  });

  it('round-trips to the same rows, nulls kept and big integers as the nearest double', () => {
    expect(rowsFromIPC(toArrowIPC(result))).toEqual([
      { month: '2024-01-01', revenue: 1250, rate: 0.125, late: false },
      { month: '2024-02-01', revenue: 9007199254740992, rate: null, late: true },
    ]);
  });

  it('gives an empty table with the columns when there are no rows', () => {
    const table = tableFromIPC(toArrowIPC({ columns: result.columns, rows: [] }));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((f) => f.name)).toEqual(['month', 'revenue', 'rate', 'late']);
  });
});
