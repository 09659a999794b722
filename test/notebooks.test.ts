import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { runForecast } from '../warehouse/forecast/run.js';
import { checkCommand } from '../cli/commands/check.js';
import { notebookCommand } from '../cli/commands/notebook.js';
import { NotebookError } from '../warehouse/notebooks/errors.js';
import { notebookNames } from '../warehouse/notebooks/files.js';
import { parseNotebook } from '../warehouse/notebooks/parse.js';
import { runNotebook } from '../warehouse/notebooks/run.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { runCommand } from './support/cli.js';
import { query } from './support/warehouse.js';

/**
 * Notebooks and `ledgerloop check` on a small simulated company with its forecast run, so the
 * model tables the shipped notebooks read exist: the shipped queries and notebooks pass, a
 * query or notebook naming a column that does not exist fails, a notebook's blocks read each
 * other's results and its parameters, the sandbox refuses writes, files and settings, and a
 * rendered report is one offline HTML file.
 */
const COMPANY = { seed: 31, scale: 0.2, start: '2024-01-01', days: 240 };
const fence = '```';

describe('notebooks and ledgerloop check', () => {
  let database: TestDatabase;
  let dir: string;
  const previousData = process.env.LEDGERLOOP_DATA;
  const warehouse = () => join(dir, 'warehouse.duckdb');

  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(join(tmpdir(), 'll-notebooks-'));
    await simulate({ db: database.db, actor: 'test' }, COMPANY);
    await runPipeline(database, { warehousePath: warehouse() });
    await runForecast(warehouse());
    process.env.LEDGERLOOP_DATA = dir;
  });
  afterAll(async () => {
    if (previousData === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = previousData;
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes on the shipped named queries and the five notebooks', async () => {
    expect(notebookNames()).toEqual(['customer-lifetime-value', 'funnel-cohorts', 'inventory-health', 'month-end-close', 'supplier-risk']);
    const result = await runCommand(checkCommand);
    expect(result.stdout).toMatch(/^checked \d+ named queries and 5 notebooks \(\d+ SQL, model and chart blocks\): no problems$/m);
    expect(result.code).toBe(0);
  });

  it('fails on a query or a notebook that names a column the warehouse does not have, one line each', async () => {
    const queries = join(dir, 'queries');
    const notebooks = join(dir, 'notebooks');
    mkdirSync(queries);
    mkdirSync(notebooks);
    writeFileSync(join(queries, 'good.sql'), '-- Fine.\n-- @param from date = 2024-01-01  From.\nselect count(*) as n from fact_sales_line where order_date >= $from\n');
    writeFileSync(join(queries, 'broken.sql'), '-- Broken.\nselect customer_id, no_such_column from dim_customer\n');
    writeFileSync(join(queries, 'undeclared.sql'), '-- Uses an undeclared parameter.\n-- @param unused integer = 1  Never used.\nselect * from dim_customer where customer_id = $id\n');
    writeFileSync(join(notebooks, 'fine.md'), `# Fine\n\n${fence}sql name=n\nselect count(*) as n from dim_customer\n${fence}\n\n{{ n.0.n }} customers.\n`);
    writeFileSync(
      join(notebooks, 'broken.md'),
      [
        '# Broken',
        `${fence}sql name=customers`,
        'select customer_id, nonexistent_col from dim_customer',
        fence,
        `${fence}sql name=later`,
        'select count(*) as n from customers',
        fence,
        `${fence}sql name=regions`,
        'select region, count(*) as n from dim_customer group by 1',
        fence,
        `${fence}chart data=regions`,
        '{"marks": [{"type": "barY", "x": "regoin", "y": "n"}]}',
        fence,
        'There are {{ regions.0.customers }} customers and {{ later.0.n }} later.',
      ].join('\n'),
    );
    const result = await runCommand(checkCommand, '--queries', queries, '--notebooks', notebooks);
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^broken\.sql: .*no_such_column/));
    expect(lines).toContainEqual(expect.stringMatching(/^undeclared\.sql: uses \$id, which its header does not declare/));
    expect(lines).toContainEqual('undeclared.sql: declares @param unused but never uses $unused');
    expect(lines).toContainEqual(expect.stringMatching(/^broken\.md: block customers \(line 2\): .*nonexistent_col/));
    expect(lines).toContainEqual(expect.stringMatching(/^broken\.md: block later \(line 5\): .*\(block 'customers' failed above\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^broken\.md: chart on line 11: field marks\[0\]\.x: no column 'regoin' in the data \(its columns: region, n\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^broken\.md: prose from line 14: field \{\{ regions\.0\.customers \}\}: block 'regions' has no column 'customers'/));
    expect(lines.filter((l) => l.startsWith('good.sql') || l.startsWith('fine.md'))).toEqual([]);
    expect(lines.at(-1)).toBe('checked 3 named queries and 2 notebooks (5 SQL, model and chart blocks): 7 problems');
  });

  it('runs blocks in order, each reading earlier results as tables, with the parameters bound', async () => {
    const notebook = parseNotebook(
      'chain',
      [
        '---',
        'title: Chain',
        'params: min_orders:integer=1',
        '---',
        `${fence}sql name=buyers params="region:text=ALL"`,
        `select customer_id, count(*) as orders from fact_sales_line l where $region in ('ALL', (select region from dim_customer c where c.customer_id = l.customer_id and c.is_current)) group by 1 having count(*) >= $min_orders order by orders desc, customer_id`,
        fence,
        `${fence}sql name=summary`,
        'select count(*) as buyers, sum(orders) as lines from buyers',
        fence,
      ].join('\n'),
    );
    const expected = await query(warehouse(), `select count(distinct customer_id) as buyers, count(*) as lines from fact_sales_line`);
    const all = await runNotebook(warehouse(), notebook);
    expect(all.results.summary!.rows).toEqual([{ buyers: expected[0]!.buyers, lines: expected[0]!.lines }]);
    expect(all.results.buyers!.columns.map((c) => c.name)).toEqual(['customer_id', 'orders']);
    const region = (await query(warehouse(), 'select region from dim_customer where is_current order by region limit 1'))[0]!.region as string;
    const inRegion = await query(warehouse(), `select count(distinct l.customer_id) as buyers from fact_sales_line l join dim_customer c on c.customer_id = l.customer_id and c.is_current where c.region = '${region}'`);
    const some = await runNotebook(warehouse(), notebook, { region, min_orders: '1' });
    expect(some.results.summary!.rows[0]!.buyers).toBe(inRegion[0]!.buyers);
    expect(some.params).toEqual({ min_orders: { type: 'integer', value: 1 }, region: { type: 'text', value: region } });
    await expect(runNotebook(warehouse(), notebook, { min_orders: 'many' })).rejects.toThrow(/min_orders' must be a whole number/);
    await expect(runNotebook(warehouse(), notebook, { nope: '1' })).rejects.toThrow(/unknown parameter 'nope'/);
  });

  it.each([
    ['a write', 'create table x as select 1', /one SELECT; this is a CREATE statement/],
    ['a second statement', 'select 1; drop table dim_customer', /one SELECT, not 2 statements/],
    ['a file read', `select * from read_csv('/etc/passwd')`, /file and network access is off/],
    ['a URL read', `select * from read_parquet('https://example.com/x.parquet')`, /file and network access is off|disabled/],
    ['a settings change', 'set threads = 1', /one SELECT; this is a SET statement/],
    ['an attach', `attach '/tmp/other.duckdb' as other`, /one SELECT; this is a ATTACH statement/],
    ['an undeclared parameter', 'select $secret as s', /\$secret is not a parameter of the notebook/],
  ])('refuses %s in a block, and leaves the warehouse unchanged', async (_, sql, message) => {
    const notebook = parseNotebook('escape', ['# Escape', `${fence}sql name=attempt`, sql, fence].join('\n'));
    const error = await runNotebook(warehouse(), notebook).catch((e) => e);
    expect(error).toBeInstanceOf(NotebookError);
    expect(error.message).toMatch(/^escape\.md, block attempt \(line 2\): /);
    expect(error.reason).toMatch(message);
    expect(await query(warehouse(), `select count(*) as n from duckdb_tables() where table_name = 'x'`)).toEqual([{ n: 0 }]);
  });

  it('refuses a block named like a warehouse table', async () => {
    const notebook = parseNotebook('shadow', ['# Shadow', `${fence}sql name=dim_customer`, 'select 1 as x', fence].join('\n'));
    await expect(runNotebook(warehouse(), notebook)).rejects.toThrow(/'dim_customer' is the name of a warehouse table/);
  });

  it('lists the notebooks and renders one as a self-contained HTML file', async () => {
    const list = await runCommand(notebookCommand, 'list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/customer-lifetime-value\s+shipped\s+Customer lifetime value deep-dive\s+top:integer=15/);
    const out = join(dir, 'clv.html');
    const rendered = await runCommand(notebookCommand, 'render', 'customer-lifetime-value', '--param', 'top=5', '--out', out);
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<title>Customer lifetime value deep-dive</title>');
    expect(html).toContain('prefers-color-scheme: dark');
    expect(html).toContain('// @observablehq/plot v0.6.17');
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|@import/);
    const customers = await query(warehouse(), `select count(*) as n from fact_forecast_customer where run_id = (select max(run_id) from meta_model_run where model = 'customers')`);
    expect(html).toContain(`<span class="value">${(customers[0]!.n as number).toLocaleString('en-US')}</span> customers`);
    expect(html).toContain('<code>call_list</code>: ');
    expect(html).toMatch(/<code>top<\/code> = 5/);
    const bad = await runCommand(notebookCommand, 'render', 'customer-lifetime-value', '--param', 'top=lots', '--out', out);
    expect(bad).toMatchObject({ code: 2 });
    expect(bad.stderr).toMatch(/customer-lifetime-value\.md, field params: parameter 'top' must be a whole number/);
    expect((await runCommand(notebookCommand, 'render', 'no-such', '--out', out)).stderr).toMatch(/no-such\.md: no such notebook .*there are: customer-lifetime-value/);
  });
});
