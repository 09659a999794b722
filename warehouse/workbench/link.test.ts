import { describe, expect, it } from 'vitest';
import { queryFromSearch, ROW_LIMIT, searchFor, TIME_LIMIT_SECONDS, WorkbenchInputError, workbenchQuery } from './link.js';

describe('workbench links', () => {
  it('round-trips a query with its parameters and limits through its URL', () => {
    const query = { sql: "-- @param from date = 2024-01-01  From.\nselect * from t where d >= $from and s = 'a&b=c'", params: { from: '2024-03-01' }, limit: 500, timeoutSeconds: 10 };
    const search = searchFor(query);
    expect(search.get('p.from')).toBe('2024-03-01');
    expect(queryFromSearch(new URLSearchParams(search.toString()))).toEqual(query);
  });

  it('leaves default limits out of the URL and fills them back in', () => {
    const search = searchFor({ sql: 'select 1', params: {}, limit: ROW_LIMIT.default, timeoutSeconds: TIME_LIMIT_SECONDS.default });
    expect(search.toString()).toBe('sql=select+1');
    expect(queryFromSearch(search)).toEqual({ sql: 'select 1', params: {}, limit: 1000, timeoutSeconds: 30 });
    expect(queryFromSearch(new URLSearchParams('limit=5'))).toBeNull();
  });

  it.each([
    [{ sql: '' }, /write a query to run/],
    [{ sql: 'select 1', limit: '0' }, /limit must be a whole number of rows from 1 to 100,000, not '0'/],
    [{ sql: 'select 1', limit: '100001' }, /limit must be a whole number of rows from 1 to 100,000/],
    [{ sql: 'select 1', limit: 'lots' }, /not 'lots'/],
    [{ sql: 'select 1', timeout: '301' }, /timeout must be a whole number of seconds from 1 to 300/],
    [{ sql: 'select 1', params: { 'bad name': 'x' } }, /'bad name' is not a parameter name/],
    [{ sql: 'select 1', params: { n: 3 } }, /parameter 'n' must be given as text/],
    [{ sql: 'x'.repeat(20_001) }, /at most 20000 can run here/],
  ])('refuses %j', (input, message) => {
    expect(() => workbenchQuery(input)).toThrow(WorkbenchInputError);
    expect(() => workbenchQuery(input)).toThrow(message);
  });
});
