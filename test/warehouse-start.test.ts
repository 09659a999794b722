import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { startCommand, describeFreshness } from '../cli/commands/start.js';
import { simulateCommand } from '../cli/commands/simulate.js';
import { cliSource, runCommand, type CliSource } from './support/cli.js';
import { query } from './support/warehouse.js';

/**
 * The main job: on an empty database `start` simulates the company, builds the warehouse and
 * says how fresh it is; run again it finds the warehouse current; after more activity it loads
 * only what changed.
 */
describe('ledgerloop start and the warehouse', () => {
  let cli: CliSource;
  const warehouse = () => join(cli.dir, 'warehouse.duckdb');

  beforeAll(async () => {
    cli = await cliSource('ll-start-');
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it('on an empty database simulates the company, builds the warehouse and prints its freshness', async () => {
    const r = await runCommand(startCommand, '--days', '12', '--scale', '0.05', '--no-serve');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/simulating the demo company \(12 days, scale 0\.05/);
    // The first start adds the admin and the demo company one user per role, passwords shown once.
    expect(r.stdout).toMatch(/^No dashboards user yet: added the admin 'admin'\.\nOne-time password for 'admin' \(shown only now; replaced at the first sign-in\): [a-z2-9]{5}(-[a-z2-9]{5}){3}$/m);
    for (const role of ['executive', 'analyst', 'planner', 'admin']) expect(r.stdout).toMatch(new RegExp(`^  demo-${role} +${role} +[a-z2-9]{5}(-[a-z2-9]{5}){3}$`, 'm'));
    expect(r.stdout).toMatch(/trial balance {6}balances/);
    expect(r.stdout).toMatch(new RegExp(`Warehouse ${warehouse().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: building it…`));
    expect(r.stdout).toMatch(/^Full warehouse run 1 in [\d.]+ s: [\d,]+ rows written, \d+ figures reconciled with the books\.$/m);
    const [last] = await query(warehouse(), `select max(entry_date)::varchar as through from fact_gl_line`);
    expect(r.stdout).toMatch(new RegExp(`^Data freshness: the books as of \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d UTC \\(just now\\), postings through ${last!.through}; loaded by run 1 \\(full\\)\\.$`, 'm'));
    expect(r.stdout).toMatch(/^Forecast run 1 as of \d{4}-\d\d-\d\d: /m);
  });

  it('run again, finds the warehouse current and loads nothing', async () => {
    const r = await runCommand(startCommand, '--no-serve');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/holds a company simulated to/);
    expect(r.stdout).not.toMatch(/One-time password|Demo users/);
    expect(r.stdout).toMatch(/is current: no event committed since its last run\./);
    expect(r.stdout).toMatch(/loaded by run 1 \(full\)\./);
    expect(await query(warehouse(), 'select count(*) as runs from meta_pipeline_run')).toEqual([{ runs: 1 }]);
    expect(r.stdout).toMatch(/Forecasts are current \(run 1\)/);
  });

  it('after more activity, loads what changed incrementally', async () => {
    expect((await runCommand(simulateCommand, '--days', '3', '--scale', '0.05')).code).toBe(0);
    const r = await runCommand(startCommand, '--no-serve');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/: loading [\d,]+ new events…/);
    expect(r.stdout).toMatch(/^Incremental warehouse run 2 in [\d.]+ s: [\d,]+ rows written, \d+ figures reconciled with the books\.$/m);
    expect(r.stdout).toMatch(/loaded by run 2 \(incremental\)\./);
    expect(r.stdout).toMatch(/^Forecast run 2 as of /m);
  });

  it('describes a failed latest run next to the data it kept', () => {
    const at = new Date('2026-01-02T03:04:05Z');
    const text = describeFreshness(
      {
        path: 'w',
        lastSuccess: { runId: 4, mode: 'incremental', finishedAt: at, snapshotAt: at, seconds: 2 },
        lastFailure: { runId: 5, status: 'failed', at: new Date('2026-01-02T05:00:00Z'), error: 'reconciliation failed: revenue: warehouse 1 ≠ postgres 2' },
        dataThrough: '2025-12-31',
      },
      new Date('2026-01-02T06:04:05Z'),
    );
    expect(text).toBe(
      'Data freshness: the books as of 2026-01-02 03:04:05 UTC (3 h ago), postings through 2025-12-31; loaded by run 4 (incremental).\n' +
        'The latest run (5, 2026-01-02 05:00:00 UTC) failed: reconciliation failed: revenue: warehouse 1 ≠ postgres 2',
    );
  });
});
