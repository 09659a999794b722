import { describe, expect, it } from 'vitest';
import { mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { closeSharedReaders, sharedReader } from './shared-reader.js';

async function writeFile(path: string, value: number): Promise<void> {
  const instance = await DuckDBInstance.create(path);
  const c = await instance.connect();
  await c.run(`create table t as select ${value} as v`);
  c.closeSync();
  instance.closeSync();
}

describe('shared warehouse readers', () => {
  it('serve queries from one instance per file version, seeing a swapped-in file at once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'll-shared-reader-'));
    try {
      const live = join(dir, 'warehouse.duckdb');
      await writeFile(live, 1);
      const a = await sharedReader(live);
      const b = await sharedReader(live);
      expect(await a.all('select v from t')).toEqual([{ v: 1 }]);
      expect(await b.all("select current_setting('TimeZone') as tz")).toEqual([{ tz: 'UTC' }]);
      // A new version renamed over the live file while `a` is still open.
      await writeFile(join(dir, 'next.duckdb'), 2);
      renameSync(join(dir, 'next.duckdb'), live);
      const c = await sharedReader(live);
      expect(await c.all('select v from t')).toEqual([{ v: 2 }]);
      expect(await a.all('select v from t')).toEqual([{ v: 1 }]);
      for (const d of [a, b, c]) d.close();
      // Locked down as openReader makes them.
      const d = await sharedReader(live);
      await expect(d.run("set TimeZone = 'Europe/Paris'")).rejects.toThrow(/locked/);
      await expect(d.run(`copy t to '${join(dir, 'out.csv')}'`)).rejects.toThrow();
      d.close();
    } finally {
      closeSharedReaders();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
