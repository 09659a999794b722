import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { closeSharedReaders } from './shared-reader.js';
import { QueryRefused, runReadOnlyPage } from './read-only-query.js';

const dir = mkdtempSync(join(tmpdir(), 'll-read-only-page-'));
const path = join(dir, 'warehouse.duckdb');
const SQL = 'select n, n % 7 as bucket from t where n <= $upto';

beforeAll(async () => {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run('create table t as select range as n from range(1, 251)');
  c.closeSync();
  instance.closeSync();
});

afterAll(() => {
  closeSharedReaders();
  rmSync(dir, { recursive: true, force: true });
});

describe('a page of a query', () => {
  it('sorts on the server and counts every row, whether the page is full, short or past the end', async () => {
    const page = (offset: number, limit: number, upto = 250) => runReadOnlyPage(path, SQL, { upto: { type: 'integer', value: upto } }, { sort: 'n', dir: 'desc', limit, offset });
    const full = await page(0, 10);
    expect(full.rows.map((r) => r.n)).toEqual([250, 249, 248, 247, 246, 245, 244, 243, 242, 241]);
    expect(full.total).toBe(250);
    expect(full.columns.map((c) => c.name)).toEqual(['n', 'bucket']);
    const last = await page(240, 25);
    expect(last.rows).toHaveLength(10);
    expect(last.total).toBe(250);
    const exact = await page(200, 50);
    expect(exact.rows).toHaveLength(50);
    expect(exact.total).toBe(250);
    const beyond = await page(300, 10);
    expect(beyond.rows).toEqual([]);
    expect(beyond.total).toBe(250);
    const none = await page(0, 10, 0);
    expect(none).toMatchObject({ rows: [], total: 0 });
  });

  it('keeps the query\'s own order without a sort, and refuses a sort column the query lacks', async () => {
    const own = await runReadOnlyPage(path, `${SQL} order by bucket, n`, { upto: { type: 'integer', value: 20 } }, { sort: null, dir: 'asc', limit: 4, offset: 0 });
    expect(own.rows.map((r) => r.n)).toEqual([7, 14, 1, 8]);
    expect(own.total).toBe(20);
    await expect(runReadOnlyPage(path, SQL, { upto: { type: 'integer', value: 5 } }, { sort: 'nope', dir: 'asc', limit: 4, offset: 0 })).rejects.toThrow(QueryRefused);
  });
});
