import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { integerOption, parse } from '../args.js';
import { appDirectory, serveUntilStopped } from './serve.js';
import { SYSTEM_ACTOR, withDatabase } from '../database.js';
import { simulationState } from '../../domain/core/simulation-state.js';
import { isSetUp } from '../../domain/core/company.js';
import type { Database } from '../../domain/db/connect.js';
import { companySummary, documentCounts } from '../../domain/status.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { runPipeline, warehouseState, wroteModelInputs, type PipelineResult } from '../../pipelines/index.js';
import { warehouseFreshness, type WarehouseFreshness } from '../../warehouse/freshness.js';
import { warehousePath } from '../../warehouse/location.js';
import { duration } from '../format.js';
import { runNamedQuery } from '../../warehouse/read-only-query.js';
import { runForecast } from '../../warehouse/forecast/run.js';
import { proposeSuggestions } from '../../warehouse/forecast/propose.js';
import { describe, describeDemoUsers, runSimulation, simulationOptions } from './simulate.js';
import { oneTimePassword } from './user.js';
import { access } from '../../domain/index.js';
import { addDemoUsers } from '../../domain/simulate/index.js';
import { formatStatus } from './status.js';
import { progressPrinter } from './pipeline.js';
import type { Subcommand } from '../subcommand.js';

export const startCommand: Subcommand = {
  name: 'start',
  summary: 'the main job: database, demo company when empty, warehouse, and a summary',
  help: `Usage: ledgerloop start [--seed N] [--days D] [--scale S] [--no-serve] [--host H] [--port N]

Opens (and creates) the database, applies migrations, simulates the demo company if the
database is empty (two years at scale 1 by default), and prints a summary: revenue, gross
margin, stock value, open receivables, document counts and the trial-balance check.

The first start, with no dashboards user yet, adds the admin 'admin' and prints its one-time
password once (replaced at the first sign-in); a newly simulated demo company also gets one
user per role ('ledgerloop user list'; 'ledgerloop user --help' for the rest).

Then brings the warehouse ($LEDGERLOOP_DATA/warehouse.duckdb) up to date: built in full the
first time, then only what was committed since its last run (or nothing, when no event has been
committed since), reconciled with the books, with progress on stderr; and prints how fresh
its data is. 'ledgerloop pipeline' runs the warehouse load on its own.

Then runs the models over the warehouse when it holds data they have not seen (forecasts stored
as warehouse tables, planning suggestions written to the planning inbox); 'ledgerloop forecast'
runs them on their own and prints their figures.

Finally serves the dashboards (as 'ledgerloop serve': http://127.0.0.1:5173/ by default, the
warehouse refreshed every 5 minutes) and prints their URL; Ctrl-C stops. --no-serve ends after
the summary instead; --host and --port as for serve.`,
  async run(argv) {
    const { values } = parse(argv, { seed: { type: 'string' }, days: { type: 'string' }, scale: { type: 'string' }, 'no-serve': { type: 'boolean' }, host: { type: 'string' }, port: { type: 'string' } });
    const host = (values.host as string | undefined) ?? '127.0.0.1';
    const port = integerOption(values.port, 'port', { min: 0, max: 65535, fallback: 5173 });
    const options = simulationOptions(values);
    return withDatabase(async (database) => {
      const { db } = database;
      if (!(await access.hasUsers(db))) {
        const admin = await access.addUser({ db, actor: SYSTEM_ACTOR }, { username: 'admin', displayName: 'Administrator', role: 'admin' });
        console.log(`No dashboards user yet: added the admin '${admin.username}'.\n${oneTimePassword(admin.username, admin.password!)}\n`);
      }
      if (!(await isSetUp(db))) {
        console.log(`Empty database at ${database.location}: simulating the demo company (${options.days} days, scale ${options.scale}, seed ${options.seed})…`);
        console.log(describe(await runSimulation(db, options)));
        const demoUsers = await addDemoUsers({ db, actor: SYSTEM_ACTOR });
        if (demoUsers.length > 0) console.log(describeDemoUsers(demoUsers));
      } else {
        const sim = await simulationState(db);
        console.log(`Database at ${database.location} holds a company${sim ? ` simulated to ${sim.lastDate}` : ''}; run 'ledgerloop simulate --days N' to continue it.`);
      }
      const tb = await trialBalance(db, '9999-12-31');
      console.log(`\n${formatStatus({ database: { kind: database.kind, location: database.location }, counts: await documentCounts(db), summary: await companySummary(db), trialBalance: { balanced: tb.balanced, totalDebit: tb.totalDebit, totalCredit: tb.totalCredit } })}`);
      console.log(`\n${await updateWarehouse(database)}`);
      console.log(`\n${await updateForecasts(database)}`);
      if (!tb.balanced) return 1;
      if (values['no-serve']) return 0;
      if (!existsSync(join(appDirectory(), 'handler.js'))) {
        console.log(`\nThe dashboards are not built ('npm run build' builds them); 'ledgerloop serve' serves them then.`);
        return 0;
      }
      console.log('');
      return serveUntilStopped(database, { host, port, refreshMinutes: 5 });
    });
  },
};

/**
 * Runs the models (and refreshes the planning suggestions) when the warehouse holds data they
 * have not seen: no forecast yet, or a pipeline run finished after the latest forecast.
 */
export async function updateForecasts(database: Database, path = warehousePath(), { quiet = false }: { quiet?: boolean } = {}): Promise<string> {
  const rows = await runNamedQuery(path, 'forecast_freshness').catch(() => []);
  const forecastRun = rows[0]?.forecast_run_id ?? null;
  const wrote = (json: unknown) => typeof json === 'string' && wroteModelInputs(JSON.parse(json) as Record<string, number>);
  // Current when no pipeline run since the latest forecast brought rows the models read: the
  // forecast's own writes (planning suggestions, supplier standings) come back as events that
  // load nothing, and planning decisions load only fact_planning_decision.
  if (forecastRun !== null && !rows.some((r) => wrote(r.rows_written))) return `Forecasts are current (run ${String(forecastRun)}); 'ledgerloop forecast' runs them again.`;
  if (!quiet) console.log('Running the models over the warehouse…');
  const result = await runForecast(path, { onProgress: quiet ? () => {} : (model, message) => process.stderr.write(`forecast ${model}: ${message}\n`) });
  const plan = await proposeSuggestions({ db: database.db, actor: SYSTEM_ACTOR }, path, result);
  const models = result.outputs.map((o) => `${o.model}${o.status === 'skipped' ? ' (skipped)' : ''}`).join(', ');
  return `Forecast run ${result.runId} as of ${result.asOf}: ${models}. Planning inbox: ${plan.replenishment} replenishment, ${plan.production} production, ${plan.reEngagement} re-engagement, ${plan.budget} budget suggestions ('ledgerloop planning list'); 'ledgerloop forecast' prints the models' figures.`;
}

/** Runs the pipeline when the warehouse is missing or behind, and describes the warehouse's freshness. */
export async function updateWarehouse(database: Database, path = warehousePath(), onProgress = progressPrinter()): Promise<string> {
  const before = await warehouseState(database, path);
  const lines: string[] = [];
  if (before.state === 'current') {
    lines.push(`Warehouse ${path} is current: no event committed since its last run.`);
  } else {
    const why = before.state === 'missing' ? 'building it' : before.state === 'rebuild' ? `rebuilding it: ${before.reason}` : `loading ${before.events.toLocaleString('en-US')} new events`;
    console.log(`Warehouse ${path}: ${why}…`);
    lines.push(describeLoad(await runPipeline(database, { warehousePath: path, sourceUrl: process.env.DATABASE_URL || undefined, onProgress })));
  }
  lines.push(describeFreshness(await warehouseFreshness(path)));
  return lines.join('\n');
}

export function describeLoad(r: PipelineResult): string {
  const written = Object.values(r.rowsWritten).reduce((s, n) => s + n, 0);
  return `${r.mode === 'full' ? 'Full' : 'Incremental'} warehouse run ${r.runId} in ${seconds(r.seconds)}: ${written.toLocaleString('en-US')} rows written, ${r.figuresChecked} figures reconciled with the books.`;
}

/** Data freshness, as the dashboards will show it. */
export function describeFreshness(f: WarehouseFreshness | null, now = new Date()): string {
  if (!f) return 'No warehouse yet.';
  const lines: string[] = [];
  if (f.lastSuccess) {
    const s = f.lastSuccess;
    lines.push(
      `Data freshness: the books as of ${utc(s.snapshotAt)} (${ago(now, s.snapshotAt)}), postings through ${f.dataThrough ?? '(none yet)'}; loaded by run ${s.runId} (${s.mode}).`,
    );
  } else {
    lines.push('Data freshness: no run has succeeded yet.');
  }
  if (f.lastFailure) lines.push(`The latest run (${f.lastFailure.runId}, ${utc(f.lastFailure.at)}) ${f.lastFailure.status}: ${f.lastFailure.error ?? 'no error recorded'}`);
  return lines.join('\n');
}

const utc = (d: Date) => `${d.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
const seconds = (s: number) => (s < 10 ? `${s.toFixed(1)} s` : duration(s));

function ago(now: Date, then: Date): string {
  const s = Math.max(0, (now.getTime() - then.getTime()) / 1000);
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return `${Math.floor(s / 86400)} days ago`;
}
