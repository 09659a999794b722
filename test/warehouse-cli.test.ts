import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pipelineCommand } from '../cli/commands/pipeline.js';
import { sqlCommand } from '../cli/commands/sql.js';
import { schemaCommand } from '../cli/commands/schema.js';
import { exportCommand } from '../cli/commands/export.js';
import { simulate } from '../domain/simulate/index.js';
import { openMemory } from '../pipelines/warehouse/duck.js';
import { FACTS } from '../pipelines/index.js';
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet';
import { cliSource, runCommand, type CliSource } from './support/cli.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

const run = runCommand;

describe('warehouse commands', () => {
  let cli: CliSource;
  const warehouse = () => join(cli.dir, 'warehouse.duckdb');

  beforeAll(async () => {
    cli = await cliSource('ll-wh-cli-');
    await simulate({ db: cli.database().db, actor: 'test' }, { seed: 3, scale: 0.05, start: '2024-01-01', days: 70 });
    // The commands open the database the environment names, as the CLI does.
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it('sql before any pipeline run says there is no warehouse yet', async () => {
    const r = await run(sqlCommand, 'select 1');
    expect(r).toMatchObject({ code: 1, stderr: `error: no warehouse at ${warehouse()}; run 'ledgerloop pipeline' first` });
  });

  it('pipeline builds the warehouse, then applies what changed', async () => {
    const full = await run(pipelineCommand, '--json');
    expect(full.code, full.stderr).toBe(0);
    expect(JSON.parse(full.stdout)).toMatchObject({ runId: 1, mode: 'full', warehousePath: warehouse() });
    const again = await run(pipelineCommand);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^Incremental run 2 into .* \(watermark \d+ → \d+\)/);
    expect(again.stdout).toMatch(/Reconciled \d+ figures with the operational books\./);
  });

  it('sql runs a query in each format', async () => {
    const [{ n }] = (await query(warehouse(), 'select count(*) as n from fact_sales_line')) as [{ n: number }];
    const t = await run(sqlCommand, 'select count(*) as lines, min(order_no) as first from fact_sales_line');
    expect(t.code, t.stderr).toBe(0);
    expect(t.stdout.split('\n')[0]).toMatch(/^lines\s+first$/);
    expect(t.stdout).toContain(n.toLocaleString('en-US'));
    const csv = await run(sqlCommand, "select 'a,b' as text, 2 as n", '--format', 'csv');
    expect(csv.stdout).toBe('text,n\n"a,b",2');
    const json = await run(sqlCommand, 'select count(*) as lines, sum(net_revenue_functional) as revenue from fact_sales_line', '--format', 'json');
    expect(JSON.parse(json.stdout)).toEqual([{ lines: n, revenue: expect.any(Number) }]);
  });

  it('sql runs a named query with its parameters', async () => {
    const r = await run(sqlCommand, '--file', 'revenue_by_month_and_region', '--param', 'from=2024-01-01', '--param', 'to=2024-02-29', '--format', 'json');
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { month: string; net_revenue_functional: number }[];
    expect([...new Set(rows.map((x) => x.month))]).toEqual(['2024-01', '2024-02']);
    const [{ revenue }] = (await query(warehouse(), `select sum(net_revenue_functional)::bigint as revenue from fact_sales_line where order_date <= date '2024-02-29'`)) as [{ revenue: number }];
    expect(rows.reduce((s, x) => s + x.net_revenue_functional, 0)).toBe(revenue);
    for (const file of ['sql/queries/stock_value_by_warehouse.sql', 'supplier_on_time_delivery']) {
      const other = await run(sqlCommand, '--file', file);
      expect(other.code, `${file}: ${other.stderr}`).toBe(0);
      expect(other.stdout).not.toBe('(no rows)');
    }
    expect(await run(sqlCommand, '--file', 'revenue_by_month_and_region', '--param', 'from=March')).toMatchObject({ code: 2, stderr: "error: parameter 'from' must be a date as YYYY-MM-DD, not 'March'" });
    expect(await run(sqlCommand, '--file', 'stock_value_by_warehouse', '--param', 'region=EU')).toMatchObject({ code: 2, stderr: "error: unknown parameter 'region'; this query takes on" });
  });

  it.each([
    ['insert into dim_date select * from dim_date', /only queries that read can run here: this is a INSERT statement/],
    ['delete from fact_sales_line', /this is a DELETE statement/],
    ['update dim_customer set name = \'x\'', /this is a UPDATE statement/],
    ['create table t as select 1', /this is a CREATE statement/],
    ['create temp table t as select 1', /this is a CREATE statement/],
    ['drop table fact_gl_line', /this is a DROP statement/],
    ["copy fact_sales_line to '/tmp/ledgerloop-leak.csv'", /this is a COPY statement|file and network access is off/],
    ["select * from read_csv('/etc/passwd')", /file and network access is off for warehouse queries/],
    ["select * from read_parquet('http://127.0.0.1:9/x.parquet')", /file and network access is off|not loaded|disabled/],
    ["select * from glob('/etc/*')", /file and network access is off/],
    ["attach '/tmp/other.duckdb' as other", /this is a ATTACH statement/],
    ["set enable_external_access = true", /this is a SET statement/],
    ["set memory_limit = '1GB'", /this is a SET statement/],
    ['install httpfs', /only queries that read/],
    ['load httpfs', /only queries that read/],
    ["export database '/tmp/ledgerloop-export'", /this is a EXPORT statement|file and network access is off/],
    ['select 1; select 2', /run one statement at a time, not 2/],
    ['selec 1', /Parser Error/],
    ['select * from no_such_table', /Catalog Error/],
  ])('sql refuses %s with one line and exit 2', async (text, message) => {
    const before = await warehouseFingerprint(warehouse());
    const r = await run(sqlCommand, text);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(await warehouseFingerprint(warehouse())).toEqual(before);
    expect(existsSync('/tmp/ledgerloop-leak.csv') || existsSync('/tmp/ledgerloop-export')).toBe(false);
  });

  it('schema prints every table and column with its meaning', async () => {
    const text = await run(schemaCommand);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^fact_sales_line\n  One row per sales order line/m);
    expect(text.stdout).toMatch(/^ {2}net_revenue_functional\s+BIGINT\s+invoiced_net_functional − credited_net_functional/m);
    const md = await run(schemaCommand, '--markdown');
    expect(md.stdout).toContain('## dim_customer');
    expect(md.stdout).toContain('| `customer_key` | BIGINT not null | Surrogate key of this version');
    const tables = (await query(warehouse(), `select count(*) as n from duckdb_tables() where database_name = current_database()`))[0]!.n as number;
    expect(md.stdout.match(/^## /gm)).toHaveLength(tables);
  });

  it('export writes Parquet, facts by month in Hive folders, that read back to the same figures', async () => {
    const out = join(cli.dir, 'parquet');
    const r = await run(exportCommand, 'parquet', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(out, 'fact_sales_line')).every((d) => /^month=\d{4}-\d{2}$/.test(d))).toBe(true);
    expect(existsSync(join(out, 'dim_customer.parquet'))).toBe(true);
    // Read back with DuckDB's Parquet reader (an independent JS reader is still to be added).
    const reader = await openMemory();
    try {
      for (const fact of FACTS) {
        const columns = (await query(warehouse(), `select column_name from duckdb_columns() where table_name = '${fact.table}' and data_type = 'BIGINT'`)).map((c) => c.column_name as string);
        const figures = ['count(*) as n', ...columns.map((c) => `sum(${c})::hugeint::varchar as ${c}`)].join(', '); // a fact may have no BIGINT column
        const [exported] = await reader.all(`select ${figures}, count(distinct month) as months from read_parquet('${join(out, fact.table)}/**/*.parquet', hive_partitioning = true)`);
        const [original] = await query(warehouse(), `select ${figures}, count(distinct strftime(${fact.partitionDate}, '%Y-%m')) as months from ${fact.table}`);
        expect({ ...exported, n: Number(exported!.n), months: Number(exported!.months) }, fact.table).toEqual(original);
      }
    } finally {
      reader.close();
    }
    expect(await run(exportCommand, 'csv', '--out', out)).toMatchObject({ code: 2, stderr: "error: unknown format 'csv'; parquet or ledger" });
  });

  it('export reads back with an independent Parquet reader (hyparquet, not DuckDB) to the same counts and sums', async () => {
    const out = join(cli.dir, 'parquet-independent');
    expect((await run(exportCommand, 'parquet', '--out', out)).code).toBe(0);
    const tables = (await query(warehouse(), `select table_name from duckdb_tables() where database_name = current_database() order by 1`)).map((t) => t.table_name as string);
    const partitioned = new Map<string, string>([...FACTS.map((f) => [f.table, f.partitionDate] as [string, string]), ['fact_inventory_daily', 'date']]);
    expect(tables.length).toBeGreaterThan(10);
    for (const table of tables) {
      const integers = (await query(warehouse(), `select column_name from duckdb_columns() where table_name = '${table}' and data_type in ('BIGINT', 'INTEGER') order by column_index`)).map((c) => c.column_name as string);
      const [original] = await query(warehouse(), `select count(*)::varchar as rows, ${integers.map((c) => `coalesce(sum(${c}), 0)::hugeint::varchar as ${c}`).join(', ') || '1 as none'} from ${table}`);
      const date = partitioned.get(table);
      // Each file with the month its folder names (the partition value is in the path, not the file).
      const files = date
        ? readdirSync(join(out, table)).flatMap((folder) => readdirSync(join(out, table, folder)).map((f) => ({ path: join(out, table, folder, f), month: folder.replace(/^month=/, '') })))
        : [{ path: join(out, `${table}.parquet`), month: null }];
      let rows = 0n;
      const sums = Object.fromEntries(integers.map((c) => [c, 0n]));
      for (const file of files) {
        const records = await parquetReadObjects({ file: await asyncBufferFromFile(file.path) });
        rows += BigInt(records.length);
        for (const record of records) {
          for (const c of integers) if (record[c] !== null && record[c] !== undefined) sums[c]! += BigInt(record[c] as number | bigint);
          if (file.month !== null) expect((record[date!] as Date).toISOString().slice(0, 7), `${table} row in month=${file.month}`).toBe(file.month);
        }
      }
      expect({ rows: String(rows), ...Object.fromEntries(Object.entries(sums).map(([c, v]) => [c, String(v)])) }, table).toEqual(integers.length ? original : { rows: original!.rows });
    }
  });
});
