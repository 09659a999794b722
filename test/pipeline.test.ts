import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { finance, planning, scm, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { companySummary } from '../domain/status.js';
import { accountBalances, compareFigures, creditNotesOutsideSalesOrders, crossCheckFigures, DOCUMENT_FIGURES, headlineFigures, PipelineBusyError, postgresFigures, ReconciliationError, runPipeline, TABLES, WAREHOUSE_TABLES, warehouseFigures, type PipelineProgress } from '../pipelines/index.js';
import { openWriter } from '../pipelines/warehouse/duck.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01' };

describe('the warehouse pipeline', () => {
  let database: TestDatabase;
  let ctx: Context;
  let dir: string;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    dir = mkdtempSync(join(tmpdir(), 'll-pipeline-'));
    await simulate(ctx, { ...COMPANY, days: 60 });
    // The simulated company has no planners: one decided suggestion, so the planning loop's fact has a row too.
    const day = (await simulationState(database.db))!.lastDate;
    const { rows } = await sql<{ item_id: number; warehouse_id: number }>`
      select (select min(id) from erp.items where active) as item_id, (select min(id) from erp.warehouses) as warehouse_id`.execute(database.db);
    const proposed = await planning.upsertSuggestions(ctx, {
      runId: 'pipeline-test', modelVersion: 'test', asOf: day,
      suggestions: [{ kind: 'replenishment', valueAtStake: 12_000, proposal: { itemId: rows[0]!.item_id, warehouseId: rows[0]!.warehouse_id, quantity: 5, supplierId: null, orderBy: day, neededBy: day } }],
    });
    await planning.rejectSuggestion(ctx, { suggestionId: proposed.suggestions[0]!.suggestionId, date: day, reason: 'enough on hand' });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads a simulated company in full, agreeing with the books figure by figure', async () => {
    const progress: PipelineProgress[] = [];
    const result = await runPipeline(database, { warehousePath: warehouse(), onProgress: (p) => progress.push(p) });
    expect(result).toMatchObject({ runId: 1, mode: 'full', watermarkFrom: null });
    // 6 headline figures, the document figures, every account's balance, every table's row count,
    // 2 cross-checks of the sales lines against the ledger, and every account's balance from the
    // monthly ledger against its lines
    const tb = await finance.trialBalance(database.db, '9999-12-31');
    expect(result.figuresChecked).toBe(6 + DOCUMENT_FIGURES.length + tb.rows.length + TABLES.length + 2 + tb.rows.length + 3);
    // The balances reconciled are the trial balance's, computed without its date join, and the
    // headline figures those of `ledgerloop status`.
    const balances = await accountBalances(database.db);
    expect(balances).toEqual(tb.rows.map((r) => ({ account: r.account, balance: r.balance })));
    const summary = await companySummary(database.db);
    expect(await headlineFigures(database.db, balances)).toEqual({
      revenue: summary.revenue, costOfGoodsSold: summary.costOfGoodsSold, stockValue: summary.stockValue, openReceivables: summary.openReceivables, openPayables: summary.openPayables,
    });
    for (const table of WAREHOUSE_TABLES) expect(result.rowsAfter[table], table).toBeGreaterThan(0);

    // Closing stock per item and warehouse is the operational stock, not just in total.
    const { rows: stock } = await sql<{ item_id: number; warehouse_id: number; on_hand: number; value: number }>`
      select item_id, warehouse_id, on_hand, value from erp.stock where on_hand <> 0 or value <> 0 order by 1, 2`.execute(database.db);
    const closing = await query(warehouse(), `
      select item_id, warehouse_id, on_hand_qty as on_hand, value_functional as value from fact_inventory_daily
       where date = (select max(date) from fact_inventory_daily) and (on_hand_qty <> 0 or value_functional <> 0) order by 1, 2`);
    expect(closing).toEqual(stock);

    // The monthly ledger is the journal's lines summed per account and month, from Postgres.
    const { rows: journal } = await sql<{ month: string; account_code: string; debit: number; credit: number; lines: number }>`
      select to_char(e.entry_date, 'YYYY-MM') as month, l.account_code, sum(l.debit)::bigint as debit, sum(l.credit)::bigint as credit, count(*)::bigint as lines
        from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id
       group by 1, 2 order by 1, 2`.execute(database.db);
    const monthly = await query(warehouse(), `
      select strftime(month, '%Y-%m') as month, account_code, debit_functional as debit, credit_functional as credit, lines
        from fact_gl_account_month order by 1, 2`);
    expect(monthly).toEqual(journal);

    // The monthly sales are the lines summed by order month, invoice month, currency, region,
    // category and warehouse, each line counted once.
    const bySql = await query(warehouse(), `
      select strftime(f.order_date, '%Y-%m') as ordered, strftime(f.first_invoice_date, '%Y-%m') as invoiced, f.currency, c.region, p.category, f.warehouse_id,
             count(*) as lines, sum(f.order_rate)::varchar as rate_sum, sum(f.net_revenue_functional)::bigint as revenue, sum(f.gross_margin_functional)::bigint as margin
        from fact_sales_line f join dim_customer c on c.customer_key = f.customer_key join dim_product p on p.product_key = f.product_key
       group by all order by all`);
    const rolledUp = await query(warehouse(), `
      select strftime(order_month, '%Y-%m') as ordered, strftime(invoice_month, '%Y-%m') as invoiced, currency, region, category, warehouse_id,
             lines, order_rate_sum::varchar as rate_sum, net_revenue_functional as revenue, gross_margin_functional as margin
        from fact_sales_month order by all`);
    expect(rolledUp.length).toBeGreaterThan(10);
    expect(rolledUp).toEqual(bySql);

    // Each order's lines carry exactly its invoices' functional amounts.
    const { rows: invoiced } = await sql<{ order_id: number; gross: number }>`
      select order_id, sum(gross_functional)::bigint as gross from erp.customer_invoices group by 1 order by 1`.execute(database.db);
    const lines = await query(warehouse(), `
      select order_id, sum(invoiced_net_functional + invoiced_tax_functional)::bigint as gross from fact_sales_line
       group by 1 having sum(invoiced_qty) > 0 order by 1`);
    expect(lines).toEqual(invoiced);

    // Every table and every column is documented in the file itself.
    const undocumented = await query(warehouse(), `
      select table_name as name from duckdb_tables() where database_name = current_database() and comment is null
      union all select table_name || '.' || column_name from duckdb_columns() where database_name = current_database() and comment is null`);
    expect(undocumented).toEqual([]);
    expect(progress.filter((p) => p.phase === 'extract' && p.done).map((p) => p.table)).toContain('stg_sales_order_lines');
    expect(progress.at(-1)).toMatchObject({ phase: 'swap', done: true });
  });

  it('applies only what changed since, and ends equal to a full rebuild', async () => {
    await simulate(ctx, { ...COMPANY, days: 25 });
    const incremental = await runPipeline(database, { warehousePath: warehouse() });
    expect(incremental.mode).toBe('incremental');
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from finance.journal_lines`.execute(database.db);
    expect(incremental.rowsExtracted.stg_journal_lines).toBeGreaterThan(0);
    // It reads what changed, on either engine: events the previous run's snapshot could see are
    // not read again, even when another transaction on the server held that snapshot's xmin back.
    expect(incremental.rowsExtracted.stg_journal_lines).toBeLessThan(rows[0]!.n / 2);

    const rebuilt = join(dir, 'rebuilt.duckdb');
    expect((await runPipeline(database, { warehousePath: rebuilt, full: true })).mode).toBe('full');
    const fingerprint = await warehouseFingerprint(warehouse());
    expect(fingerprint).toEqual(await warehouseFingerprint(rebuilt));

    // Nothing new: another run changes nothing, however much of the window it reads again.
    const idle = await runPipeline(database, { warehousePath: warehouse() });
    expect(idle.mode).toBe('incremental');
    expect(await warehouseFingerprint(warehouse())).toEqual(fingerprint);
  });

  it('keeps a supplier\'s status history, and facts point at the version in force when recorded', async () => {
    const { rows } = await sql<{ id: number; warehouse_id: number; item_id: number }>`
      select p.supplier_id as id, p.warehouse_id, l.item_id from scm.purchase_orders p join scm.purchase_order_lines l on l.po_id = p.id
       join scm.suppliers s on s.id = p.supplier_id where s.status = 'approved' order by p.id limit 1`.execute(database.db);
    const { id: supplierId, warehouse_id: warehouseId, item_id: itemId } = rows[0]!;
    await scm.changeSupplierStatus(ctx, { supplierId, status: 'suspended', reason: 'late deliveries' });
    await runPipeline(database, { warehousePath: warehouse() });
    await scm.changeSupplierStatus(ctx, { supplierId, status: 'approved', reason: 'back on track' });
    const day = (await simulationState(database.db))!.lastDate;
    const { purchaseOrderId } = await scm.createPurchaseOrder(ctx, { supplierId, warehouseId, date: day, expectedDate: day, lines: [{ itemId, quantity: 5, unitPrice: 100 }] });
    await runPipeline(database, { warehousePath: warehouse() });

    const versions = await query(warehouse(), `
      select version, status, is_current, epoch_us(valid_from) as valid_from, epoch_us(valid_to) as valid_to, supplier_key
        from dim_supplier where supplier_id = ${supplierId} order by version`);
    expect(versions.map((v) => [v.version, v.status, v.is_current])).toEqual([[1, 'approved', false], [2, 'suspended', false], [3, 'approved', true]]);
    // Each change is dated by its own event, and versions follow one another without a gap.
    const { rows: events } = await sql<{ at: string }>`
      select (extract(epoch from occurred_at) * 1000000)::bigint::text as at from core.outbox
       where aggregate_type = 'supplier' and aggregate_id = ${String(supplierId)} and event_type = 'supplier.status_changed' order by id`.execute(database.db);
    expect([versions[0]!.valid_to, versions[1]!.valid_to]).toEqual(events.map((e) => Number(e.at)));
    expect([versions[1]!.valid_from, versions[2]!.valid_from]).toEqual([versions[0]!.valid_to, versions[1]!.valid_to]);

    const linked = await query(warehouse(), `
      select f.purchase_order_id = ${purchaseOrderId} as new_order, d.version from fact_purchase_line f join dim_supplier d on d.supplier_key = f.supplier_key
       where f.supplier_id = ${supplierId} group by all order by 1`);
    expect(linked).toEqual([{ new_order: false, version: 1 }, { new_order: true, version: 3 }]);
  });

  it('logs every run and lets one run at a time write', async () => {
    const first = runPipeline(database, { warehousePath: warehouse() });
    await expect(runPipeline(database, { warehousePath: warehouse() })).rejects.toBeInstanceOf(PipelineBusyError);
    await first;
    const log = await query(warehouse(), `select run_id, status, mode, json_extract(rows_after, '$.fact_sales_line')::int as lines, error from meta_pipeline_run order by run_id`);
    expect(log.map((r) => [r.run_id, r.status, r.mode, r.error])).toEqual([
      [1, 'succeeded', 'full', null], [2, 'succeeded', 'incremental', null], [3, 'succeeded', 'incremental', null],
      [4, 'succeeded', 'incremental', null], [5, 'succeeded', 'incremental', null], [6, 'succeeded', 'incremental', null],
    ]);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from erp.sales_order_lines`.execute(database.db);
    expect(log.at(-1)!.lines).toBe(rows[0]!.n);
  });

  it('names each figure a wrong warehouse gets wrong, and a run that would publish one fails loudly', async () => {
    // A warehouse as a faulty transform might leave it: a sales line and a stock move that exist
    // nowhere in the books. No run replaces them (no source row has their keys), however much it reads.
    const tampered = join(dir, 'tampered.duckdb');
    copyFileSync(warehouse(), tampered);
    const duck = await openWriter(tampered);
    try {
      await duck.run(`insert into fact_sales_line select * replace (-1 as sales_order_line_id, -1 as order_id)
                        from fact_sales_line where net_revenue_functional > 0 and delivered_cost_functional > 0 and credited_net_functional = 0
                        order by sales_order_line_id limit 1`);
      // (The monthly sales made from the lines, by the same faulty transform, agree with them.)
      await duck.run(`insert into fact_sales_month
                      select date_trunc('month', order_date), date_trunc('month', first_invoice_date), currency, null, null, warehouse_id, 1, order_rate,
                             invoiced_net_functional, net_revenue_functional, gross_margin_functional
                        from fact_sales_line where sales_order_line_id = -1`);
      await duck.run(`insert into fact_inventory_movement select * replace (-1 as stock_move_id)
                        from fact_inventory_movement where value_functional <> 0 order by stock_move_id limit 1`);
      const result = compareFigures(await postgresFigures(database.db, TABLES), await warehouseFigures(duck, TABLES));
      // The ledger and the books still agree; the facts no longer agree with their documents,
      // nor with what the ledger says the sales documents posted.
      expect(result.mismatches.map((m) => m.figure)).toEqual(['rows:fact_inventory_movement', 'rows:fact_sales_line', 'sales_invoiced', 'stock_value_from_movements']);
      expect(result.mismatches.find((m) => m.figure === 'rows:fact_sales_line')).toMatchObject({ source: 'postgres' });
      const cross = await crossCheckFigures(duck, await creditNotesOutsideSalesOrders(database.db));
      expect(compareFigures(cross.ledger, cross.facts, 'ledger').mismatches.map((m) => m.figure)).toEqual(['cogs_from_sales_lines', 'revenue_from_sales_lines']);
      // A monthly ledger row that no longer sums its lines is named by its account.
      const account = (await duck.all<{ account: string }>(`select min(account_code) as account from fact_gl_account_month`))[0]!.account;
      await duck.run(`update fact_gl_account_month set amount_functional = amount_functional + 1 where account_code = '${account}' and month = (select max(month) from fact_gl_account_month where account_code = '${account}')`);
      const monthly = await crossCheckFigures(duck, await creditNotesOutsideSalesOrders(database.db));
      expect(compareFigures(monthly.ledger, monthly.facts, 'ledger').mismatches.map((m) => m.figure)).toEqual([`account_by_month:${account}`, 'cogs_from_sales_lines', 'revenue_from_sales_lines']);
      await duck.run(`update fact_gl_account_month set amount_functional = amount_functional - 1 where account_code = '${account}' and month = (select max(month) from fact_gl_account_month where account_code = '${account}')`);
      // Monthly sales that no longer sum the lines are named by the figure they get wrong.
      await duck.run(`update fact_sales_month set lines = lines + 1 where order_month = (select min(order_month) from fact_sales_month)`);
      const sales = await crossCheckFigures(duck, await creditNotesOutsideSalesOrders(database.db));
      expect(compareFigures(sales.ledger, sales.facts, 'ledger').mismatches.map((m) => m.figure)).toEqual(['cogs_from_sales_lines', 'revenue_from_sales_lines', 'sales_by_month:lines']);
      await duck.run(`update fact_sales_month set lines = lines - 1 where order_month = (select min(order_month) from fact_sales_month)`);
      await duck.run('checkpoint');
    } finally {
      duck.close();
    }

    copyFileSync(tampered, warehouse());
    const before = await warehouseFingerprint(warehouse());
    const error = await runPipeline(database, { warehousePath: warehouse() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReconciliationError);
    // (A run that rereads the bogus move's item and warehouse also rebuilds its daily stock from it: one figure more.)
    expect((error as Error).message).toMatch(
      /^reconciliation failed: cogs_from_sales_lines: warehouse \d+ ≠ ledger \d+; revenue_from_sales_lines: .*; rows:fact_inventory_movement: warehouse \d+ ≠ postgres \d+; rows:fact_sales_line: .*; sales_invoiced: .*; and [12] more$/,
    );
    expect(await warehouseFingerprint(warehouse())).toEqual(before); // never published
    const [last] = await query(warehouse(), 'select status, error from meta_pipeline_run order by run_id desc limit 1');
    expect(last).toEqual({ status: 'failed', error: (error as Error).message });
    // A full rebuild puts it right.
    await runPipeline(database, { warehousePath: warehouse(), full: true });
    expect((await query(warehouse(), 'select count(*) as n from fact_sales_line where order_id < 0'))[0]).toEqual({ n: 0 });
  });
});
