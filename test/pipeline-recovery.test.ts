import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { FAIL_STAGES, InjectedFailure, runPipeline } from '../pipelines/index.js';
import { query, warehouseFingerprint } from './support/warehouse.js';
import { sharedSource, type SharedSource } from './support/source.js';
import { transpileForNode } from './support/transpile.js';

/**
 * A run that fails or is killed at any point leaves the warehouse as it was, the next run
 * converges on what a clean full build gives, and readers in other processes never see a
 * half-written file.
 */
const COMPANY = { seed: 5, scale: 0.1, start: '2024-01-01' };

describe('pipeline failures and readers', () => {
  let source: SharedSource;
  let dir: string;
  let warehouse: string;
  const more = (days: number) => simulate({ db: source.database().db, actor: 'test' }, { ...COMPANY, days });
  /** Files beside the warehouse other than the warehouse itself: a failed run must leave none. */
  const leftovers = () => readdirSync(dirname(warehouse)).filter((f) => f.startsWith(basename(warehouse)) && f !== basename(warehouse));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-recovery-'));
    warehouse = join(dir, 'wh', 'warehouse.duckdb');
    source = await sharedSource(dir);
    await more(40);
    await runPipeline(source.database(), { warehousePath: warehouse });
  });
  afterAll(async () => {
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(FAIL_STAGES)('a run that fails at %s leaves the warehouse as it was and says so in the log', async (stage) => {
    await more(2);
    const before = await warehouseFingerprint(warehouse);
    await expect(runPipeline(source.database(), { warehousePath: warehouse, failAt: stage })).rejects.toBeInstanceOf(InjectedFailure);
    expect(await warehouseFingerprint(warehouse)).toEqual(before);
    expect(leftovers()).toEqual([]);
    const [last] = await query(warehouse, 'select status, error from meta_pipeline_run order by run_id desc limit 1');
    expect(last).toEqual({ status: 'failed', error: `pipeline failed on purpose at ${stage} (LEDGERLOOP_PIPELINE_FAIL_AT)` });
  });

  it('a run killed mid-load leaves the warehouse as it was, and the next run records the crash and recovers', async () => {
    await more(3);
    const before = await warehouseFingerprint(warehouse);
    const child = transpileForNode(join(import.meta.dirname, 'support', 'pipeline-child.ts'));
    await source.release();
    const run = spawn(process.execPath, [child, source.engine, source.target, warehouse, 'load'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await waitForOutput(run, /paused at load/);
    run.kill('SIGKILL');
    await new Promise((resolve) => run.once('exit', resolve));
    await source.reopen();

    expect(await warehouseFingerprint(warehouse)).toEqual(before);
    expect(existsSync(`${warehouse}.lock`)).toBe(true); // the dead run's lock, taken over below
    const recovered = await runPipeline(source.database(), { warehousePath: warehouse });
    expect(recovered.mode).toBe('incremental');
    const log = await query(warehouse, `select status from meta_pipeline_run where run_id >= ${recovered.runId - 1} order by run_id`);
    expect(log).toEqual([{ status: 'crashed' }, { status: 'succeeded' }]);
    expect(leftovers()).toEqual([]);
  });

  it('after the failures, the warehouse equals a clean full build', async () => {
    await more(2);
    await runPipeline(source.database(), { warehousePath: warehouse });
    const clean = join(dir, 'clean.duckdb');
    await runPipeline(source.database(), { warehousePath: clean, full: true });
    expect(await warehouseFingerprint(warehouse)).toEqual(await warehouseFingerprint(clean));
  });

  it('readers in another process never see a half-written warehouse while runs succeed and fail', async () => {
    const stop = join(dir, 'stop-reading');
    const reader = spawn(process.execPath, [join(import.meta.dirname, 'support', 'warehouse-reader.mjs'), warehouse, stop], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collect(reader);
    for (let round = 0; round < 3; round++) {
      await more(3);
      await runPipeline(source.database(), { warehousePath: warehouse });
      await expect(runPipeline(source.database(), { warehousePath: warehouse, failAt: 'before-swap' })).rejects.toBeInstanceOf(InjectedFailure);
    }
    writeFileSync(stop, '');
    await new Promise((resolve) => reader.once('exit', resolve));
    const report = JSON.parse(output().trim().split('\n').at(-1)!) as { reads: number; runs: number[]; errors: string[] };
    expect(report.errors).toEqual([]);
    expect(report.reads).toBeGreaterThan(10);
    expect(report.runs.length).toBeGreaterThanOrEqual(2); // it saw the warehouse change under it
  });
});

function collect(child: ChildProcess): () => string {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return () => text;
}

function waitForOutput(child: ChildProcess, pattern: RegExp): Promise<void> {
  const output = collect(child);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child did not print ${pattern} in time: ${output()}`)), 120_000);
    child.stdout!.on('data', () => {
      if (pattern.test(output())) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`child exited (${code}) before ${pattern}: ${output()}`));
    });
  });
}
