import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { chromium, type Page } from 'playwright-core';
import { openDatabase } from '../domain/db/connect.js';
import { projectRoot } from '../domain/db/project-root.js';
import { runPipeline } from '../pipelines/run.js';
import { runForecast } from '../warehouse/forecast/run.js';
import { bindParams, parseNamedQuery } from '../warehouse/named-queries.js';
import { runReadOnlyQuery } from '../warehouse/read-only-query.js';
import { dashboardContextFor, serveDashboards } from '../cli/commands/serve.js';
import { CHROMIUM, CHROMIUM_ARGS } from '../dashboards/test/chromium.js';
import { ensureSource, withDatabaseName } from './pipeline.js';
import { ensureUser, login } from './sign-in.js';

/**
 * The dashboards on the pipeline benchmark's company (N sales order lines, default 10 million;
 * its source database and warehouse are kept for the next run). In one run it prints:
 *
 * - server time per dashboard request (each page's data, as the browser fetches it on a
 *   navigation): median and p95 over --requests runs (aim: p95 < 100 ms);
 * - the same headline aggregates run directly on the operational Postgres tables against the
 *   warehouse, median of each, and the ratio (aim: warehouse ≥ 20× faster);
 * - in headless Chromium, each page's time from navigation until every chart has drawn (aim:
 *   < 1.5 s), and the time from a filter change to the repainted charts, p95 (aim: < 150 ms).
 */
const PAGES = ['/', '/funnel', '/planning', '/data', '/rows/dashboard_sales_lines'];

export async function dashboardsBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { lines: { type: 'string' }, requests: { type: 'string' }, fresh: { type: 'boolean' }, help: { type: 'boolean' } } });
  if (values.help) {
    console.log('Usage: npm run bench -- dashboards [--lines N] [--requests N] [--fresh]\n\nServer time per dashboard request, page completion and filter repaint in Chromium, and the\nwarehouse against the same aggregates on Postgres, on the pipeline benchmark\'s company.');
    return;
  }
  const lines = Number(values.lines ?? 10_000_000);
  const requests = Number(values.requests ?? 30);
  if (!Number.isInteger(lines) || lines < 1_000) throw new Error(`--lines must be a whole number of at least 1000, not '${values.lines}'`);
  if (!Number.isInteger(requests) || requests < 5) throw new Error(`--requests must be a whole number of at least 5, not '${values.requests}'`);
  const base = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `ledgerloop_bench_pipeline_${lines}`;
  const url = withDatabaseName(base, name);
  await ensureSource(base, name, lines, Boolean(values.fresh));
  const dir = join(tmpdir(), `ledgerloop-bench-dashboards-${lines}`);
  mkdirSync(dir, { recursive: true });
  const warehouse = join(dir, 'warehouse.duckdb');
  const database = await openDatabase({ url, poolSize: 4 });
  try {
    process.stderr.write(`warehouse ${warehouse}: loading what is new …\n`);
    await runPipeline(database, { warehousePath: warehouse, sourceUrl: url });
    const modelRuns = await runReadOnlyQuery(warehouse, "select count(*) as n from meta_model_run where status = 'succeeded'").then((r) => Number(r.rows[0]!.n), () => 0);
    if (modelRuns === 0) {
      process.stderr.write('models …\n');
      await runForecast(warehouse, { onProgress: (m) => process.stderr.write(`  ${m}\n`) });
    }
    const served = await serveDashboards(await dashboardContextFor(database, undefined, warehouse), { port: 0 });
    try {
      await ensureUser(database, { username: 'bench-executive', role: 'executive' });
      const cookie = await login(served.url, 'bench-executive');
      // Each query's first run on a warehouse version, then as readers share results per version.
      process.env.LEDGERLOOP_RESULT_CACHE = '0';
      const cold = await serverTimes(served.url, cookie, requests);
      delete process.env.LEDGERLOOP_RESULT_CACHE;
      const server = await serverTimes(served.url, cookie, requests);
      const direct = await directComparison(url, warehouse, requests);
      const browser = await browserTimes(served.url, cookie);
      print(lines, name, requests, cold, server, direct, browser);
    } finally {
      await served.close();
    }
  } finally {
    await database.close();
  }
}

type Times = { median: number; p95: number; max: number };

function times(ms: number[]): Times {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
  return { median: at(0.5), p95: at(0.95), max: sorted.at(-1)! };
}

async function timed(fn: () => Promise<unknown>, n: number, warmups = 2): Promise<Times> {
  for (let i = 0; i < warmups; i++) await fn();
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return times(ms);
}

/** Each page's data request (SvelteKit's __data.json, what a click in the app fetches). */
async function serverTimes(base: string, cookie: string, n: number): Promise<{ page: string; t: Times }[]> {
  const out = [];
  for (const page of PAGES) {
    const target = new URL(`${page === '/' ? '' : page}/__data.json`, base).href;
    const t = await timed(async () => {
      const response = await fetch(target, { headers: { cookie }, redirect: 'manual' });
      const text = await response.text();
      // A failed load still answers 200, with the failure in its node.
      if (response.status !== 200 || text.includes('"type":"error"')) throw new Error(`${target}: HTTP ${response.status} ${text.slice(0, 200)}`);
    }, n);
    out.push({ page, t });
    process.stderr.write(`  ${page}: median ${t.median.toFixed(1)} ms\n`);
  }
  return out;
}

/** The same aggregates on Postgres and on the warehouse; their results must agree. */
async function directComparison(url: string, warehouse: string, n: number) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const [range] = (await client.query<{ from: string; to: string }>(`select min(invoice_date)::text as from, max(invoice_date)::text as to from erp.customer_invoices`)).rows;
    const read = (file: string) => readFileSync(join(projectRoot(), 'sql', 'bench', file), 'utf8');
    const pairs: { label: string; pg: string; pgArgs: string[]; wh: string; whArgs: Record<string, string> }[] = [
      { label: 'revenue by month and region', pg: read('postgres_revenue_by_month.sql'), pgArgs: [range!.from, range!.to, 'all'], wh: read('warehouse_revenue_by_month.sql'), whArgs: { period_from: range!.from, period_to: range!.to, region: 'all' } },
      { label: 'the same, from fact_sales_month', pg: read('postgres_revenue_by_month.sql'), pgArgs: [range!.from, range!.to, 'all'], wh: read('warehouse_revenue_by_month_summed.sql'), whArgs: { period_from: range!.from, period_to: range!.to, region: 'all' } },
      { label: 'purchase lines on time in full by month', pg: read('postgres_purchase_otif.sql'), pgArgs: [range!.from, range!.to], wh: read('warehouse_purchase_otif.sql'), whArgs: { period_from: range!.from, period_to: range!.to } },
    ];
    const out = [];
    for (const p of pairs) {
      const bound = bindParams(parseNamedQuery(p.wh).params, p.whArgs);
      const pgRows = (await client.query(p.pg, p.pgArgs)).rows;
      const whRows = (await runReadOnlyQuery(warehouse, p.wh, bound)).rows;
      const agree = JSON.stringify(pgRows.map(normal)) === JSON.stringify(whRows.map(normal));
      const postgres = await timed(() => client.query(p.pg, p.pgArgs), Math.max(5, Math.round(n / 5)), 1);
      const duck = await timed(() => runReadOnlyQuery(warehouse, p.wh, bound), n);
      out.push({ label: p.label, postgres, duck, agree, rows: whRows.length });
      process.stderr.write(`  ${p.label}: Postgres ${postgres.median.toFixed(0)} ms, warehouse ${duck.median.toFixed(1)} ms\n`);
    }
    return out;
  } finally {
    await client.end();
  }
}

const normal = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' || (typeof v === 'string' && /^-?\d+$/.test(v)) ? Number(v) : v]));

/** Chromium: navigation to every chart drawn, per page; then filter changes on the Overview. */
async function browserTimes(base: string, cookie: string) {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'en-GB' });
    const [name, value] = [cookie.slice(0, cookie.indexOf('=')), cookie.slice(cookie.indexOf('=') + 1)];
    await context.addCookies([{ name, value, url: base }]);
    const page = await context.newPage();
    const pages = [];
    for (const path of PAGES) {
      const ms: number[] = [];
      for (let i = 0; i < 6; i++) {
        const started = performance.now();
        const response = await page.goto(new URL(path, base).href);
        if (response?.status() !== 200 || new URL(page.url()).pathname !== path) throw new Error(`${path}: HTTP ${response?.status()} at ${page.url()}`);
        await drawn(page);
        if (i > 0) ms.push(performance.now() - started);
      }
      pages.push({ page: path, t: times(ms) });
    }
    await page.goto(new URL('/', base).href);
    await drawn(page);
    const options = await page.locator('select[name="months"] option').evaluateAll((os) => os.map((o) => o.getAttribute('value') ?? ''));
    const repaint: number[] = [];
    for (let i = 0; i < 12; i++) {
      await page.evaluate(() => (globalThis as any).document.querySelectorAll('.plot-chart > *').forEach((n: any) => n.setAttribute('data-old', '')));
      const started = performance.now();
      // Alternate between two periods, so every change is a change.
      await page.locator('select[name="months"]').selectOption(options[i % 2]!);
      await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('.plot-chart')].every((c: any) => c.firstElementChild && !c.firstElementChild.hasAttribute('data-old')));
      repaint.push(performance.now() - started);
    }
    return { pages, repaint: times(repaint.slice(2)) };
  } finally {
    await browser.close();
  }
}

async function drawn(page: Page): Promise<void> {
  // Functions, not strings: the app's content-security policy forbids evaluating strings.
  await page.waitForFunction(() => [...(globalThis as any).document.querySelectorAll('.plot-chart')].every((c: any) => c.querySelector('svg')));
}

function print(lines: number, name: string, n: number, cold: { page: string; t: Times }[], server: { page: string; t: Times }[], direct: Awaited<ReturnType<typeof directComparison>>, browser: Awaited<ReturnType<typeof browserTimes>>): void {
  const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`.padStart(9);
  console.log(`Dashboards on ${lines.toLocaleString('en-US')} sales order lines (database ${name}), ${n} requests each`);
  console.log('  server time per page data request, queries run every time (LEDGERLOOP_RESULT_CACHE=0)');
  console.log('                                               median       p95       max');
  for (const s of cold) console.log(`    ${s.page.padEnd(40)}${ms(s.t.median)} ${ms(s.t.p95)} ${ms(s.t.max)}`);
  console.log('  server time per page data request, results shared per warehouse version (the default)  (aim p95 < 100 ms)');
  for (const s of server) console.log(`    ${s.page.padEnd(40)}${ms(s.t.median)} ${ms(s.t.p95)} ${ms(s.t.max)}`);
  console.log('  the same aggregate, Postgres tables vs warehouse (median)        ratio   (aim ≥ 20×)');
  for (const d of direct) console.log(`    ${d.label.padEnd(40)}${ms(d.postgres.median)} ${ms(d.duck.median)}   ${(d.postgres.median / d.duck.median).toFixed(1)}×${d.agree ? '' : '  (results differ!)'}`);
  console.log('  Chromium: navigation to every chart drawn  median       p95       max   (aim < 1500 ms)');
  for (const p of browser.pages) console.log(`    ${p.page.padEnd(40)}${ms(p.t.median)} ${ms(p.t.p95)} ${ms(p.t.max)}`);
  console.log(`  Chromium: filter change to repainted charts (Overview, 10 changes): median ${ms(browser.repaint.median).trim()}, p95 ${ms(browser.repaint.p95).trim()} (aim p95 < 150 ms)`);
}
