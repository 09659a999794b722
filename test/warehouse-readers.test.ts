import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { InjectedFailure, runPipeline, WAREHOUSE_TABLES } from '../pipelines/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { collectOutput } from './support/warehouse.js';
import { transpileForNode } from './support/transpile.js';

/**
 * Dashboards, `ledgerloop sql` and analysts' DuckDB clients read the warehouse while the
 * pipeline replaces it. A reader in another process queries in a loop — opening the file per
 * query as `ledgerloop sql` does, and through a connection held open across runs as a client
 * does — while runs succeed, fail and rebuild: it never sees a half-loaded state and never fails
 * on a lock, and a held connection keeps seeing one state until it reconnects.
 */
const COMPANY = { seed: 23, scale: 0.05, start: '2024-01-01' };

describe('readers while the pipeline runs', () => {
  let database: TestDatabase;
  let dir: string;
  let warehouse: string;
  const more = (days: number) => simulate({ db: database.db, actor: 'test' }, { ...COMPANY, days });

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'll-readers-'));
    warehouse = join(dir, 'warehouse.duckdb');
    await more(30);
    await runPipeline(database, { warehousePath: warehouse });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('never see a half-loaded warehouse nor a lock error, while runs succeed, fail and rebuild', async () => {
    const stop = join(dir, 'stop-reading');
    const reader = spawn(process.execPath, [transpileForNode(join(import.meta.dirname, 'support', 'warehouse-reader.ts')), warehouse, stop, JSON.stringify(WAREHOUSE_TABLES)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = collectOutput(reader);
    const exited = new Promise((resolve) => reader.once('exit', resolve));
    const runs: string[] = [];
    try {
      for (let round = 0; round < 4; round++) {
        await more(2);
        runs.push((await runPipeline(database, { warehousePath: warehouse, full: round === 2 })).mode);
        // A failed run swaps in the previous state with its failure logged: readers must not mind either.
        await expect(runPipeline(database, { warehousePath: warehouse, failAt: round % 2 === 0 ? 'before-swap' : 'load' })).rejects.toBeInstanceOf(InjectedFailure);
      }
    } finally {
      writeFileSync(stop, '');
      await exited;
    }
    expect(runs).toEqual(['incremental', 'incremental', 'full', 'incremental']);
    const report = JSON.parse(output().trim().split('\n').at(-1)!) as { reads: number; runsSeen: number[]; heldRunsSeen: number[]; errors: string[] };
    expect(report.errors).toEqual([]);
    expect(report.reads).toBeGreaterThan(20);
    // It saw the warehouse change under it, per query and across reconnections.
    expect(report.runsSeen.length).toBeGreaterThanOrEqual(3);
    expect(report.heldRunsSeen.length).toBeGreaterThanOrEqual(2);
  });
});
