import { describe, expect, it } from 'vitest';
import { parseTableView, tableViewHref, TableViewError } from './table-view.js';

describe('a table view in the URL', () => {
  it('defaults to the first page of 50, unsorted', () => {
    expect(parseTableView(new URLSearchParams(''))).toEqual({ sort: null, dir: 'asc', page: 1, size: 50 });
    expect(parseTableView(new URLSearchParams(''), '', { sort: 'revenue', dir: 'desc' })).toEqual({ sort: 'revenue', dir: 'desc', page: 1, size: 50 });
  });

  it('keeps tables on one page apart by prefix', () => {
    const params = new URLSearchParams('lines.sort=qty&lines.dir=desc&lines.page=3&sort=other');
    expect(parseTableView(params, 'lines')).toEqual({ sort: 'qty', dir: 'desc', page: 3, size: 50 });
  });

  it('refuses what is not a column, direction, page or page size, naming the field', () => {
    for (const q of ['sort=1;drop', 'dir=up', 'page=0', 'page=x', 'size=7']) expect(() => parseTableView(new URLSearchParams(q))).toThrow(TableViewError);
    expect(() => parseTableView(new URLSearchParams('t.dir=up'), 't')).toThrow(/t\.dir must be asc or desc, not 'up'/);
  });

  it('links a new sort back to the first page, keeping other parameters', () => {
    const url = new URL('http://x/rows/q?region=N&page=4&sort=a');
    expect(tableViewHref(url, '', { sort: 'b', dir: 'desc' })).toBe('/rows/q?region=N&sort=b&dir=desc');
    expect(tableViewHref(url, '', { page: 5 })).toBe('/rows/q?region=N&page=5&sort=a');
  });
});
