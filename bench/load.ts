import { parseArgs } from 'node:util';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/run.js';
import { literal } from '../pipelines/warehouse/duck.js';
import { warehouseFreshness } from '../warehouse/freshness.js';
import { dashboardContextFor, serveDashboards } from '../cli/commands/serve.js';
import { updateForecasts, updateWarehouse } from '../cli/commands/start.js';
import { withDatabaseName } from './pipeline.js';
import { ensureUser, login } from './sign-in.js';

/**
 * Many signed-in people browsing the dashboards while the warehouse refreshes under them. A
 * load generator on loopback signs --users people in through /login (default 50: executives,
 * analysts and planners, every fifth limited to one region), then each, one request at a time
 * as a person clicking through, asks for the pages' data and now and then a CSV, for --seconds
 * (default 120). Meanwhile a pipeline run fails on purpose mid-run — the app must keep answering
 * from the last good warehouse and show the failure — and then the company records two more days
 * of business and the incremental pipeline and the models run, as `serve`'s schedule does.
 * Prints requests per second, p50 and p95 latency and the errors (aim: none). The company
 * (database ledgerloop_bench_load on the server) and its warehouse are kept for the next run.
 */
const PATHS = ['/', '/funnel', '/customers', '/inventory', '/suppliers', '/finance', '/planning', '/data', '/rows/dashboard_sales_lines', '/queries/dashboard_kpi_monthly.csv'];
const ROLES = ['executive', 'analyst', 'planner'] as const;

export async function loadBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { users: { type: 'string' }, seconds: { type: 'string' }, fresh: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('Usage: npm run bench -- load [--users N] [--seconds S] [--fresh]\n\nN signed-in users (default 50) browsing the dashboards for S seconds (default 120) while a\npipeline refresh runs and then one fails: requests per second, p50 and p95 latency, errors.');
    return;
  }
  const users = Number(values.users ?? 50);
  const seconds = Number(values.seconds ?? 120);
  if (!Number.isInteger(users) || users < 1 || users > 500) throw new Error(`--users must be a whole number from 1 to 500, not '${values.users}'`);
  if (!Number.isInteger(seconds) || seconds < 10 || seconds > 3600) throw new Error(`--seconds must be a whole number from 10 to 3600, not '${values.seconds}'`);
  const base = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = 'ledgerloop_bench_load';
  const url = withDatabaseName(base, name);
  await ensureCompany(base, url, name, Boolean(values.fresh));
  const dir = join(tmpdir(), 'ledgerloop-bench-load');
  mkdirSync(dir, { recursive: true });
  const warehouse = join(dir, 'warehouse.duckdb');
  const database = await openDatabase({ url, poolSize: 10 });
  try {
    process.stderr.write('warehouse and models …\n');
    await updateWarehouse(database, warehouse, () => {});
    await updateForecasts(database, warehouse, { quiet: true });
    const served = await serveDashboards(await dashboardContextFor(database, undefined, warehouse), { port: 0 });
    try {
      process.stderr.write(`signing ${users} users in …\n`);
      const people = await signIn(database, served.url, users);
      const before = await warehouseFreshness(warehouse);
      const results: Sample[] = [];
      const started = performance.now();
      const deadline = started + seconds * 1000;
      // What a reader sees on the Data page: the failed run, while the warehouse is the last good one.
      const dataPageShowsFailure = () => fetch(new URL('/data/__data.json', served.url), { headers: { cookie: people[0]!.cookie } }).then((r) => r.text()).then((t) => t.includes('failed on purpose'));
      const refresh = refreshUnderLoad(database, warehouse, seconds, dataPageShowsFailure);
      await Promise.all(people.map((p, i) => browse(served.url, p, i, deadline, results)));
      const elapsed = (performance.now() - started) / 1000;
      const refreshed = await refresh;
      const after = await warehouseFreshness(warehouse);
      report({ users: people, elapsed, results, refreshed, before: before?.lastSuccess?.runId ?? null, after: after?.lastSuccess?.runId ?? null });
    } finally {
      await served.close();
    }
  } finally {
    await database.close();
  }
}

interface Person {
  username: string;
  role: string;
  region: string | null;
  cookie: string;
  /** The pages this person may see (a region-limited reader is refused pages not broken down by region). */
  paths: string[];
  refused: string[];
}

interface Sample {
  ms: number;
  ok: boolean;
  path: string;
  status: number;
  phase: 'before' | 'refresh' | 'failing' | 'after';
}

let phase: Sample['phase'] = 'before';

async function ensureCompany(base: string, url: string, name: string, fresh: boolean): Promise<void> {
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    const exists = (await admin.query(`select 1 from pg_database where datname = ${literal(name)}`)).rowCount! > 0;
    if (exists && !fresh) return;
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url, poolSize: 4 });
  try {
    await migrate(database);
    process.stderr.write('simulating the company (once; kept as ledgerloop_bench_load) …\n');
    await simulate({ db: database.db, actor: 'bench' }, { seed: 7, scale: 0.3, start: '2024-01-01', days: 365 });
  } finally {
    await database.close();
  }
}

/** Adds the users once (with a chosen password), then signs each in through the /login form. */
async function signIn(database: Database, base: string, n: number): Promise<Person[]> {
  const { rows } = await database.db.selectFrom('crm.customers').select('region').distinct().orderBy('region').execute().then((r) => ({ rows: r }));
  const region = rows[0]?.region ?? null;
  const people: Person[] = [];
  for (let i = 0; i < n; i++) {
    const role = ROLES[i % ROLES.length]!;
    const limited = i % 5 === 4 && role !== 'analyst' ? region : null;
    const username = `load-${role}-${i + 1}`;
    await ensureUser(database, { username, role, region: limited });
    people.push({ username, role, region: limited, cookie: await login(base, username), paths: [], refused: [] });
  }
  for (const p of people) {
    for (const path of PATHS) {
      const status = await statusOf(await get(base, path, p.cookie));
      if (status === 403) p.refused.push(path);
      else p.paths.push(path);
    }
  }
  return people;
}

/**
 * The status of a page's answer: SvelteKit sends a page's data with 200 even when a load
 * failed, the failure's status in its node (`{"type":"error","status":403}`), so that counts.
 */
async function statusOf(response: Response): Promise<number> {
  const text = await response.text();
  if (response.status !== 200 || !response.url.includes('__data.json')) return response.status;
  // The error node nests the error object before its status.
  const failed = /"type":"error".*?"status":(\d{3})/s.exec(text) ?? (text.includes('"type":"error"') ? [, '500'] : null);
  return failed ? Number(failed[1]) : 200;
}

/** A page's data as the app fetches it on a click (or the CSV itself). */
function get(base: string, path: string, cookie: string): Promise<Response> {
  const target = path.endsWith('.csv') ? path : `${path === '/' ? '' : path}/__data.json`;
  return fetch(new URL(target, base), { headers: { cookie }, redirect: 'manual' });
}

async function browse(base: string, person: Person, index: number, deadline: number, out: Sample[]): Promise<void> {
  for (let k = index; performance.now() < deadline; k++) {
    const path = person.paths[k % person.paths.length]!;
    const started = performance.now();
    let status = 0;
    try {
      status = await statusOf(await get(base, path, person.cookie));
    } catch {
      status = 0;
    }
    out.push({ ms: performance.now() - started, ok: status === 200, path, status, phase });
  }
}

/**
 * A tenth of the way in: a day of business and a pipeline run that fails at its load stage;
 * then two more days, the incremental pipeline and the models, as the schedule would.
 */
async function refreshUnderLoad(database: Database, warehouse: string, seconds: number, dataPageShowsFailure: () => Promise<boolean>): Promise<{ seconds: number; failed: string | null; failureShown: boolean; servedDuringFailure: number | null }> {
  await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 10));
  // First a run that fails at its load stage (the warehouse keeps the last good state), then a
  // good one: both inside the load window.
  phase = 'failing';
  await simulate({ db: database.db, actor: 'bench' }, { seed: 7, scale: 0.3, days: 1 });
  const failed = await runPipeline(database, { warehousePath: warehouse, failAt: 'load' }).then(() => null, (e: Error) => e.message);
  const failureShown = await dataPageShowsFailure();
  const servedDuringFailure = (await warehouseFreshness(warehouse))?.lastSuccess?.runId ?? null;
  phase = 'refresh';
  const t0 = performance.now();
  await simulate({ db: database.db, actor: 'bench' }, { seed: 7, scale: 0.3, days: 2 });
  await updateWarehouse(database, warehouse, () => {});
  await updateForecasts(database, warehouse, { quiet: true });
  const refreshSeconds = (performance.now() - t0) / 1000;
  phase = 'after';
  return { seconds: refreshSeconds, failed, failureShown, servedDuringFailure };
}

function quantile(sorted: number[], q: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

function report(r: { users: Person[]; elapsed: number; results: Sample[]; refreshed: Awaited<ReturnType<typeof refreshUnderLoad>>; before: number | null; after: number | null }): void {
  const ms = r.results.map((s) => s.ms).sort((a, b) => a - b);
  const errors = r.results.filter((s) => !s.ok);
  const limited = r.users.filter((u) => u.region);
  console.log(`Load: ${r.users.length} signed-in users (${ROLES.map((role) => `${r.users.filter((u) => u.role === role).length} ${role}s`).join(', ')}; ${limited.length} limited to region ${limited[0]?.region ?? '-'}) for ${r.elapsed.toFixed(0)} s on loopback`);
  console.log(`  requests ${r.results.length.toLocaleString('en-US')}, ${(r.results.length / r.elapsed).toFixed(1)} per second; latency p50 ${quantile(ms, 0.5).toFixed(0)} ms, p95 ${quantile(ms, 0.95).toFixed(0)} ms, max ${ms.at(-1)?.toFixed(0)} ms`);
  for (const p of ['before', 'failing', 'refresh', 'after'] as const) {
    const part = r.results.filter((s) => s.phase === p).map((s) => s.ms).sort((a, b) => a - b);
    if (part.length) console.log(`    ${p.padEnd(8)} ${String(part.length).padStart(6)} requests, p50 ${quantile(part, 0.5).toFixed(0)} ms, p95 ${quantile(part, 0.95).toFixed(0)} ms`);
  }
  console.log(`  errors: ${errors.length}${errors.length ? ` (${[...new Set(errors.map((e) => `${e.status} ${e.path}`))].slice(0, 5).join('; ')})` : ''} (aim: 0)`);
  console.log(`  then a refresh under load (2 days of business, pipeline, models): ${r.refreshed.seconds.toFixed(1)} s; warehouse run ${r.before} → ${r.after}`);
  console.log(`  first a run failing at its load stage: ${r.refreshed.failed ?? 'did not fail?'}; the app kept serving run ${r.refreshed.servedDuringFailure} (the last good one), the Data page ${r.refreshed.failureShown ? 'showing the failure' : 'NOT showing the failure'}`);
  if (limited.length) console.log(`  refused by design to region-limited readers (pages not broken down by region): ${[...new Set(limited.flatMap((u) => u.refused))].join(', ') || 'none'}`);
}
