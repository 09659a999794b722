import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { FAIL_STAGES, InjectedFailure, runPipeline } from '../pipelines/index.js';
import { query, warehouseFingerprint } from './support/warehouse.js';
import { sharedSource, type SharedSource } from './support/source.js';

/**
 * A run that fails at any stage leaves the warehouse as it was and logs the failure, and the
 * next run converges on what a clean full build gives. (Killed processes: pipeline-crash.test.ts;
 * readers meanwhile: warehouse-readers.test.ts.)
 */
const COMPANY = { seed: 5, scale: 0.1, start: '2024-01-01' };

describe('pipeline failures', () => {
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

  it('a full rebuild that fails leaves the warehouse as it was; one that succeeds continues the run log', async () => {
    const before = await warehouseFingerprint(warehouse);
    const log = await query(warehouse, 'select run_id, status from meta_pipeline_run order by run_id');
    await expect(runPipeline(source.database(), { warehousePath: warehouse, full: true, failAt: 'load' })).rejects.toBeInstanceOf(InjectedFailure);
    expect(await warehouseFingerprint(warehouse)).toEqual(before);
    expect(leftovers()).toEqual([]);
    const rebuilt = await runPipeline(source.database(), { warehousePath: warehouse, full: true });
    expect(rebuilt).toMatchObject({ mode: 'full', runId: log.length + 2 });
    expect(await query(warehouse, 'select run_id, status from meta_pipeline_run order by run_id')).toEqual([
      ...log, { run_id: log.length + 1, status: 'failed' }, { run_id: log.length + 2, status: 'succeeded' },
    ]);
  });

  it('after the failures, the warehouse equals a clean full build', async () => {
    await more(2);
    await runPipeline(source.database(), { warehousePath: warehouse });
    const clean = join(dir, 'clean.duckdb');
    await runPipeline(source.database(), { warehousePath: clean, full: true });
    expect(await warehouseFingerprint(warehouse)).toEqual(await warehouseFingerprint(clean));
  });
});
