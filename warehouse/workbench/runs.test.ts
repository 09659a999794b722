import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parquetReadObjects } from 'hyparquet';
import { QueryInputError } from '../named-queries.js';
import { QueryRefused, QueryStopped } from '../query-errors.js';
import { readParquet, runWorkbenchQuery, WorkbenchRuns } from './runs.js';
import type { WorkbenchQuery } from './link.js';

/** The workbench's runner on a small warehouse file: limits, parameters, time limit, cancel, Parquet. */
const LONG = 'select count(*) as n from range(1000000000) a, range(1000000) b';
let dir: string;
let path: string;
const q = (sql: string, more: Partial<WorkbenchQuery> = {}): WorkbenchQuery => ({ sql, params: {}, limit: 1000, timeoutSeconds: 30, ...more });
let ids = 0;
const id = () => `test-run-${++ids}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'll-workbench-'));
  path = join(dir, 'warehouse.duckdb');
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run(`create table t as select range as n, 'x' || range as label, date '2024-01-01' + range::int as day from range(5000)`);
  c.closeSync();
  instance.closeSync();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('workbench runs', () => {
  it('returns at most the row limit and says when there were more', async () => {
    const some = await runWorkbenchQuery(path, id(), q('select * from t order by n', { limit: 100 }));
    expect(some.rows).toHaveLength(100);
    expect(some).toMatchObject({ truncated: true, limit: 100, columns: [{ name: 'n', type: 'BIGINT' }, { name: 'label', type: 'VARCHAR' }, { name: 'day', type: 'DATE' }] });
    expect(some.rows[99]).toEqual({ n: 99, label: 'x99', day: '2024-04-09' });
    const all = await runWorkbenchQuery(path, id(), q('select * from t', { limit: 5000 }));
    expect(all).toMatchObject({ truncated: false });
    expect(all.rows).toHaveLength(5000);
  });

  it('binds the parameters its header declares, defaults or given, and refuses undeclared ones', async () => {
    const sql = '-- @param below integer = 3  Upper bound.\nselect count(*) as c from t where n < $below';
    expect((await runWorkbenchQuery(path, id(), q(sql))).rows).toEqual([{ c: 3 }]);
    expect((await runWorkbenchQuery(path, id(), q(sql, { params: { below: '42' } }))).rows).toEqual([{ c: 42 }]);
    await expect(runWorkbenchQuery(path, id(), q(sql, { params: { below: 'many' } }))).rejects.toThrow(/'below' must be a whole number/);
    await expect(runWorkbenchQuery(path, id(), q('select $x as x'))).rejects.toThrow(QueryInputError);
    await expect(runWorkbenchQuery(path, id(), q('select $x as x'))).rejects.toThrow(/uses \$x, which its header does not declare/);
  });

  it('refuses a write hidden in EXPLAIN ANALYZE', async () => {
    await expect(runWorkbenchQuery(path, id(), q('explain analyze create temp table y as select 1'))).rejects.toThrow(/EXPLAIN ANALYZE runs the statement it explains; only queries that read can run here: this is a CREATE statement/);
    expect((await runWorkbenchQuery(path, id(), q('explain select * from t'))).rows.length).toBeGreaterThan(0);
  });

  it('stops a query at its time limit', async () => {
    const started = Date.now();
    const error = await runWorkbenchQuery(path, id(), q(LONG, { timeoutSeconds: 1 })).catch((e) => e);
    expect(error).toBeInstanceOf(QueryStopped);
    expect(error).toMatchObject({ reason: 'timeout', message: expect.stringMatching(/ran longer than its time limit of 1 s/) });
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('cancels a running query by its id, and one cancelled before it started', async () => {
    const runs = new WorkbenchRuns();
    const runId = id();
    const running = runWorkbenchQuery(path, runId, q(LONG), runs).catch((e) => e);
    await new Promise((r) => setTimeout(r, 300));
    expect(runs.running()).toEqual([runId]);
    const started = Date.now();
    expect(runs.cancel(runId)).toBe(true);
    const error = await running;
    expect(error).toMatchObject({ reason: 'cancelled', message: 'the query was cancelled' });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(runs.running()).toEqual([]);

    const early = id();
    expect(runs.cancel(early)).toBe(false);
    await expect(runWorkbenchQuery(path, early, q(LONG), runs)).rejects.toMatchObject({ reason: 'cancelled' });
    // The early cancel is used up: the same id runs normally afterwards.
    expect((await runWorkbenchQuery(path, early, q('select 1 as one'), runs)).rows).toEqual([{ one: 1 }]);
  });

  it('refuses a bad run id and a second run under the same id', async () => {
    await expect(runWorkbenchQuery(path, 'x', q('select 1'))).rejects.toThrow(/a run id is 8 to 64/);
    const runs = new WorkbenchRuns();
    const runId = id();
    const first = runWorkbenchQuery(path, runId, q(LONG), runs).catch((e) => e);
    await new Promise((r) => setTimeout(r, 100));
    await expect(runWorkbenchQuery(path, runId, q('select 1'), runs)).rejects.toThrow(/is running already/);
    runs.cancel(runId);
    await first;
  });

  it('writes a result as Parquet with its types, quoted names and enum values intact', async () => {
    const runs = new WorkbenchRuns();
    const sql = `select n, n::decimal(12,2) / 4 as "a ""quoted"" name", day, [n, n + 1] as pair, {'k': label} as s, (case when n % 2 = 0 then 'even' else 'it''s odd' end)::enum('even', 'it''s odd') as parity from t order by n`;
    const parquet = await runs.run(path, id(), q(sql, { limit: 3000 }), readParquet);
    expect(parquet).toMatchObject({ rows: 3000, truncated: true });
    expect(new TextDecoder().decode(parquet.bytes.slice(0, 4))).toBe('PAR1');
    const buffer = parquet.bytes.buffer.slice(parquet.bytes.byteOffset, parquet.bytes.byteOffset + parquet.bytes.byteLength) as ArrayBuffer;
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows).toHaveLength(3000);
    expect(rows[3]).toMatchObject({ n: 3n, 'a "quoted" name': 0.75, pair: [3n, 4n], s: { k: 'x3' }, parity: "it's odd" });
    expect(new Date(rows[3]!.day as Date).toISOString().slice(0, 10)).toBe('2024-01-04');
  });

  it('refuses Parquet of a statement the sandbox refuses, without touching files', async () => {
    const runs = new WorkbenchRuns();
    await expect(runs.run(path, id(), q(`copy t to '${join(dir, 'leak.parquet')}'`), readParquet)).rejects.toThrow(QueryRefused);
  });
});
