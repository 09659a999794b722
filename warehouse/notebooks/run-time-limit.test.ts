import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { NotebookError } from './errors.js';
import { parseNotebook } from './parse.js';
import { runNotebook } from './run.js';

const dir = mkdtempSync(join(tmpdir(), 'll-notebook-limit-'));
const warehouse = join(dir, 'warehouse.duckdb');
const fence = '```';

beforeAll(async () => {
  const instance = await DuckDBInstance.create(warehouse);
  const c = await instance.connect();
  await c.run('create table t as select range as n from range(10)');
  c.closeSync();
  instance.closeSync();
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a notebook run with a time limit', () => {
  it('is stopped at the limit, naming the block it was in', async () => {
    const slow = parseNotebook('slow', ['# Slow', '', `${fence}sql name=quick`, 'select count(*) as n from t', fence, '', `${fence}sql name=endless`, 'select sum(a.range * b.range) as s from range(100000) a, range(100000) b', fence, ''].join('\n'));
    const started = performance.now();
    const error = await runNotebook(warehouse, slow, {}, { timeoutSeconds: 0.5 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotebookError);
    expect((error as NotebookError).message).toMatch(/^slow\.md, block endless \(line 7\): the notebook ran longer than its time limit of 0\.5 s and was stopped here; narrow its queries$/);
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('finishes as usual within the limit', async () => {
    const quick = parseNotebook('quick', ['# Quick', '', `${fence}sql name=quick`, 'select count(*) as n from t', fence, ''].join('\n'));
    const run = await runNotebook(warehouse, quick, {}, { timeoutSeconds: 30 });
    expect(run.results.quick!.rows).toEqual([{ n: 10 }]);
  });
});
