import { parseArgs } from 'node:util';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { core, erp, finance, verify, type Context } from '../domain/index.js';
import type { DB } from '../domain/db/tables.js';
import { openDatabase, type Database } from '../domain/db/connect.js';
import { migrate } from '../domain/db/migrate.js';
import { runPipeline } from '../pipelines/run.js';
import type { PipelineProgress } from '../pipelines/progress.js';
import { stagesOf, TABLES } from '../pipelines/transform/tables.js';
import { copyOut } from '../pipelines/extract/copy-out.js';
import { stagingTableSql } from '../pipelines/extract/stage-spec.js';
import { DEFAULT_MEMORY_LIMIT, openWriter, literal } from '../pipelines/warehouse/duck.js';

/**
 * The warehouse pipeline on the Postgres server, against what a bulk copy of the same rows
 * costs. On a source of N sales order lines (default 10 million) it prints in one run:
 *
 * - the full load's rows per second;
 * - the baseline: `COPY (SELECT …) TO STDOUT` of every staged query into a CSV file, then DuckDB
 *   `read_csv` into a table — the fastest way the same rows reach DuckDB — and the ratio (aim ≥ 0.5);
 * - an incremental run after 1% new documents, as a fraction of the full load (aim ≤ 5%);
 * - this process's peak resident memory over both runs, DuckDB included (aim < 1 GB).
 *
 * The source is generated set-based (INSERT … SELECT generate_series) and kept as database
 * ledgerloop_bench_pipeline_<N> for the next run (--fresh regenerates it, --drop drops it after;
 * each run adds its 1%). Generated books hold every invariant: `verify` runs on them before
 * anything is measured. --memory-limit sets DuckDB's; --details prints every step's time.
 */
export async function pipelineBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { lines: { type: 'string' }, fresh: { type: 'boolean' }, drop: { type: 'boolean' }, 'memory-limit': { type: 'string' }, details: { type: 'boolean' } } });
  const lines = Number(values.lines ?? 10_000_000);
  if (!Number.isInteger(lines) || lines < 1_000) throw new Error(`--lines must be a whole number of at least 1000, not '${values.lines}'`);
  const base = process.env.DATABASE_URL ?? 'postgres://root@127.0.0.1:5432/postgres';
  const name = `ledgerloop_bench_pipeline_${lines}`;
  const url = withDatabaseName(base, name);
  const generated = await ensureSource(base, name, lines, Boolean(values.fresh));
  const database = await openDatabase({ url, poolSize: 4 });
  const dir = mkdtempSync(join(tmpdir(), 'll-bench-pipeline-'));
  try {
    const warehousePath = join(dir, 'warehouse.duckdb');
    const memoryLimit = values['memory-limit'];
    const onProgress = values.details ? reportProgress : undefined;
    process.stderr.write('full run …\n');
    const full = await runPipeline(database, { warehousePath, full: true, sourceUrl: url, onProgress, memoryLimit });
    const extracted = Object.values(full.rowsExtracted).reduce((s, n) => s + n, 0);
    const added = await addDocuments(database, Math.max(1, Math.round(lines / 5 / 100)));
    process.stderr.write('incremental run …\n');
    const incremental = await runPipeline(database, { warehousePath, sourceUrl: url, onProgress, memoryLimit });
    // Before the baseline, whose own DuckDB would count too.
    const peakMb = process.resourceUsage().maxRSS / 1024;
    process.stderr.write('baseline …\n');
    const baseline = await copyBaseline(url, dir);

    const counts = await sql<{ n: number }>`select count(*)::int as n from erp.sales_order_lines`.execute(database.db);
    const rate = (rows: number, seconds: number) => `${Math.round(rows / seconds).toLocaleString('en-US')} rows/s`;
    console.log(`Warehouse pipeline on the Postgres server: ${counts.rows[0]!.n.toLocaleString('en-US')} sales order lines (database ${name}, ${generated === null ? 'reused' : `generated in ${generated.toFixed(0)} s`})`);
    console.log(`  source rows extracted (${Object.keys(full.rowsExtracted).length} staging tables)  ${extracted.toLocaleString('en-US')}`);
    console.log(`  full load, reconciled (${full.figuresChecked} figures)           ${full.seconds.toFixed(1).padStart(7)} s   ${rate(extracted, full.seconds)}`);
    console.log(`  baseline: COPY to CSV files, then read_csv      ${baseline.seconds.toFixed(1).padStart(7)} s   ${rate(baseline.rows, baseline.seconds)}`);
    // Throughputs, not times: the baseline runs after the 1% new documents and copies them too.
    console.log(`  ratio full load / baseline throughput: ${(extracted / full.seconds / (baseline.rows / baseline.seconds)).toFixed(2)} (aim ≥ 0.5)`);
    console.log(`  incremental after 1% new documents (${added} orders): ${incremental.seconds.toFixed(2)} s = ${((100 * incremental.seconds) / full.seconds).toFixed(1)}% of the full load (aim ≤ 5%)`);
    console.log(`  peak resident memory of this process: ${peakMb.toFixed(0)} MB (aim < 1024 MB; DuckDB memory_limit ${memoryLimit ?? DEFAULT_MEMORY_LIMIT})`);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
    if (values.drop) await admin(base, `drop database if exists ${name} with (force)`);
  }
}

/** --details: every step of both runs with its time, to see where a run spends it. */
function reportProgress(p: PipelineProgress): void {
  if (p.done) process.stderr.write(`  ${p.phase} ${p.table}: ${p.rows.toLocaleString('en-US')} rows in ${p.seconds.toFixed(2)} s\n`);
}

/** The same staged queries, each copied to a CSV file by COPY and read into DuckDB by read_csv. */
async function copyBaseline(url: string, dir: string): Promise<{ seconds: number; rows: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const duck = await openWriter(join(dir, 'baseline.duckdb'));
  const started = performance.now();
  let rows = 0;
  try {
    await client.query(`set datestyle = 'ISO, YMD'; set timezone = 'UTC'`);
    for (const stage of stagesOf(TABLES)) {
      const query = stage.query({ kind: 'full' });
      if (query === null) continue;
      const file = join(dir, `${stage.name}.csv`);
      const out = createWriteStream(file);
      let waiting = false;
      const stream = copyOut(client, `copy (${query}) to stdout with (format csv)`, (chunk) => {
        if (!out.write(Buffer.from(chunk)) && !waiting) {
          waiting = true;
          stream.pause();
          out.once('drain', () => {
            waiting = false;
            stream.resume();
          });
        }
      });
      await stream.done;
      // The socket may still be paused for a drain that now comes after the end.
      out.removeAllListeners('drain');
      stream.resume();
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      const columns = `{${stage.columns.map((c) => `${literal(c.name)}: ${literal(c.type)}`).join(', ')}}`;
      await duck.run(stagingTableSql(stage));
      rows += await duck.run(`insert into ${stage.name} select * from read_csv(${literal(file)}, header = false, auto_detect = false, quote = '"', escape = '"',
                                 allow_quoted_nulls = false, columns = ${columns})`);
      rmSync(file);
    }
    await duck.run('checkpoint');
    return { seconds: (performance.now() - started) / 1000, rows };
  } finally {
    duck.close();
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The generated source

const START = '2024-01-01';
const DAYS = 365;
const LINES_PER_ORDER = 5;
const ORDERS_PER_PO = 10;

interface Shape {
  lines: number;
  orders: number;
  items: number;
  customers: number;
  suppliers: number;
}

const shapeOf = (lines: number): Shape => {
  const orders = Math.ceil(lines / LINES_PER_ORDER);
  return { lines, orders, items: Math.min(5_000, Math.max(100, Math.round(orders / 200))), customers: Math.max(100, Math.round(orders / 40)), suppliers: 50 };
};

/** Creates and fills the source unless a complete one of this size exists; returns the seconds spent, or null when reused. */
export async function ensureSource(base: string, name: string, lines: number, fresh: boolean): Promise<number | null> {
  const exists = (await admin(base, `select 1 from pg_database where datname = ${literal(name)}`)).rowCount! > 0;
  if (exists && !fresh) {
    const database = await openDatabase({ url: withDatabaseName(base, name), poolSize: 2 });
    try {
      const { rows } = await sql<{ value: string | null }>`select value #>> '{}' as value from core.settings where key = 'bench_lines'`.execute(database.db);
      if (rows[0]?.value === String(lines)) return null;
    } finally {
      await database.close();
    }
  }
  const started = performance.now();
  await admin(base, `drop database if exists ${name} with (force)`);
  await admin(base, `create database ${name}`);
  const database = await openDatabase({ url: withDatabaseName(base, name), poolSize: 2 });
  try {
    await migrate(database);
    const shape = shapeOf(lines);
    const ctx: Context = { db: database.db, actor: 'bench' };
    await core.setUpCompany(ctx, { name: 'Bench Co', functionalCurrency: 'USD', currencies: [{ code: 'USD', name: 'US dollar' }], regions: [{ code: 'NA', name: 'North America', currency: 'USD' }] });
    await erp.addItemCategory(ctx, { code: 'GEN', name: 'General' });
    await finance.setTaxRate(ctx, { category: 'GEN', region: 'NA', rateBp: 700 });
    for (const code of ['EAST', 'WEST']) await erp.createWarehouse(ctx, { code, name: `${code} warehouse`, region: 'NA' });
    process.stderr.write(`generating ${lines.toLocaleString('en-US')} sales lines …\n`);
    await database.db.transaction().execute(async (trx) => {
      await bulkMode(trx);
      await masterData(trx, shape);
      await openingStock(trx, shape);
    });
    const batch = 100_000;
    for (let first = 1; first <= shape.orders; first += batch) {
      const count = Math.min(batch, shape.orders - first + 1);
      await database.db.transaction().execute(async (trx) => {
        await bulkMode(trx);
        await documents(trx, shape, { firstOrder: first, orders: count, firstDay: dayOf(first, shape.orders), lastDay: dayOf(first + count - 1, shape.orders) });
      });
      process.stderr.write(`  orders ${(first + count - 1).toLocaleString('en-US')} of ${shape.orders.toLocaleString('en-US')}\n`);
    }
    await sql`insert into core.settings (key, value) values ('bench_lines', ${JSON.stringify(String(lines))}::jsonb)`.execute(database.db);
    await sql`analyze`.execute(database.db);
    const report = await verify(database.db);
    if (!report.ok) throw new Error(`the generated books break ${report.breaches.length} invariants, first: ${JSON.stringify(report.breaches[0])}`);
    process.stderr.write(`  verified: ${report.checks.length} invariant checks hold\n`);
    return (performance.now() - started) / 1000;
  } finally {
    await database.close();
  }
}

/** New sales and purchase documents after the last ones, in one transaction, with their events. */
export async function addDocuments(database: Database, orders: number): Promise<number> {
  const { rows } = await sql<{ last: number; day: string }>`
    select coalesce(max(id), 0)::int as last, (max(order_date) + 1)::text as day from erp.sales_orders`.execute(database.db);
  const shape = shapeOf(Number((await sql<{ v: string }>`select value #>> '{}' as v from core.settings where key = 'bench_lines'`.execute(database.db)).rows[0]!.v));
  await database.db.transaction().execute(async (trx) => {
    await bulkMode(trx);
    await documents(trx, shape, { firstOrder: rows[0]!.last + 1, orders, firstDay: rows[0]!.day, lastDay: rows[0]!.day });
  });
  return orders;
}

const dayOf = (order: number, orders: number) => {
  const d = new Date(`${START}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + Math.floor(((order - 1) * DAYS) / orders));
  return d.toISOString().slice(0, 10);
};

/**
 * Triggers off for this transaction (the per-row balance trigger would dominate); the books
 * are checked by `verify` instead. Check constraints still apply.
 */
async function bulkMode(db: Kysely<DB>): Promise<void> {
  await sql`set local session_replication_role = replica`.execute(db);
}

async function masterData(db: Kysely<DB>, s: Shape): Promise<void> {
  await sql.raw(`
    insert into crm.customers (code, name, region, segment, currency, payment_terms_days, status, created_by)
    select 'CB' || lpad(i::text, 7, '0'), 'Bench customer ' || i, 'NA',
           (array['enterprise', 'mid_market', 'small_business', 'consumer'])[1 + i % 4], 'USD', 30, 'active', 'bench'
      from generate_series(1, ${s.customers}) i;
    insert into erp.items (sku, name, unit, category, procurement, list_price, standard_cost, created_by)
    select 'B-' || lpad(i::text, 6, '0'), 'Bench item ' || i, 'pcs', 'GEN', 'buy', 1000 + (i * 37) % 9000, (600 + (i * 37) % 9000 * 6 / 10), 'bench'
      from generate_series(1, ${s.items}) i;
    insert into scm.suppliers (code, legal_name, tax_id, region, currency, payment_terms_days, status, created_by)
    select 'SB' || lpad(i::text, 4, '0'), 'Bench supplier ' || i, 'TAX-B' || i, 'NA', 'USD', 30, 'approved', 'bench'
      from generate_series(1, ${s.suppliers}) i;
    insert into core.outbox (command, actor, aggregate_type, aggregate_id, event_type)
    select 'bench.generate', 'bench', t, id::text, t || '.created'
      from (select 'customer' as t, id from crm.customers union all select 'item', id from erp.items union all select 'supplier', id from scm.suppliers) x;`).execute(db);
}

/**
 * Stock on hand for everything the documents will deliver, twice over, at standard cost: one
 * adjustment dated the day before the first order, posted to inventory against opening balances.
 */
async function openingStock(db: Kysely<DB>, s: Shape): Promise<void> {
  const perPair = Math.ceil((2 * s.lines * 3) / (s.items * 2)) + 1_000;
  await sql.raw(`
    insert into finance.periods (period) values (to_char(date '${START}' - 1, 'YYYY-MM')) on conflict do nothing;
    with adj as (
      insert into erp.stock_adjustments (adjustment_no, adjustment_date, reason, created_by)
      values ('ADJ-B1', date '${START}' - 1, 'opening', 'bench') returning id
    ), pairs as (
      select i.id as item_id, w.id as warehouse_id, ${perPair}::bigint as qty, ${perPair}::bigint * i.standard_cost as value
        from erp.items i cross join erp.warehouses w
    ), lines as (
      insert into erp.stock_adjustment_lines (adjustment_id, item_id, warehouse_id, quantity, value) select adj.id, p.* from adj, pairs p
    ), moves as (
      insert into erp.stock_moves (item_id, warehouse_id, move_date, kind, quantity, value, source_type, source_id)
      select p.item_id, p.warehouse_id, date '${START}' - 1, 'adjustment', p.qty, p.value, 'stock_adjustment', adj.id::text from adj, pairs p
      returning id, item_id, warehouse_id, move_date, quantity, source_id
    ), stock as (
      insert into erp.stock (item_id, warehouse_id, on_hand, reserved, value) select item_id, warehouse_id, qty, 0, value from pairs
    ), lots as (
      -- One lot per item and warehouse, made by the opening adjustment; every later move is booked to it.
      insert into erp.lots (lot_no, item_id, origin_type, origin_id, origin_date, quantity)
      select 'LOT-B-' || p.item_id || '-' || p.warehouse_id, p.item_id, 'stock_adjustment', adj.id::text, date '${START}' - 1, p.qty from adj, pairs p
      returning id, item_id, quantity, lot_no
    ), lot_stock as (
      insert into erp.lot_stock (lot_id, item_id, warehouse_id, on_hand)
      select l.id, l.item_id, m.warehouse_id, l.quantity from lots l join moves m on l.lot_no = 'LOT-B-' || m.item_id || '-' || m.warehouse_id
    ), lot_moves as (
      insert into erp.lot_moves (stock_move_id, lot_id, item_id, warehouse_id, move_date, kind, quantity, source_type, source_id)
      select m.id, l.id, m.item_id, m.warehouse_id, m.move_date, 'adjustment', m.quantity, 'stock_adjustment', m.source_id
        from lots l join moves m on l.lot_no = 'LOT-B-' || m.item_id || '-' || m.warehouse_id
    ), entry as (
      insert into finance.journal_entries (entry_no, entry_date, period, source_type, source_id, memo, created_by)
      select 'JE-BOPEN', date '${START}' - 1, to_char(date '${START}' - 1, 'YYYY-MM'), 'stock_adjustment', adj.id::text, 'opening stock', 'bench' from adj
      returning id
    ), total as (select sum(value) as v from pairs),
    jl as (
      insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency, amount_txn)
      select entry.id, 1, ${role('inventory')}, total.v, 0, 'USD', total.v from entry, total
      union all select entry.id, 2, ${role('opening_balances')}, 0, total.v, 'USD', -total.v from entry, total
    )
    insert into core.outbox (command, actor, aggregate_type, aggregate_id, event_type) select 'bench.generate', 'bench', 'stock_adjustment', id::text, 'stock.adjusted' from adj;`).execute(db);
}

const role = (r: string) => `(select account_code from finance.account_roles where role = '${r}')`;

/**
 * Orders firstOrder … firstOrder + orders − 1, dated evenly from firstDay to lastDay, five lines
 * each at list price with 7% tax. Each is delivered the next day at standard cost and invoiced
 * that day, except every 50th, still open; four in five invoices are paid three weeks later.
 * One purchase order of four lines per ten sales orders: received a week later at standard cost,
 * billed three days after that, every second bill paid. Journal entries, stock moves, stock and
 * the outbox follow, as the commands would have written them.
 */
async function documents(db: Kysely<DB>, s: Shape, batch: { firstOrder: number; orders: number; firstDay: string; lastDay: string }): Promise<void> {
  const f = batch.firstOrder;
  const last = f + batch.orders - 1;
  const span = `(date '${batch.lastDay}' - date '${batch.firstDay}')`;
  const day = (o: string) => `(date '${batch.firstDay}' + ((${o} - ${f})::bigint * ${span} / ${batch.orders})::int)`;
  await sql.raw(`
    create temp table b_lines on commit drop as
    select o, k, (o - 1) * ${LINES_PER_ORDER} + k + 1 as line_id, (select min(id) from crm.customers) + (o::bigint * 7919) % ${s.customers} as customer_id,
           (select min(id) from erp.warehouses) + o % 2 as warehouse_id, ${day('o')} as order_date, o % 50 = 0 as is_open, o % 5 <> 0 as is_paid,
           i.id as item_id, 1 + (o + k) % 5 as qty, i.list_price as price, i.standard_cost as cost,
           (1 + (o + k) % 5) * i.list_price as net, ((1 + (o + k) % 5) * i.list_price * 700 + 5000) / 10000 as tax
      from generate_series(${f}, ${last}) o cross join generate_series(0, ${LINES_PER_ORDER - 1}) k
      join erp.items i on i.id = (select min(id) from erp.items) + (o::bigint * 31 + k * 17) % ${s.items};
    create temp table b_orders on commit drop as
    select o, customer_id, warehouse_id, order_date, is_open, is_paid, sum(net) as net, sum(tax) as tax, sum(qty * cost) as cost
      from b_lines group by 1, 2, 3, 4, 5, 6;
    create temp table b_base on commit drop as
    select coalesce((select max(id) from finance.journal_entries), 0) + 1 as je, coalesce((select max(id) from erp.stock_moves), 0) as move,
           coalesce((select max(id) from scm.purchase_orders), 0) + 1 as po;

    insert into finance.periods (period)
    select distinct to_char(d, 'YYYY-MM') from b_orders, lateral (values (order_date), (order_date + 1), (order_date + 22), (order_date + 14)) v(d)
    on conflict do nothing;

    insert into erp.sales_orders (id, order_no, customer_id, warehouse_id, order_date, currency, rate, net_amount, tax_amount, status, created_by)
    select o, 'SO-B' || lpad(o::text, 9, '0'), customer_id, warehouse_id, order_date, 'USD', 1, net, tax, case when is_open then 'open' else 'closed' end, 'bench'
      from b_orders;
    insert into erp.sales_order_lines (id, order_id, line_no, item_id, quantity, unit_price, discount_bp, net_amount, tax_bp, reserved_qty, delivered_qty, invoiced_qty, invoiced_net, cancelled_qty)
    select line_id, o, k + 1, item_id, qty, price, 0, net, 700, 0, case when is_open then 0 else qty end, case when is_open then 0 else qty end,
           case when is_open then 0 else net end, 0
      from b_lines;

    insert into finance.journal_entries (id, entry_no, entry_date, period, source_type, source_id, memo, created_by)
    select b.je + 3 * (o - ${f}) + e.n, 'JE-B' || (b.je + 3 * (o - ${f}) + e.n), order_date + e.days, to_char(order_date + e.days, 'YYYY-MM'), e.source, o::text, e.source, 'bench'
      from b_orders cross join b_base b
      cross join lateral (values (0, 1, 'delivery'), (1, 1, 'customer_invoice'), (2, 22, 'customer_payment')) e(n, days, source)
     where not is_open and (e.n < 2 or is_paid);
    insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency, amount_txn, customer_id)
    select b.je + 3 * (o - ${f}) + l.n, l.line_no, l.account, l.debit, l.credit, 'USD', l.debit - l.credit, l.customer
      from b_orders cross join b_base b
      cross join lateral (values
        (0, 1, ${role('cogs')}, cost, 0, null::int), (0, 2, ${role('inventory')}, 0, cost, null),
        (1, 1, ${role('receivables')}, net + tax, 0, customer_id), (1, 2, ${role('revenue')}, 0, net, null), (1, 3, ${role('sales_tax')}, 0, tax, null),
        (2, 1, ${role('bank')}, net + tax, 0, null), (2, 2, ${role('receivables')}, 0, net + tax, customer_id)
      ) l(n, line_no, account, debit, credit, customer)
     where not is_open and (l.n < 2 or is_paid) and l.debit + l.credit > 0;

    insert into erp.deliveries (id, delivery_no, order_id, warehouse_id, delivery_date, cost_amount, journal_entry_id, created_by)
    select o, 'DN-B' || o, o, warehouse_id, order_date + 1, cost, b.je + 3 * (o - ${f}), 'bench' from b_orders, b_base b where not is_open;
    insert into erp.delivery_lines (id, delivery_id, order_line_id, item_id, quantity, cost_amount)
    select line_id, o, line_id, item_id, qty, qty * cost from b_lines where not is_open;
    insert into erp.stock_moves (item_id, warehouse_id, move_date, kind, quantity, value, source_type, source_id)
    select item_id, warehouse_id, order_date + 1, 'delivery', -qty, -qty * cost, 'delivery', o::text from b_lines where not is_open;
    insert into erp.customer_invoices (id, invoice_no, customer_id, order_id, invoice_date, due_date, currency, rate, net_amount, tax_amount, gross_amount,
                                       gross_functional, open_amount, open_functional, journal_entry_id, created_by)
    select o, 'INV-B' || o, customer_id, o, order_date + 1, order_date + 31, 'USD', 1, net, tax, net + tax, net + tax,
           case when is_paid then 0 else net + tax end, case when is_paid then 0 else net + tax end, b.je + 3 * (o - ${f}) + 1, 'bench'
      from b_orders, b_base b where not is_open;
    insert into erp.customer_invoice_lines (id, invoice_id, order_line_id, item_id, quantity, net_amount, tax_bp, tax_amount)
    select line_id, o, line_id, item_id, qty, net, 700, tax from b_lines where not is_open;
    insert into erp.customer_payments (id, payment_no, customer_id, payment_date, currency, rate, amount, amount_functional, unallocated, unallocated_functional, journal_entry_id, created_by)
    select o, 'PAY-B' || o, customer_id, order_date + 22, 'USD', 1, net + tax, net + tax, 0, 0, b.je + 3 * (o - ${f}) + 2, 'bench'
      from b_orders, b_base b where is_paid and not is_open;
    insert into erp.payment_allocations (id, payment_id, invoice_id, allocation_date, amount, cleared_functional, fx_difference)
    select o, o, o, order_date + 22, net + tax, net + tax, 0 from b_orders where is_paid and not is_open;

    create temp table b_po_lines on commit drop as
    select p, k, b.po + p as po_id, (b.po + p - 1) * 4 + k + 1 as line_id, (select min(id) from scm.suppliers) + p % ${s.suppliers} as supplier_id,
           (select min(id) from erp.warehouses) + p % 2 as warehouse_id, ${day(`(${f} + p * ${ORDERS_PER_PO})`)} as order_date,
           i.id as item_id, 10 + (p + k) % 20 as qty, i.standard_cost as price, p % 2 = 0 as is_paid
      from b_base b cross join generate_series(0, ${Math.max(1, Math.floor(batch.orders / ORDERS_PER_PO)) - 1}) p cross join generate_series(0, 3) k
      join erp.items i on i.id = (select min(id) from erp.items) + ((${f} + p)::bigint * 13 + k * 7) % ${s.items};
    create temp table b_pos on commit drop as
    select po_id, supplier_id, warehouse_id, order_date, is_paid, sum(qty * price) as value from b_po_lines group by 1, 2, 3, 4, 5;
    create temp table b_je_po on commit drop as select coalesce(max(id), 0) + 1 as je from finance.journal_entries;

    insert into scm.purchase_orders (id, po_no, supplier_id, warehouse_id, order_date, expected_date, currency, net_amount, status, created_by)
    select po_id, 'PO-B' || po_id, supplier_id, warehouse_id, order_date, order_date + 7, 'USD', value, 'closed', 'bench' from b_pos;
    insert into scm.purchase_order_lines (id, po_id, line_no, item_id, quantity, unit_price, received_qty, received_value, billed_qty, grni_cleared)
    select line_id, po_id, k + 1, item_id, qty, price, qty, qty * price, qty, qty * price from b_po_lines;
    insert into finance.journal_entries (id, entry_no, entry_date, period, source_type, source_id, memo, created_by)
    select j.je + 3 * (po_id - b.po) + e.n, 'JE-BP' || (j.je + 3 * (po_id - b.po) + e.n), order_date + e.days, to_char(order_date + e.days, 'YYYY-MM'), e.source, po_id::text, e.source, 'bench'
      from b_pos cross join b_base b cross join b_je_po j
      cross join lateral (values (0, 7 + po_id % 5 - 2, 'goods_receipt'), (1, 10 + po_id % 5, 'vendor_bill'), (2, 14 + po_id % 5, 'supplier_payment')) e(n, days, source)
     where e.n < 2 or is_paid;
    insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency, amount_txn, supplier_id)
    select j.je + 3 * (po_id - b.po) + l.n, l.line_no, l.account, l.debit, l.credit, 'USD', l.debit - l.credit, l.supplier
      from b_pos cross join b_base b cross join b_je_po j
      cross join lateral (values
        (0, 1, ${role('inventory')}, value, 0, null::int), (0, 2, ${role('grni')}, 0, value, supplier_id),
        (1, 1, ${role('grni')}, value, 0, supplier_id), (1, 2, ${role('payables')}, 0, value, supplier_id),
        (2, 1, ${role('payables')}, value, 0, supplier_id), (2, 2, ${role('bank')}, 0, value, null)
      ) l(n, line_no, account, debit, credit, supplier)
     where l.n < 2 or is_paid;
    insert into scm.goods_receipts (id, receipt_no, po_id, warehouse_id, receipt_date, value, journal_entry_id, created_by)
    select po_id, 'GR-B' || po_id, po_id, warehouse_id, order_date + 7 + po_id % 5 - 2, value, j.je + 3 * (po_id - b.po), 'bench' from b_pos, b_base b, b_je_po j;
    insert into scm.goods_receipt_lines (id, receipt_id, po_line_id, item_id, quantity, value)
    select line_id, po_id, line_id, item_id, qty, qty * price from b_po_lines;
    insert into erp.stock_moves (item_id, warehouse_id, move_date, kind, quantity, value, source_type, source_id)
    select item_id, warehouse_id, order_date + 7 + po_id % 5 - 2, 'receipt', qty, qty * price, 'goods_receipt', po_id::text from b_po_lines;
    insert into scm.vendor_bills (id, bill_no, supplier_ref, supplier_id, po_id, bill_date, due_date, currency, rate, gross_amount, gross_functional, open_amount, open_functional, journal_entry_id, created_by)
    select po_id, 'BILL-B' || po_id, 'REF-B' || po_id, supplier_id, po_id, order_date + 10 + po_id % 5, order_date + 40 + po_id % 5, 'USD', 1, value, value,
           case when is_paid then 0 else value end, case when is_paid then 0 else value end, j.je + 3 * (po_id - b.po) + 1, 'bench'
      from b_pos, b_base b, b_je_po j;
    insert into scm.vendor_bill_lines (id, bill_id, po_line_id, quantity, unit_price, amount, grni_value, variance)
    select line_id, po_id, line_id, qty, price, qty * price, qty * price, 0 from b_po_lines;
    insert into scm.supplier_payments (id, payment_no, supplier_id, payment_date, currency, rate, amount, amount_functional, unallocated, unallocated_functional, journal_entry_id, created_by)
    select po_id, 'SP-B' || po_id, supplier_id, order_date + 14 + po_id % 5, 'USD', 1, value, value, 0, 0, j.je + 3 * (po_id - b.po) + 2, 'bench'
      from b_pos, b_base b, b_je_po j where is_paid;
    insert into scm.supplier_payment_allocations (id, payment_id, bill_id, amount, cleared_functional, fx_difference)
    select po_id, po_id, po_id, value, value, 0 from b_pos where is_paid;

    insert into finance.periods (period) select distinct e.period from finance.journal_entries e, b_base b where e.id >= b.je on conflict do nothing;

    -- (Not INSERT … ON CONFLICT: its check constraints would judge the negative delta on its own.)
    with delta as (
      select m.item_id, m.warehouse_id, sum(m.quantity) as q, sum(m.value) as v from erp.stock_moves m, b_base b where m.id > b.move group by 1, 2
    ), updated as (
      update erp.stock s set on_hand = s.on_hand + d.q, value = s.value + d.v from delta d
       where s.item_id = d.item_id and s.warehouse_id = d.warehouse_id returning s.item_id, s.warehouse_id
    )
    insert into erp.stock (item_id, warehouse_id, on_hand, reserved, value)
    select d.item_id, d.warehouse_id, d.q, 0, d.v from delta d
     where not exists (select 1 from updated u where u.item_id = d.item_id and u.warehouse_id = d.warehouse_id);

    -- Every stock move broken down by lot (one lot per item and warehouse), as the stock ledger does.
    insert into erp.lot_moves (stock_move_id, lot_id, item_id, warehouse_id, move_date, kind, quantity, source_type, source_id)
    select m.id, l.id, m.item_id, m.warehouse_id, m.move_date, m.kind, m.quantity, m.source_type, m.source_id
      from erp.stock_moves m join erp.lots l on l.lot_no = 'LOT-B-' || m.item_id || '-' || m.warehouse_id, b_base b
     where m.id > b.move;
    update erp.lot_stock s set on_hand = s.on_hand + d.q
      from (select m.item_id, m.warehouse_id, sum(m.quantity) as q from erp.stock_moves m, b_base b where m.id > b.move group by 1, 2) d
     where s.item_id = d.item_id and s.warehouse_id = d.warehouse_id;

    insert into core.outbox (command, actor, aggregate_type, aggregate_id, event_type)
    select 'bench.generate', 'bench', 'sales_order', o::text, 'sales_order.created' from b_orders
    union all select 'bench.generate', 'bench', 'customer_invoice', o::text, 'invoice.posted' from b_orders where not is_open
    union all select 'bench.generate', 'bench', 'customer_payment', o::text, 'payment.received' from b_orders where is_paid and not is_open
    union all select 'bench.generate', 'bench', 'purchase_order', po_id::text, 'goods_receipt.posted' from b_pos
    union all select 'bench.generate', 'bench', 'vendor_bill', po_id::text, 'vendor_bill.posted' from b_pos
    union all select 'bench.generate', 'bench', 'supplier_payment', po_id::text, 'supplier_payment.posted' from b_pos where is_paid;

    select setval(pg_get_serial_sequence('erp.sales_orders', 'id'), (select max(id) from erp.sales_orders));
    select setval(pg_get_serial_sequence('erp.sales_order_lines', 'id'), (select max(id) from erp.sales_order_lines));
    select setval(pg_get_serial_sequence('finance.journal_entries', 'id'), (select max(id) from finance.journal_entries));
    select setval(pg_get_serial_sequence('scm.purchase_orders', 'id'), (select max(id) from scm.purchase_orders));
  `).execute(db);
}

export function withDatabaseName(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(base: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: withDatabaseName(base, 'postgres') });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}
