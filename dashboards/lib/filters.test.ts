import { describe, expect, it } from 'vitest';
import { FilterError, filterParams, filterSearch, parseFilters, withParam } from './filters.js';

const url = (q: string) => new URLSearchParams(q);

describe('the global filters', () => {
  it('default to six months to the latest month and everything', () => {
    const f = parseFilters(url(''), '2025-06');
    expect(f).toMatchObject({ months: 6, to: '2025-06', from: '2025-01', region: null, category: null, warehouse: null, supplier: null });
    expect(filterParams(f)).toEqual({ period_from: '2025-01-01', period_to: '2025-06-30', region: 'all', category: 'all', warehouse: 'all', supplier: 'all' });
  });

  it('read codes, and treat an empty value or all as no filter', () => {
    const f = parseFilters(url('region=NORTH&category=&supplier=all&warehouse=WH-2&months=3&to=2024-02'), '2025-06');
    expect(f).toMatchObject({ region: 'NORTH', category: null, supplier: null, warehouse: 'WH-2', from: '2023-12', to: '2024-02' });
    expect(filterParams(f).period_to).toBe('2024-02-29');
  });

  it('refuse a value that is not a code, naming the field', () => {
    expect(() => parseFilters(url("region=x' or 1=1"), '2025-06')).toThrow(FilterError);
    try {
      parseFilters(url('months=99'), '2025-06');
    } catch (e) {
      expect((e as FilterError).field).toBe('months');
    }
  });

  it('keep a reader limited to a region in that region whatever the URL says', () => {
    expect(parseFilters(url('region=SOUTH'), '2025-06', { region: 'NORTH' }).region).toBe('NORTH');
    expect(parseFilters(url(''), '2025-06', { region: 'NORTH' }).region).toBe('NORTH');
  });

  it('round-trip through the URL', () => {
    const f = parseFilters(url('region=NORTH&months=12&to=2025-03'), '2025-06');
    const again = parseFilters(filterSearch(f, '2025-06'), '2025-06');
    expect(again).toEqual(f);
    expect(filterSearch(parseFilters(url(''), '2025-06'), '2025-06').toString()).toBe('');
  });

  it('set and clear one parameter of a URL, keeping the rest', () => {
    const u = new URL('http://x/inventory?region=NORTH&sort=turnover');
    expect(withParam(u, 'abc', 'A').search).toBe('?region=NORTH&sort=turnover&abc=A');
    expect(withParam(u, 'region', null).search).toBe('?sort=turnover');
  });
});
