import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { crm, DomainError, erp, finance, verify, type Context, type DB } from '../domain/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';

/**
 * Many clients at once, each command on its own pooled connection (server only: the embedded
 * database has one connection and runs commands one after another).
 */
describe.skipIf(!onServer)('concurrency', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let db: Kysely<DB>;
  const client = (i: number): Context => ({ db, actor: `client-${i}` });
  const times = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));
  /** Like Promise.all, but waits for every call before failing, so no command is left running. */
  async function all<T>(promises: Promise<T>[]): Promise<T[]> {
    const settled = await Promise.allSettled(promises);
    const failed = settled.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return settled.map((r) => (r as PromiseFulfilledResult<T>).value);
  }
  /** Waits until `n` backends of this database wait on a lock (or 10 s pass). */
  async function lockWaiters(n: number): Promise<number> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`.execute(db);
      if (rows[0]!.n >= n || Date.now() > deadline) return rows[0]!.n;
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  /** Runs `hold` in a transaction kept open until the returned release() is called. */
  async function holdInTransaction(hold: (trx: Kysely<DB>) => Promise<unknown>) {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    const done = db.transaction().execute(async (trx) => {
      await hold(trx);
      holding();
      await gate;
    });
    await held;
    return async () => {
      release();
      await done;
    };
  }

  beforeAll(async () => {
    database = await freshDatabase({ poolSize: 20 });
    co = await setUpTestCompany({ db: database.db, actor: 'setup' });
    db = database.db;
  });
  afterAll(() => database?.drop());
  afterEach(async () => {
    const report = await verify(db);
    expect(report.breaches).toEqual([]);
    expect(report.checks.find((c) => c.name === 'journal_entries_balance')).toMatchObject({ breaches: 0 });
  });

  it('16 clients ordering 5 scarce units reserve exactly what is on hand, never more', async () => {
    const wants = times(16, (i) => 1 + (i % 2)); // 24 wanted, 5 on hand
    const results = await all(
      wants.map((quantity, i) =>
        erp.createSalesOrder(client(i), { customerId: co.customerId, date: '2024-03-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.scarce, quantity }] }),
      ),
    );
    results.forEach((r, i) => {
      expect(r.status).toBe('open');
      expect(r.reserved + r.backordered).toBe(wants[i]);
      expect(r.reserved).toBeGreaterThanOrEqual(0);
    });
    expect(results.reduce((s, r) => s + r.reserved, 0)).toBe(5);
    expect(await erp.stockPosition(db, co.items.scarce, co.warehouseId)).toEqual({ onHand: 5, reserved: 5, value: 100_000 });
    const lines = await sql<{ reserved: number }>`select coalesce(sum(reserved_qty), 0)::int as reserved from erp.sales_order_lines where item_id = ${co.items.scarce}`.execute(db);
    expect(lines.rows[0]!.reserved).toBe(5);
    // Orders do not block each other forever: all of them are there, with distinct numbers.
    expect(new Set(results.map((r) => r.orderNo)).size).toBe(16);
    await all(results.map((r, i) => erp.cancelSalesOrder(client(i), { orderId: r.orderId, reason: 'released for the next test' })));
    expect(await erp.stockPosition(db, co.items.scarce, co.warehouseId)).toMatchObject({ reserved: 0 });
  });

  it('16 clients ordering the same two items in opposite line order neither deadlock nor fail', async () => {
    const results = await all(
      times(16, (i) => {
        const lines = [{ itemId: co.items.widget, quantity: 1 }, { itemId: co.items.gadget, quantity: 1 }];
        return erp.createSalesOrder(client(i), { customerId: co.customerId, date: '2024-03-02', warehouseId: co.warehouseId, lines: i % 2 ? lines.reverse() : lines });
      }),
    );
    expect(results.every((r) => r.status === 'open' && r.reserved === 2 && r.backordered === 0)).toBe(true);
    expect(await erp.stockPosition(db, co.items.widget, co.warehouseId)).toMatchObject({ onHand: 100, reserved: 16 });
    expect(await erp.stockPosition(db, co.items.gadget, co.warehouseId)).toMatchObject({ onHand: 30, reserved: 16 });
    await all(results.map((r, i) => erp.cancelSalesOrder(client(i), { orderId: r.orderId, reason: 'done' })));
  });

  it('16 concurrent deliveries, invoices and payments on different orders all go through, once each', async () => {
    const customers = await all(times(4, (i) => crm.createCustomer(client(i), { name: `Parallel ${i}`, region: 'NA', segment: 'small_business' })));
    const orders = await all(
      times(16, (i) =>
        erp.createSalesOrder(client(i), { customerId: customers[i % 4]!.customerId, date: '2024-04-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 2 }] }),
      ),
    );
    const before = await erp.stockPosition(db, co.items.widget, co.warehouseId);
    // The month is opened beforehand: concurrent first use of a month is the defect tested below.
    await sql`insert into finance.periods (period) values ('2024-04') on conflict do nothing`.execute(db);

    const deliveries = await all(orders.map((o, i) => erp.deliverSalesOrder(client(i), { orderId: o.orderId, date: '2024-04-02' })));
    expect(deliveries.map((d) => [d.quantity, d.cost])).toEqual(times(16, () => [2, 2_000]));
    expect(new Set(deliveries.map((d) => d.deliveryNo)).size).toBe(16);
    expect(await erp.stockPosition(db, co.items.widget, co.warehouseId)).toEqual({ onHand: before.onHand - 32, reserved: before.reserved - 32, value: before.value - 32_000 });

    const invoices = await all(orders.map((o, i) => erp.invoiceSalesOrder(client(i), { orderId: o.orderId, date: '2024-04-03' })));
    expect(invoices.map((inv) => inv.gross)).toEqual(times(16, () => 5_400));
    // A second round finds nothing left to invoice, on every order.
    const again = await Promise.allSettled(orders.map((o, i) => erp.invoiceSalesOrder(client(i), { orderId: o.orderId, date: '2024-04-03' })));
    expect(again.map((r) => (r.status === 'rejected' ? (r.reason as DomainError).code : 'fulfilled'))).toEqual(times(16, () => 'NOTHING_TO_INVOICE'));

    const payments = await all(
      invoices.map((inv, i) =>
        erp.recordCustomerPayment(client(i), { customerId: customers[i % 4]!.customerId, date: '2024-04-10', amount: inv.gross, allocations: [{ invoiceId: inv.invoiceId, amount: inv.gross }] }),
      ),
    );
    expect(payments.every((p) => p.allocated === 5_400 && p.unallocated === 0)).toBe(true);
    const open = await db.selectFrom('erp.customer_invoices').select((eb) => eb.fn.sum<string>('open_amount').as('open')).where('id', 'in', invoices.map((i) => i.invoiceId)).executeTakeFirstOrThrow();
    expect(Number(open.open)).toBe(0);
    const statuses = await db.selectFrom('erp.sales_orders').select('status').where('id', 'in', orders.map((o) => o.orderId)).execute();
    expect(statuses.every((s) => s.status === 'closed')).toBe(true);
  });

  it('8 concurrent unallocated payments of one customer settle 8 different invoices, oldest first, none twice', async () => {
    const { customerId } = await crm.createCustomer(client(0), { name: 'Contended', region: 'NA', segment: 'small_business' });
    const invoices = [];
    for (let i = 0; i < 8; i++) {
      const order = await erp.createSalesOrder(client(i), { customerId, date: `2024-05-0${i + 1}`, warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 1 }] });
      await erp.deliverSalesOrder(client(i), { orderId: order.orderId, date: `2024-05-0${i + 1}` });
      invoices.push(await erp.invoiceSalesOrder(client(i), { orderId: order.orderId, date: `2024-05-0${i + 1}` }));
    }
    const payments = await all(times(8, (i) => erp.recordCustomerPayment(client(i), { customerId, date: '2024-05-20', amount: 2_700 })));
    expect(payments.map((p) => [p.allocated, p.unallocated, p.allocations.length])).toEqual(times(8, () => [2_700, 0, 1]));
    const settled = payments.map((p) => p.allocations[0]!.invoiceId).sort((a, b) => a - b);
    expect(settled).toEqual(invoices.map((i) => i.invoiceId).sort((a, b) => a - b));
    const allocations = await db.selectFrom('erp.payment_allocations').select(['invoice_id', 'amount']).where('invoice_id', 'in', settled).execute();
    expect(allocations).toHaveLength(8);
    expect(allocations.every((a) => a.amount === 2_700)).toBe(true);
  });

  it('16 concurrent stock decreases that together exceed stock: exactly the ones that fit succeed, on hand never goes negative', async () => {
    const { itemId } = await erp.createItem(client(0), { sku: 'CONTEND-1', name: 'Contended', category: 'HW', procurement: 'buy', listPrice: 1_000, standardCost: 500 });
    await erp.adjustStock(client(0), { date: '2024-06-01', reason: 'opening', lines: [{ itemId, warehouseId: co.warehouseId, quantity: 20, unitCost: 500 }] });

    let lowest = Number.POSITIVE_INFINITY;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        const row = await sql<{ on_hand: number }>`select on_hand from erp.stock where item_id = ${itemId}`.execute(db);
        lowest = Math.min(lowest, row.rows[0]!.on_hand);
      }
    })();
    const outcomes = await Promise.allSettled(
      times(16, (i) => erp.adjustStock(client(i), { date: '2024-06-02', reason: 'damage', lines: [{ itemId, warehouseId: co.warehouseId, quantity: -3 }] })),
    );
    watching = false;
    await watcher;

    const ok = outcomes.filter((o) => o.status === 'fulfilled');
    const refused = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason as unknown] : []));
    expect(ok).toHaveLength(6); // floor(20 / 3)
    expect(refused).toHaveLength(10);
    for (const e of refused) {
      expect(e).toBeInstanceOf(DomainError);
      expect(e).toMatchObject({ code: 'INSUFFICIENT_STOCK', field: 'lines.0.quantity' });
    }
    expect(ok.every((o) => o.status === 'fulfilled' && o.value.value === -1_500)).toBe(true);
    expect(await erp.stockPosition(db, itemId, co.warehouseId)).toEqual({ onHand: 2, reserved: 0, value: 1_000 });
    expect(lowest).toBeGreaterThanOrEqual(2);
    const moves = await db.selectFrom('erp.stock_moves').select(['quantity']).where('item_id', '=', itemId).execute();
    expect(moves.map((m) => m.quantity).sort((a, b) => a - b)).toEqual([...times(6, () => -3), 20]);
  });

  it('8 concurrent identical createSalesOrder calls with one idempotency key create exactly one order', async () => {
    const count = async () => (await sql<{ orders: number; keys: number; events: number }>`
      select (select count(*)::int from erp.sales_orders) as orders,
             (select count(*)::int from core.idempotency_keys where key = 'same-order') as keys,
             (select count(*)::int from core.outbox where command = 'erp.createSalesOrder') as events`.execute(db)).rows[0]!;
    const before = await count();
    const input = { customerId: co.customerId, date: '2024-07-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.gadget, quantity: 3 }] };
    const results = await all(times(8, (i) => erp.createSalesOrder(client(i), input, { idempotencyKey: 'same-order' })));
    expect(new Set(results.map((r) => r.orderId)).size).toBe(1);
    for (const r of results) expect(r).toEqual(results[0]);
    expect(await count()).toEqual({ orders: before.orders + 1, keys: 1, events: before.events + 1 });
    expect((await db.selectFrom('erp.sales_order_lines').select('reserved_qty').where('order_id', '=', results[0]!.orderId).execute()).map((l) => l.reserved_qty)).toEqual([3]);
    await erp.cancelSalesOrder(client(0), { orderId: results[0]!.orderId, reason: 'done' });
  });

  // Regression: opening a month as one statement (insert … on conflict do nothing, then read)
  // found no row when a concurrent transaction created the same month and committed while the
  // insert waited: the read used the statement's older snapshot. ensurePeriod now reads anew.
  it('a command posting into a month that a concurrent transaction is opening goes through', async () => {
    const release = await holdInTransaction((trx) => sql`insert into finance.periods (period) values ('2031-01')`.execute(trx));
    const adjusting = erp
      .adjustStock(client(1), { date: '2031-01-15', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 1, unitCost: 1_000 }] })
      .then((value) => ({ value }), (error: unknown) => ({ error }));
    expect(await lockWaiters(1)).toBe(1);
    await release();
    const outcome = await adjusting;
    expect('error' in outcome ? `${(outcome.error as Error).name}: ${(outcome.error as Error).message}` : 'ok').toBe('ok');
    expect(await db.selectFrom('finance.periods').select('status').where('period', '=', '2031-01').executeTakeFirst()).toEqual({ status: 'open' });
  });

  it('closing a period waits for a posting into it that is in flight, so nothing lands in a closed month afterwards', async () => {
    const order = await erp.createSalesOrder(client(0), { customerId: co.customerId, date: '2032-03-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 1 }] });
    await sql`insert into finance.periods (period) values ('2032-03') on conflict do nothing`.execute(db);
    // Holding the order's lines stops the delivery after it has written its journal entry.
    const release = await holdInTransaction((trx) => sql`select 1 from erp.sales_order_lines where order_id = ${order.orderId} for update`.execute(trx));
    const events: string[] = [];
    const delivering = erp.deliverSalesOrder(client(1), { orderId: order.orderId, date: '2032-03-05' }).then(
      () => events.push('delivered'),
      (e: unknown) => events.push(`delivery refused: ${(e as DomainError).code}`),
    );
    expect(await lockWaiters(1)).toBe(1);
    const closing = finance.closePeriod(client(2), { period: '2032-03' }).then(
      () => events.push('closed'),
      (e: unknown) => events.push(`close refused: ${(e as DomainError).code}`),
    );
    await Promise.race([closing, new Promise((r) => setTimeout(r, 300))]);
    await release();
    await Promise.all([delivering, closing]);
    // Either the close waited for the delivery, or the delivery was refused: never delivered after closed.
    expect([['delivered', 'closed'], ['closed', 'delivery refused: PERIOD_CLOSED']]).toContainEqual(events);
    expect((await db.selectFrom('finance.periods').select('status').where('period', '=', '2032-03').executeTakeFirstOrThrow()).status).toBe('closed');
    if (events[0] === 'delivered') await erp.invoiceSalesOrder(client(0), { orderId: order.orderId, date: '2032-04-01' });
    else await erp.cancelSalesOrder(client(0), { orderId: order.orderId, reason: 'done' });
  });

  describe('credit limit', () => {
    const order = (ctx: Context, customerId: number) =>
      erp.createSalesOrder(ctx, { customerId, date: '2024-08-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 1 }] });

    it('one after another, the order that would pass the limit is held', async () => {
      const { customerId } = await crm.createCustomer(client(0), { name: 'Tight Seq', region: 'NA', segment: 'consumer', creditLimit: 4_000 });
      const first = await order(client(0), customerId);
      const second = await order(client(1), customerId);
      expect([first.status, second.status]).toEqual(['open', 'held']);
      await erp.cancelSalesOrder(client(0), { orderId: first.orderId, reason: 'done' });
      await erp.cancelSalesOrder(client(0), { orderId: second.orderId, reason: 'done' });
    });

    // Regression: the credit check read the customer's exposure without a lock, so concurrent
    // orders all saw the exposure from before any of them. It now locks the customer row. The
    // race is forced by holding a stock row every order needs until all 16 are waiting.
    it('16 concurrent orders cannot together take a customer past the credit limit', async () => {
      const { customerId } = await crm.createCustomer(client(0), { name: 'Tight Par', region: 'NA', segment: 'consumer', creditLimit: 4_000 });
      const release = await holdInTransaction((trx) => sql`select 1 from erp.stock where item_id = ${co.items.widget} and warehouse_id = ${co.warehouseId} for update`.execute(trx));
      const results = Promise.allSettled(times(16, (i) => order(client(i), customerId)));
      await lockWaiters(16);
      await release();
      const settled = await results;
      const opened = settled.filter((r) => r.status === 'fulfilled' && r.value.status === 'open');
      try {
        expect(settled.every((r) => r.status === 'fulfilled')).toBe(true);
        expect(opened).toHaveLength(1);
      } finally {
        for (const r of settled) if (r.status === 'fulfilled') await erp.cancelSalesOrder(client(0), { orderId: r.value.orderId, reason: 'done' });
      }
    });
  });
});
