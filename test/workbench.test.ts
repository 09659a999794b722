import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { checkCommand } from '../cli/commands/check.js';
import { sqlCommand } from '../cli/commands/sql.js';
import { QueryInputError, readQueryFile } from '../warehouse/named-queries.js';
import { QueryRefused, QueryStopped } from '../warehouse/query-errors.js';
import { listNamedQueries, saveNamedQuery } from '../warehouse/saved-queries.js';
import { parseNotebook } from '../warehouse/notebooks/parse.js';
import { runNotebook } from '../warehouse/notebooks/run.js';
import { readParquet, runWorkbenchQuery, WorkbenchRuns } from '../warehouse/workbench/runs.js';
import type { WorkbenchQuery } from '../warehouse/workbench/link.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { LEAK_FILES, SANDBOX_ESCAPES } from './support/sandbox-escapes.js';
import { runCommand } from './support/cli.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

/**
 * The SQL workbench's runner on a simulated company's warehouse: every sandbox escape refused
 * with its reason and the warehouse unchanged, the row limit, the time limit, cancelling, and a
 * saved query found by `ledgerloop sql --file`, notebooks and `ledgerloop check`.
 */
const COMPANY = { seed: 23, scale: 0.15, start: '2024-01-01', days: 120 };
const LONG = 'select count(*) as n from range(100000000000) a, range(1000000) b';

describe('the workbench sandbox and runs', () => {
  let database: TestDatabase;
  let dir: string;
  const previousData = process.env.LEDGERLOOP_DATA;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const q = (sql: string, more: Partial<WorkbenchQuery> = {}): WorkbenchQuery => ({ sql, params: {}, limit: 1000, timeoutSeconds: 30, ...more });
  let n = 0;
  const runId = () => `integration-${++n}`;

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'll-workbench-'));
    await simulate({ db: database.db, actor: 'test' }, COMPANY);
    await runPipeline(database, { warehousePath: warehouse() });
    process.env.LEDGERLOOP_DATA = dir;
    for (const file of LEAK_FILES) rmSync(file, { recursive: true, force: true });
  });
  afterAll(async () => {
    if (previousData === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = previousData;
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses every escape from the sandbox with its reason, as a run and as a Parquet download, and changes nothing', async () => {
    const before = await warehouseFingerprint(warehouse());
    const runs = new WorkbenchRuns();
    for (const [label, sql, message] of SANDBOX_ESCAPES) {
      const error = await runWorkbenchQuery(warehouse(), runId(), q(sql)).catch((e) => e);
      expect(error, label).toBeInstanceOf(QueryRefused);
      expect(error.message, label).toMatch(message);
      expect(error.message.split('\n'), label).toHaveLength(1);
      const download = await runs.run(warehouse(), runId(), q(sql), readParquet).catch((e) => e);
      expect(download, `${label} (Parquet)`).toBeInstanceOf(QueryRefused);
    }
    expect(await warehouseFingerprint(warehouse())).toEqual(before);
    for (const file of LEAK_FILES) expect(existsSync(file), file).toBe(false);
  });

  it('still runs what only reads: SELECT, WITH, DESCRIBE, SUMMARIZE, FROM-first and EXPLAIN', async () => {
    for (const sql of ['select count(*) as n from dim_customer', 'with c as (select * from dim_customer) select count(*) from c', 'describe dim_customer', 'summarize dim_product', 'from dim_warehouse select code', 'explain select * from fact_sales_line', 'explain analyze select count(*) from fact_sales_line']) {
      const result = await runWorkbenchQuery(warehouse(), runId(), q(sql));
      expect(result.rows.length, sql).toBeGreaterThan(0);
    }
  });

  it('returns at most the row limit, saying so, with the parameters of its header bound', async () => {
    const lines = (await query(warehouse(), 'select count(*) as n from fact_sales_line'))[0]!.n as number;
    expect(lines).toBeGreaterThan(50);
    const limited = await runWorkbenchQuery(warehouse(), runId(), q('select order_no, line_no from fact_sales_line order by order_no, line_no', { limit: 50 }));
    expect(limited).toMatchObject({ truncated: true, limit: 50 });
    expect(limited.rows).toHaveLength(50);
    const all = await runWorkbenchQuery(warehouse(), runId(), q('select order_no from fact_sales_line', { limit: 100_000 }));
    expect(all).toMatchObject({ truncated: false });
    expect(all.rows).toHaveLength(lines);

    const sql = '-- Lines since a day.\n-- @param from date = 2024-01-01  First order date.\nselect count(*) as lines from fact_sales_line where order_date >= $from';
    const since = (await query(warehouse(), "select count(*) as n from fact_sales_line where order_date >= date '2024-03-01'"))[0]!.n;
    expect((await runWorkbenchQuery(warehouse(), runId(), q(sql, { params: { from: '2024-03-01' } }))).rows).toEqual([{ lines: since }]);
    expect((await runWorkbenchQuery(warehouse(), runId(), q(sql))).rows).toEqual([{ lines }]);
    await expect(runWorkbenchQuery(warehouse(), runId(), q(sql, { params: { from: 'March' } }))).rejects.toThrow(/parameter 'from' must be a date as YYYY-MM-DD, not 'March'/);
    await expect(runWorkbenchQuery(warehouse(), runId(), q(sql, { params: { nope: '1' } }))).rejects.toThrow(/unknown parameter 'nope'; this query takes from/);
  });

  it('stops a query at its time limit and frees the run', async () => {
    const runs = new WorkbenchRuns();
    const started = Date.now();
    const error = await runWorkbenchQuery(warehouse(), runId(), q(LONG, { timeoutSeconds: 2 }), runs).catch((e) => e);
    expect(error).toBeInstanceOf(QueryStopped);
    expect(error.message).toBe('the query ran longer than its time limit of 2 s and was stopped; narrow it down, or raise the time limit');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(Date.now() - started).toBeLessThan(6000);
    expect(runs.running()).toEqual([]);
  });

  it('cancels a running query on the server, and only that one', async () => {
    const runs = new WorkbenchRuns();
    const [slow, other] = [runId(), runId()];
    const cancelled = runWorkbenchQuery(warehouse(), slow, q(LONG), runs).catch((e) => e);
    const untouched = runWorkbenchQuery(warehouse(), other, q("select count(*) as n from fact_sales_line, range(3000)"), runs);
    await new Promise((r) => setTimeout(r, 500));
    expect(runs.running()).toContain(slow);
    const at = Date.now();
    expect(runs.cancel(slow)).toBe(true);
    expect(await cancelled).toMatchObject({ name: 'QueryStopped', reason: 'cancelled', message: 'the query was cancelled' });
    expect(Date.now() - at).toBeLessThan(3000);
    expect((await untouched).rows[0]!.n).toBeGreaterThan(0);
    expect(runs.cancel(slow)).toBe(false);
  });

  it('saves a query that ledgerloop sql --file, a notebook and ledgerloop check then find; refuses a bad or hiding name and a query that does not prepare', async () => {
    const sql = "-- old description\n-- @param region text = ALL  A region, or ALL.\nselect count(*) as customers from dim_customer where is_current and $region in ('ALL', region)";
    const saved = await saveNamedQuery(warehouse(), { name: 'customers_in_region', description: 'Current customers, in one region or all.', sql });
    expect(saved).toMatchObject({ name: 'customers_in_region', source: 'saved', description: 'Current customers, in one region or all.', params: [{ name: 'region', type: 'text', default: 'ALL' }] });
    const file = join(dir, 'queries', 'customers_in_region.sql');
    expect(readFileSync(file, 'utf8')).toBe("-- Current customers, in one region or all.\n-- @param region text = ALL  A region, or ALL.\nselect count(*) as customers from dim_customer where is_current and $region in ('ALL', region)\n");
    expect(readQueryFile('customers_in_region')).toBe(readFileSync(file, 'utf8'));
    expect(listNamedQueries().filter((e) => e.source === 'saved').map((e) => e.name)).toEqual(['customers_in_region']);

    const all = (await query(warehouse(), 'select count(*) as n from dim_customer where is_current'))[0]!.n;
    const region = (await query(warehouse(), 'select region, count(*) as n from dim_customer where is_current group by 1 order by 1 limit 1'))[0]!;
    const cli = await runCommand(sqlCommand, '--file', 'customers_in_region', '--param', `region=${region.region}`, '--format', 'json');
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual([{ customers: region.n }]);

    const notebook = parseNotebook('uses-saved', ['---', 'title: Uses a saved query', 'params: region:text=ALL', '---', '```sql name=counted query=customers_in_region', '```', '{{ counted.0.customers }} customers.'].join('\n'));
    expect((await runNotebook(warehouse(), notebook)).results.counted!.rows).toEqual([{ customers: all }]);
    expect((await runNotebook(warehouse(), notebook, { region: region.region as string })).results.counted!.rows).toEqual([{ customers: region.n }]);

    const noNotebooks = mkdtempSync(join(tmpdir(), 'll-no-notebooks-'));
    const ok = await runCommand(checkCommand, '--notebooks', noNotebooks);
    // (The project's queries of model tables need 'ledgerloop forecast', not run here: only the saved ones are looked at.)
    expect(ok.stdout).toMatch(/^checked \d+ named queries and 0 notebooks/m);
    expect(ok.stdout.split('\n').filter((l) => l.startsWith('saved '))).toEqual([]);

    const refuse = (input: Partial<Parameters<typeof saveNamedQuery>[1]>, message: RegExp) =>
      expect(saveNamedQuery(warehouse(), { name: 'another', description: 'Something.', sql: 'select 1 as one', ...input })).rejects.toThrow(message);
    await refuse({ name: 'Bad Name' }, /a query's name is lower-case letters, digits and _/);
    await refuse({ name: '../escape' }, /a query's name is lower-case letters/);
    await refuse({ name: 'revenue_by_month_and_region' }, /'revenue_by_month_and_region' is the name of a query in sql\/queries; choose another name/);
    await refuse({ name: 'customers_in_region' }, /a saved query named 'customers_in_region' exists already; choose "replace"/);
    await refuse({ sql: 'select no_such_column from dim_customer' }, /not saved: .*no_such_column/);
    await refuse({ sql: 'select * from dim_customer where customer_id = $id' }, /not saved: uses \$id, which its header does not declare/);
    await refuse({ sql: 'delete from dim_customer' }, /not saved: a named query must be a SELECT, not a DELETE statement/);
    await refuse({ description: '', sql: 'select 1 as one' }, /describe what the query answers/);
    await expect(saveNamedQuery(warehouse(), { name: 'customers_in_region', description: 'All current customers.', sql: 'select count(*) as customers from dim_customer where is_current', replace: true })).resolves.toMatchObject({ params: [] });
    expect(existsSync(join(dir, 'queries', 'another.sql'))).toBe(false);

    // A saved query that stops preparing (the schema changed under it), or that a project query now hides, fails the check.
    writeFileSync(join(dir, 'queries', 'stale.sql'), '-- Stale.\nselect dropped_column from dim_customer\n');
    writeFileSync(join(dir, 'queries', 'funnel_stages.sql'), '-- Hidden.\nselect 1 as one\n');
    const bad = await runCommand(checkCommand, '--notebooks', noNotebooks);
    expect(bad.code).toBe(1);
    expect(bad.stdout.split('\n').filter((l) => l.startsWith('saved '))).toHaveLength(2);
    expect(bad.stdout).toMatch(/^saved stale\.sql: .*dropped_column/m);
    expect(bad.stdout).toMatch(/^saved funnel_stages\.sql: sql\/queries\/funnel_stages\.sql has the same name and hides it; rename the saved query$/m);
    expect(listNamedQueries().filter((e) => e.name === 'funnel_stages').map((e) => e.source)).toEqual(['project']);
    rmSync(join(dir, 'queries', 'stale.sql'));
    rmSync(join(dir, 'queries', 'funnel_stages.sql'));
    await expect(saveNamedQuery(warehouse(), { name: 'x', description: 'x', sql: '' })).rejects.toThrow(QueryInputError);
    rmSync(noNotebooks, { recursive: true, force: true });
  });
});
