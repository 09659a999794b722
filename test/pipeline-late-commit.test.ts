import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { erp, type Context } from '../domain/index.js';
import { runPipeline } from '../pipelines/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany } from './support/company.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

/**
 * The case a serial-id or timestamp watermark gets wrong: a transaction that started (and took
 * its ids) first commits after a later one, and after a pipeline run has read the later one.
 * Only the server has concurrent transactions.
 */
describe.runIf(onServer)('a transaction that commits late', () => {
  const cleanup: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanup.reverse()) await c();
  });

  it('is loaded by the first run after it commits, and the warehouse ends equal to a full rebuild', async () => {
    const database: TestDatabase = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'll-late-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }), () => database.drop());
    const warehouse = join(dir, 'warehouse.duckdb');
    const ctx: Context = { db: database.db, actor: 'test' };
    const company = await setUpTestCompany(ctx);
    await runPipeline(database, { warehousePath: warehouse });

    // The late one: an order delivered and invoiced in one transaction that stays open.
    const date = '2024-01-15'; // the month is already open, so neither transaction waits on the other
    let release!: () => void;
    let written!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const wrote = new Promise<void>((resolve) => (written = resolve));
    const late = database.db.transaction().execute(async (trx) => {
      const inside: Context = { db: trx, actor: 'late' };
      const order = await erp.createSalesOrder(inside, { customerId: company.customerId, date, warehouseId: company.warehouseId, lines: [{ itemId: company.items.widget, quantity: 2 }] });
      await erp.deliverSalesOrder(inside, { orderId: order.orderId, date });
      await erp.invoiceSalesOrder(inside, { orderId: order.orderId, date });
      written();
      await gate;
      return order;
    });
    await wrote;

    // The early one: started later, committed first.
    const early = await erp.createSalesOrder(ctx, { customerId: company.eurCustomerId, date, warehouseId: company.warehouseId, lines: [{ itemId: company.items.gadget, quantity: 1 }] });
    await erp.deliverSalesOrder(ctx, { orderId: early.orderId, date });
    await erp.invoiceSalesOrder(ctx, { orderId: early.orderId, date });

    const first = await runPipeline(database, { warehousePath: warehouse });
    const ordersLoaded = async () => (await query(warehouse, 'select distinct order_no from fact_sales_line order by 1')).map((r) => r.order_no);
    expect(await ordersLoaded()).toEqual([early.orderNo]);

    release();
    const lateOrder = await late;
    // The late transaction's events carry a smaller id than the early one's and a tx_id at or
    // above the first run's watermark: an id watermark would have skipped them for good.
    const { rows } = await sql<{ order_no: string; first_id: number; last_id: number; tx: string }>`
      select o.payload->>'orderNo' as order_no, min(e.id)::int as first_id, max(e.id)::int as last_id, min(e.tx_id)::text as tx
        from core.outbox e join core.outbox o on o.tx_id = e.tx_id and o.event_type = 'sales_order.created'
       group by 1`.execute(database.db);
    const byOrder = new Map(rows.map((r) => [r.order_no, r]));
    expect(byOrder.get(lateOrder.orderNo)!.last_id).toBeLessThan(byOrder.get(early.orderNo)!.first_id);
    expect(BigInt(byOrder.get(lateOrder.orderNo)!.tx)).toBeGreaterThanOrEqual(BigInt(first.watermarkTo));

    const second = await runPipeline(database, { warehousePath: warehouse });
    expect(second.mode).toBe('incremental');
    expect(await ordersLoaded()).toEqual([lateOrder.orderNo, early.orderNo].sort());

    const rebuilt = join(dir, 'rebuilt.duckdb');
    await runPipeline(database, { warehousePath: rebuilt, full: true });
    expect(await warehouseFingerprint(warehouse)).toEqual(await warehouseFingerprint(rebuilt));
  });

  it('reads each committed event once, even while an open transaction holds every snapshot\'s xmin back', async () => {
    const database: TestDatabase = await freshDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'll-once-'));
    cleanup.push(async () => rmSync(dir, { recursive: true, force: true }), () => database.drop());
    const warehouse = join(dir, 'warehouse.duckdb');
    const ctx: Context = { db: database.db, actor: 'test' };
    const company = await setUpTestCompany(ctx);

    // A transaction that has taken an id and stays open: no snapshot's xmin can pass it.
    let release!: () => void;
    let holding!: (xid: string) => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const held = new Promise<string>((resolve) => (holding = resolve));
    const holder = database.db.transaction().execute(async (trx) => {
      const { rows } = await sql<{ xid: string }>`select pg_current_xact_id()::text as xid`.execute(trx);
      holding(rows[0]!.xid);
      await gate;
    });
    const xid = BigInt(await held);
    try {
      await runPipeline(database, { warehousePath: warehouse });
      const order = await erp.createSalesOrder(ctx, { customerId: company.customerId, date: '2024-01-15', warehouseId: company.warehouseId, lines: [{ itemId: company.items.widget, quantity: 2 }] });
      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-01-15' });
      const first = await runPipeline(database, { warehousePath: warehouse });
      expect(BigInt(first.watermarkTo)).toBeLessThanOrEqual(xid); // held back below the order's transactions
      expect(first.rowsExtracted).toMatchObject({ stg_sales_order_lines: 1, stg_delivery_lines: 1 });
      expect(first.rowsExtracted.stg_journal_lines).toBeGreaterThan(0);
      // The same window by xmin alone; the snapshot kept with it says those events were read.
      const again = await runPipeline(database, { warehousePath: warehouse });
      expect(again.watermarkFrom).toBe(first.watermarkTo);
      expect(Object.entries(again.rowsExtracted).filter(([stage, n]) => n > 0 && CHANGE_DRIVEN.includes(stage))).toEqual([]);
      expect(await query(warehouse, 'select order_no from fact_sales_line')).toEqual([{ order_no: order.orderNo }]);
    } finally {
      release();
      await holder;
    }
  });
});

/** Stages that read only what changed (the rest, reference data, are read whole every run). */
const CHANGE_DRIVEN = [
  'stg_events', 'stg_sales_order_lines', 'stg_delivery_lines', 'stg_invoice_lines', 'stg_credit_notes', 'stg_purchase_order_lines', 'stg_receipt_lines',
  'stg_bill_lines', 'stg_journal_lines', 'stg_stock_moves', 'stg_customer_payments', 'stg_customer_allocations', 'stg_supplier_payments', 'stg_supplier_allocations',
  'stg_customer_refunds', 'stg_sales_returns', 'stg_contract_instalments', 'stg_return_lines', 'stg_return_credits', 'stg_service_tickets', 'stg_approval_requests',
];
