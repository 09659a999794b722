import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openWriter, type Duck } from './duck.js';
import { allowCompaction, tablesToCompact } from './compaction.js';

describe('compaction of deleted rows', () => {
  const dirs: string[] = [];
  let duck: Duck | null = null;
  afterEach(() => {
    duck?.close();
    duck = null;
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  async function warehouse(): Promise<{ duck: Duck }> {
    const dir = mkdtempSync(join(tmpdir(), 'll-compact-'));
    dirs.push(dir);
    const path = join(dir, 'w.duckdb');
    duck = await openWriter(path);
    await duck.run('create table big as select range as id, range % 97 as v from range(500000)');
    await duck.run('create table small as select range as id from range(1000)');
    await duck.run('checkpoint');
    return { duck };
  }
  const live = async (d: Duck) => Object.fromEntries((await d.all<{ t: string; n: bigint }>(`select 'big' as t, count(*) as n from big union all select 'small', count(*) from small`)).map((r) => [r.t, Number(r.n)]));

  it('names the tables whose deleted rows exceed a tenth of what they store, and only those', async () => {
    const { duck: d } = await warehouse();
    await d.run('delete from big where id < 40000'); // 8%
    await d.run('delete from small where id < 200'); // 20%
    await d.run('checkpoint');
    expect(await tablesToCompact(d, await live(d))).toEqual(['small']);
    await d.run('delete from big where id < 60000'); // 12%
    await d.run('checkpoint');
    expect(await tablesToCompact(d, await live(d))).toEqual(['big', 'small']);
  });

  it('leaves deleted rows in place at a checkpoint until compaction is allowed, which reclaims them', async () => {
    const { duck: d } = await warehouse();
    await d.run('delete from big where id % 2 = 0');
    await d.run('insert into big select range + 500000, 1 from range(1000)');
    await d.run('checkpoint');
    const stored = async () => Number((await d.all<{ n: bigint }>(`select estimated_size as n from duckdb_tables() where table_name = 'big'`))[0]!.n);
    expect(await stored()).toBe(501_000);
    await allowCompaction(d);
    await d.run('delete from big where id = 1');
    await d.run('checkpoint');
    expect(await stored()).toBeLessThan(400_000);
    expect(await tablesToCompact(d, await live(d))).toEqual([]);
    expect(Number((await d.all<{ n: bigint }>('select count(*) as n from big'))[0]!.n)).toBe(250_999);
  });
});
