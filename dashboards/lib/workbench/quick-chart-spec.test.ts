import { describe, expect, it } from 'vitest';
import { chartRows, defaultQuickChart, fitQuickChart } from './quick-chart-spec.js';

describe('the quick chart', () => {
  it('starts with time or a category along x and the first number up y', () => {
    expect(defaultQuickChart([{ name: 'region', type: 'VARCHAR' }, { name: 'month', type: 'DATE' }, { name: 'revenue', type: 'BIGINT' }])).toEqual({ mark: 'line', x: 'month', y: 'revenue', color: null });
    expect(defaultQuickChart([{ name: 'region', type: 'VARCHAR' }, { name: 'revenue', type: 'DECIMAL(18,2)' }])).toEqual({ mark: 'bar', x: 'region', y: 'revenue', color: null });
    expect(defaultQuickChart([{ name: 'a', type: 'DOUBLE' }, { name: 'b', type: 'INTEGER' }])).toEqual({ mark: 'dot', x: 'a', y: 'b', color: null });
    expect(defaultQuickChart([{ name: 'name', type: 'VARCHAR' }])).toEqual({ mark: 'bar', x: 'name', y: null, color: null });
    expect(defaultQuickChart([])).toBeNull();
  });

  it('keeps the choices a new result still allows', () => {
    const spec = { mark: 'area' as const, x: 'month', y: 'revenue', color: 'region' };
    expect(fitQuickChart(spec, [{ name: 'month', type: 'DATE' }, { name: 'revenue', type: 'BIGINT' }])).toEqual({ ...spec, color: null });
    expect(fitQuickChart(spec, [{ name: 'day', type: 'DATE' }, { name: 'n', type: 'BIGINT' }])).toEqual({ mark: 'line', x: 'day', y: 'n', color: null });
  });

  it('turns dates and timestamps into Date objects for Plot', () => {
    const rows = chartRows([{ d: '2024-03-01', t: '2024-03-01 10:30:00', z: '2024-03-01 10:30:00+02', n: 1 }, { d: null, t: null, z: null, n: 2 }], [{ name: 'd', type: 'DATE' }, { name: 't', type: 'TIMESTAMP' }, { name: 'z', type: 'TIMESTAMP WITH TIME ZONE' }, { name: 'n', type: 'INTEGER' }]);
    expect((rows[0]!.d as Date).toISOString()).toBe('2024-03-01T00:00:00.000Z');
    expect((rows[0]!.t as Date).toISOString()).toBe('2024-03-01T10:30:00.000Z');
    expect((rows[0]!.z as Date).toISOString()).toBe('2024-03-01T08:30:00.000Z');
    expect(rows[1]).toEqual({ d: null, t: null, z: null, n: 2 });
  });
});
