import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { RUN_STAGES, runPipeline, type RunStage } from '../pipelines/index.js';
import { collectOutput, killHard, query, waitForOutput, warehouseFingerprint } from './support/warehouse.js';
import { sharedSource, type SharedSource } from './support/source.js';
import { transpileForNode } from './support/transpile.js';

/**
 * Crash safety with real crashes: a pipeline run in its own process, killed with SIGKILL at
 * every stage and at arbitrary moments. Whatever the moment, the warehouse file is either the
 * state before the run or, once the run has swapped its file in, the state after it — never
 * anything in between — and the next run converges on exactly what a clean full build of the
 * same source gives, table by table.
 */
const COMPANY = { seed: 17, scale: 0.1, start: '2024-01-01' };

describe('a pipeline process killed at any point', () => {
  let source: SharedSource;
  let dir: string;
  let warehouse: string;
  let child: string;
  let builds = 0;
  const more = async (days: number) => {
    await simulate({ db: (await source.reopen()).db, actor: 'test' }, { ...COMPANY, days });
  };
  /** The fingerprint of a clean full build of the source as it is now. */
  const cleanBuild = async () => {
    const clean = join(dir, `clean-${builds++}.duckdb`);
    await runPipeline(await source.reopen(), { warehousePath: clean, full: true });
    return warehouseFingerprint(clean);
  };
  const leftovers = () => readdirSync(dirname(warehouse)).filter((f) => f.startsWith(basename(warehouse)) && f !== basename(warehouse));
  /** Starts a run in a child process (the embedded source is released to it), paused at `stage` or running to the end. */
  const startChild = async (stage?: RunStage) => {
    await source.release();
    const run = spawn(process.execPath, [child, source.engine, source.target, warehouse, ...(stage ? [stage] : [])], { stdio: ['ignore', 'pipe', 'pipe'] });
    const output = collectOutput(run);
    await waitForOutput(run, /running/, output);
    return { run, output };
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-crash-'));
    warehouse = join(dir, 'wh', 'warehouse.duckdb');
    child = transpileForNode(join(import.meta.dirname, 'support', 'pipeline-child.ts'));
    source = await sharedSource(dir);
    await more(40);
    await runPipeline(source.database(), { warehousePath: warehouse });
  });
  afterAll(async () => {
    await source.reopen();
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(RUN_STAGES)('killed at %s: the file is one whole state, and the next run converges on a clean full build', async (stage) => {
    await more(2);
    const before = await warehouseFingerprint(warehouse);
    const { run, output } = await startChild(stage);
    await waitForOutput(run, new RegExp(`paused at ${stage}`), output);
    await killHard(run);

    const after = await warehouseFingerprint(warehouse);
    const expected = await cleanBuild();
    // Until the rename the file is the state before the run; from it on, the state after it.
    expect(after).toEqual(stage === 'after-swap' ? expected : before);
    expect(leftovers()).toContain(`${basename(warehouse)}.lock`); // the dead run's, taken over below

    const next = await runPipeline(await source.reopen(), { warehousePath: warehouse });
    expect(next.mode).toBe('incremental');
    expect(leftovers()).toEqual([]);
    expect(await warehouseFingerprint(warehouse)).toEqual(expected);
    // The log records a crash only for a run that died before publishing its file.
    const log = await query(warehouse, `select status from meta_pipeline_run where run_id >= ${next.runId - 1} order by run_id`);
    expect(log).toEqual(stage === 'after-swap' ? [{ status: 'succeeded' }, { status: 'succeeded' }] : [{ status: 'crashed' }, { status: 'succeeded' }]);
  });

  it('killed at arbitrary moments, leaves the state before or after the run, and converges', async () => {
    // How long a run takes here, to spread the kills over it.
    await more(1);
    const timed = await startChild();
    await new Promise((resolve) => timed.run.once('exit', resolve));
    expect(timed.output()).toMatch(/"mode":"incremental"/);
    const [last] = await query(warehouse, `select epoch(finished_at - started_at) as s from meta_pipeline_run order by run_id desc limit 1`);
    const seconds = last!.s as number;
    expect(seconds).toBeGreaterThan(0);

    const seen = { before: 0, after: 0 };
    for (const fraction of [0.05, 0.2, 0.35, 0.5, 0.65, 0.8, 0.95]) {
      await more(1);
      const before = await warehouseFingerprint(warehouse);
      const expected = await cleanBuild();
      const { run } = await startChild();
      await new Promise((resolve) => setTimeout(resolve, fraction * seconds * 1000));
      await killHard(run);
      const after = await warehouseFingerprint(warehouse);
      if (JSON.stringify(after) === JSON.stringify(before)) seen.before++;
      else {
        expect(after, `killed ${fraction} into a run`).toEqual(expected);
        seen.after++;
      }
    }
    expect(seen.before).toBeGreaterThan(0); // at least some kills landed mid-run
    await runPipeline(await source.reopen(), { warehousePath: warehouse });
    expect(await warehouseFingerprint(warehouse)).toEqual(await cleanBuild());
    expect(leftovers()).toEqual([]);
  });
});
