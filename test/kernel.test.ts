import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql, type Kysely } from 'kysely';
import { DomainError, erp, finance, isDomainError, people, scm, verify, type Context, type DB } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, fingerprint, fingerprintDiff, rejectionOf } from './support/fingerprint.js';

/**
 * The kernel's promises, on whichever database the suite runs against: idempotency, typed
 * input errors, events in the command's transaction, closed periods, balanced and immutable
 * books, and the quantity and amount limits of the order-to-cash and procure-to-pay documents.
 * Each test uses its own month of 2025 so that closing a period does not touch the others.
 */
describe('kernel', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let ctx: Context;
  let db: Kysely<DB>;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'kernel-test' });
    ctx = co.ctx;
    db = database.db;
  });
  afterAll(() => database?.drop());
  afterEach(async () => {
    expect((await verify(db)).breaches).toEqual([]);
  });

  const orderInput = (date: string, quantity = 2, itemId?: number) => ({
    customerId: co.customerId,
    date,
    warehouseId: co.warehouseId,
    lines: [{ itemId: itemId ?? co.items.widget, quantity }],
  });
  const linesOf = (orderId: number) =>
    db.selectFrom('erp.sales_order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
  const count = async (table: string, where = sql`true`) =>
    (await sql<{ n: number }>`select count(*)::int as n from ${sql.table(table)} where ${where}`.execute(db)).rows[0]!.n;

  /** An order of `quantity` widgets, delivered and invoiced on `date`. */
  async function invoicedOrder(date: string, quantity = 2, customerId = co.customerId) {
    const order = await erp.createSalesOrder(ctx, { ...orderInput(date, quantity), customerId });
    await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date });
    const invoice = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date });
    return { order, invoice };
  }

  describe('idempotency', () => {
    it('a retry with the same key returns the first result and writes nothing, even after the order changed', async () => {
      const input = orderInput('2025-01-10', 2);
      const first = await erp.createSalesOrder(ctx, input, { idempotencyKey: 'order-A' });
      expect(first).toMatchObject({ status: 'open', reserved: 2, net: 5_000, tax: 400 });
      const stored = await db.selectFrom('core.idempotency_keys').selectAll().where('key', '=', 'order-A').executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ command: 'erp.createSalesOrder', actor: 'kernel-test', result: first });

      const before = await fingerprint(db);
      const again = await erp.createSalesOrder(ctx, input, { idempotencyKey: 'order-A' });
      expect(again).toEqual(first);
      // the same input with its keys in another order is the same request
      const reordered = { lines: [{ quantity: 2, itemId: co.items.widget }], warehouseId: co.warehouseId, date: '2025-01-10', customerId: co.customerId };
      expect(await erp.createSalesOrder(ctx, reordered, { idempotencyKey: 'order-A' })).toEqual(first);
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);

      // The replay returns the first result, not the order's current state.
      await erp.cancelSalesOrder(ctx, { orderId: first.orderId, reason: 'changed mind' });
      const outboxBefore = await count('core.outbox');
      const ordersBefore = await count('erp.sales_orders');
      expect(await erp.createSalesOrder(ctx, input, { idempotencyKey: 'order-A' })).toEqual(first);
      expect(await count('core.outbox')).toBe(outboxBefore);
      expect(await count('erp.sales_orders')).toBe(ordersBefore);
      expect(await count('core.outbox', sql`aggregate_type = 'sales_order' and aggregate_id = ${String(first.orderId)} and event_type = 'sales_order.created'`)).toBe(1);

      // Without a key the same input is a new order.
      const other = await erp.createSalesOrder(ctx, input);
      expect(other.orderId).not.toBe(first.orderId);
      await erp.cancelSalesOrder(ctx, { orderId: other.orderId, reason: 'test done' });
    });

    it('the same key with another input or another command is refused with IDEMPOTENCY_MISMATCH and writes nothing', async () => {
      await erp.createSalesOrder(ctx, orderInput('2025-01-11', 1), { idempotencyKey: 'order-M' });
      await expectRejectedWithoutTrace(db, () => erp.createSalesOrder(ctx, orderInput('2025-01-11', 3), { idempotencyKey: 'order-M' }), 'IDEMPOTENCY_MISMATCH', 'idempotencyKey');
      await expectRejectedWithoutTrace(
        db,
        () => erp.adjustStock(ctx, { date: '2025-01-11', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: -1 }] }, { idempotencyKey: 'order-M' }),
        'IDEMPOTENCY_MISMATCH',
        'idempotencyKey',
      );
    });

    it('a rejected command leaves its key unused, so the corrected request can use it', async () => {
      await expectRejectedWithoutTrace(
        db,
        () => erp.createSalesOrder(ctx, { ...orderInput('2025-01-12'), lines: [{ itemId: 999_999, quantity: 1 }] }, { idempotencyKey: 'order-B' }),
        'NOT_FOUND',
        'lines.0.itemId',
      );
      expect(await count('core.idempotency_keys', sql`key = 'order-B'`)).toBe(0);
      const ok = await erp.createSalesOrder(ctx, orderInput('2025-01-12', 1), { idempotencyKey: 'order-B' });
      expect(await erp.createSalesOrder(ctx, orderInput('2025-01-12', 1), { idempotencyKey: 'order-B' })).toEqual(ok);
      expect(await count('erp.sales_orders', sql`id = ${ok.orderId}`)).toBe(1);
    });

    it('refuses an empty or over-long key', async () => {
      await expectRejectedWithoutTrace(db, () => erp.createSalesOrder(ctx, orderInput('2025-01-12'), { idempotencyKey: '' }), 'INVALID_INPUT', 'idempotencyKey');
      await expectRejectedWithoutTrace(db, () => erp.createSalesOrder(ctx, orderInput('2025-01-12'), { idempotencyKey: 'k'.repeat(201) }), 'INVALID_INPUT', 'idempotencyKey');
    });
  });

  describe('input validation', () => {
    const base = () => orderInput('2025-01-15', 1);
    const cases: [string, () => Record<string, unknown>, string][] = [
      ['zero quantity', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: 0 }] }), 'lines.0.quantity'],
      ['negative quantity on the second line', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: 1 }, { itemId: co.items.gadget, quantity: -2 }] }), 'lines.1.quantity'],
      ['fractional quantity', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: 1.5 }] }), 'lines.0.quantity'],
      ['quantity as a string', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: '3' }] }), 'lines.0.quantity'],
      ['discount above 100%', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: 1, discountBp: 10_001 }] }), 'lines.0.discountBp'],
      ['negative unit price', () => ({ ...base(), lines: [{ itemId: co.items.widget, quantity: 1, unitPrice: -1 }] }), 'lines.0.unitPrice'],
      ['31 February', () => ({ ...base(), date: '2025-02-31' }), 'date'],
      ['a date that is not a date', () => ({ ...base(), date: 'next tuesday' }), 'date'],
      ['month 13', () => ({ ...base(), date: '2025-13-01' }), 'date'],
      ['no lines', () => ({ ...base(), lines: [] }), 'lines'],
      ['negative customer id', () => ({ ...base(), customerId: -4 }), 'customerId'],
      ['missing warehouse', () => ({ customerId: co.customerId, date: '2025-01-15', lines: [{ itemId: co.items.widget, quantity: 1 }] }), 'warehouseId'],
    ];
    it.each(cases)('createSalesOrder with %s → INVALID_INPUT at the right field', async (_, input, field) => {
      const e = await expectRejectedWithoutTrace(db, () => erp.createSalesOrder(ctx, input() as never), 'INVALID_INPUT', field);
      expect(e.message.startsWith(`${field}:`)).toBe(true);
      expect(e.toJSON()).toEqual({ code: 'INVALID_INPUT', message: e.message, field });
    });

    it('other commands point at the offending field too', async () => {
      const order = await erp.createSalesOrder(ctx, orderInput('2025-01-16', 2));
      const [line] = await linesOf(order.orderId);
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-01-16', lines: [{ lineId: line!.id, quantity: 0 }] }), 'INVALID_INPUT', 'lines.0.quantity');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-01-16', lines: [{ lineId: 999_999, quantity: 1 }] }), 'NOT_FOUND', 'lines.0.lineId');
      await expectRejectedWithoutTrace(db, () => erp.adjustStock(ctx, { date: '2025-01-16', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 0 }] }), 'INVALID_INPUT', 'lines.0.quantity');
      await expectRejectedWithoutTrace(
        db,
        () => erp.adjustStock(ctx, { date: '2025-01-16', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: -1 }, { itemId: co.items.gadget, warehouseId: co.warehouseId, quantity: 4 }] }),
        'INVALID_INPUT',
        'lines.1.unitCost',
      );
      await expectRejectedWithoutTrace(db, () => erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-01-16', amount: 100, allocations: [{ invoiceId: 1, amount: -5 }] }), 'INVALID_INPUT', 'allocations.0.amount');
      await expectRejectedWithoutTrace(db, () => erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-01-16', amount: 0 }), 'INVALID_INPUT', 'amount');
      await expectRejectedWithoutTrace(
        db,
        () => finance.postManualJournal(ctx, { date: '2025-01-16', memo: 'x', lines: [{ account: '6400', debit: 5, credit: 5 }, { account: '1100', credit: 0 }] }),
        'INVALID_INPUT',
        'lines.0',
      );
      await expectRejectedWithoutTrace(db, () => erp.createSalesOrder({ db, actor: '' }, orderInput('2025-01-16')), 'INVALID_INPUT', 'actor');
      await erp.cancelSalesOrder(ctx, { orderId: order.orderId, reason: 'test done' });
    });
  });

  describe('events', () => {
    it('outbox rows carry the command, actor and transaction id; one command’s events share one tx_id', async () => {
      const alice: Context = { db, actor: 'alice@example.com' };
      const bob: Context = { db, actor: 'bob@example.com' };
      // A unit price that takes the customer past its credit limit: the order is held.
      const held = await erp.createSalesOrder(alice, { ...orderInput('2025-01-20', 1, co.items.gadget), lines: [{ itemId: co.items.gadget, quantity: 1, unitPrice: 20_000_000 }] });
      expect(held).toMatchObject({ status: 'held', reserved: 0 });
      await erp.releaseCreditHold(bob, { orderId: held.orderId, comment: 'approved by finance' });
      const rows = await db.selectFrom('core.outbox').selectAll().where('aggregate_type', '=', 'sales_order').where('aggregate_id', '=', String(held.orderId)).orderBy('id').execute();
      expect(rows.map((r) => [r.command, r.actor, r.event_type])).toEqual([
        ['erp.createSalesOrder', 'alice@example.com', 'sales_order.held'],
        ['erp.releaseCreditHold', 'bob@example.com', 'sales_order.hold_released'],
        ['erp.releaseCreditHold', 'bob@example.com', 'sales_order.reserved'],
      ]);
      expect(rows[0]!.payload).toMatchObject({ orderNo: held.orderNo, customerId: co.customerId, net: 20_000_000, ordered: 1, reserved: 0 });
      const txIds = rows.map((r) => BigInt(String(r.tx_id)));
      expect(txIds[1]).toBe(txIds[2]);
      expect(txIds[0]! < txIds[1]!).toBe(true);
      const order = await db.selectFrom('erp.sales_orders').select(['created_by', 'status']).where('id', '=', held.orderId).executeTakeFirstOrThrow();
      expect(order).toEqual({ created_by: 'alice@example.com', status: 'open' });
      await erp.cancelSalesOrder(ctx, { orderId: held.orderId, reason: 'test done' });
    });

    it('a command joined to an outer transaction writes its event with that transaction’s id, and a rollback removes both', async () => {
      const before = await fingerprint(db);
      const error = await rejectionOf(
        db.transaction().execute(async (trx) => {
          const inner: Context = { db: trx, actor: 'outer' };
          const adj = await erp.adjustStock(inner, { date: '2025-01-21', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: -1 }] });
          const xid = (await sql<{ x: string }>`select pg_current_xact_id()::text as x`.execute(trx)).rows[0]!.x;
          const events = await trx.selectFrom('core.outbox').selectAll().where('aggregate_id', '=', String(adj.adjustmentId)).where('aggregate_type', '=', 'stock_adjustment').execute();
          expect(events.map((e) => [e.event_type, e.actor, String(e.tx_id)])).toEqual([['stock.adjusted', 'outer', xid]]);
          throw new Error('caller gives up');
        }),
      );
      expect((error as Error).message).toBe('caller gives up');
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);
    });

    it('a transaction refused at commit (unbalanced entry) takes the events of the commands inside it along', async () => {
      const before = await fingerprint(db);
      const error = await rejectionOf(
        db.transaction().execute(async (trx) => {
          await erp.adjustStock({ db: trx, actor: 'outer' }, { date: '2025-01-22', reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: -1 }] });
          await rawEntry(trx, '2025-01-22', [[100, 0], [0, 99]]);
        }),
      );
      expect(String((error as Error).message)).toMatch(/UNBALANCED_ENTRY/);
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);
    });

    it('a command that fails after emitting (payment recorded, then its allocation refused) leaves no event', async () => {
      const { invoice } = await invoicedOrder('2025-01-23', 1);
      expect(invoice.gross).toBe(2_700);
      await expectRejectedWithoutTrace(
        db,
        () => erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-01-24', amount: 10_000, allocations: [{ invoiceId: invoice.invoiceId, amount: 2_701 }] }),
        'EXCEEDS_OPEN_AMOUNT',
        'allocations.0.amount',
      );
      expect(await count('core.outbox', sql`event_type = 'payment.received'`)).toBe(0);
    });
  });

  describe('periods', () => {
    it('a closed period refuses every posting dated in it, from commands and from raw SQL alike', async () => {
      const order = await erp.createSalesOrder(ctx, orderInput('2025-02-10', 4));
      const [line] = await linesOf(order.orderId);
      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-02-11', lines: [{ lineId: line!.id, quantity: 1 }] });
      const { invoiceId } = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-02-11' });
      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-02-12', lines: [{ lineId: line!.id, quantity: 1 }] });
      const februaryBefore = await finance.trialBalance(db, '2025-02-28');

      expect(await finance.closePeriod(ctx, { period: '2025-02' })).toEqual({ period: '2025-02', status: 'closed' });
      const period = await db.selectFrom('finance.periods').selectAll().where('period', '=', '2025-02').executeTakeFirstOrThrow();
      expect(period).toMatchObject({ status: 'closed', closed_by: 'kernel-test' });

      const feb = '2025-02-27';
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: feb }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: feb }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => erp.issueCreditNote(ctx, { invoiceId, date: feb, amount: 100, reason: 'goodwill' }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: feb, amount: 100 }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => erp.adjustStock(ctx, { date: feb, reason: 'count', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: -1 }] }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => finance.postManualJournal(ctx, { date: '2025-02-01', memo: 'late accrual', lines: [{ account: '6200', debit: 10 }, { account: '1100', credit: 10 }] }), 'PERIOD_CLOSED', 'date');
      await expectRejectedWithoutTrace(db, () => finance.closePeriod(ctx, { period: '2025-02' }), 'CONFLICT', 'period');
      // The database refuses it as well, whoever writes.
      const before = await fingerprint(db);
      const raw = await rejectionOf(db.transaction().execute((trx) => rawEntry(trx, '2025-02-15', [[10, 0], [0, 10]])));
      expect(String((raw as Error).message)).toMatch(/PERIOD_CLOSED/);
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);

      // The next month is open: the same documents go through there.
      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-03-01' });
      const march = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-03-01' });
      expect(march.net).toBe(3 * 2_500);
      expect(await finance.trialBalance(db, '2025-02-28')).toEqual(februaryBefore);
    });
  });

  describe('journal', () => {
    const balances = async () => new Map((await finance.trialBalance(db, '2099-12-31')).rows.map((r) => [r.account, r.balance]));
    const delta = (a: Map<string, number>, b: Map<string, number>) =>
      Object.fromEntries([...new Set([...a.keys(), ...b.keys()])].map((k) => [k, (b.get(k) ?? 0) - (a.get(k) ?? 0)]).filter(([, v]) => v !== 0));

    it('posts a balanced manual journal, reverses it exactly once, and restores every balance', async () => {
      const start = await balances();
      const { entryId } = await finance.postManualJournal(ctx, {
        date: '2025-04-05',
        memo: 'accrue rent',
        lines: [{ account: '6200', debit: 12_345 }, { account: '6400', debit: 655 }, { account: '1100', credit: 13_000 }],
      });
      const entry = await db.selectFrom('finance.journal_entries').selectAll().where('id', '=', entryId).executeTakeFirstOrThrow();
      expect(entry).toMatchObject({ source_type: 'manual', period: '2025-04', entry_date: '2025-04-05', memo: 'accrue rent', created_by: 'kernel-test', reversal_of: null });
      expect(delta(start, await balances())).toEqual({ '6200': 12_345, '6400': 655, '1100': -13_000 });
      expect(await count('core.outbox', sql`event_type = 'journal.posted' and aggregate_id = ${String(entryId)}`)).toBe(1);

      const reversal = await finance.reverseJournalEntry(ctx, { entryId, date: '2025-04-30' });
      const mirrored = await db.selectFrom('finance.journal_lines').select(['account_code', 'debit', 'credit']).where('entry_id', '=', reversal.entryId).orderBy('line_no').execute();
      expect(mirrored).toEqual([
        { account_code: '6200', debit: 0, credit: 12_345 },
        { account_code: '6400', debit: 0, credit: 655 },
        { account_code: '1100', debit: 13_000, credit: 0 },
      ]);
      expect(await db.selectFrom('finance.journal_entries').select(['reversal_of', 'source_type']).where('id', '=', reversal.entryId).executeTakeFirstOrThrow())
        .toEqual({ reversal_of: entryId, source_type: 'reversal' });
      expect(delta(start, await balances())).toEqual({});

      await expectRejectedWithoutTrace(db, () => finance.reverseJournalEntry(ctx, { entryId, date: '2025-05-01' }), 'CONFLICT', 'entryId');
      // A reversal cannot itself be reversed (it is refused as a non-manual entry).
      const again = await rejectionOf(finance.reverseJournalEntry(ctx, { entryId: reversal.entryId, date: '2025-05-01' }));
      expect(again).toBeInstanceOf(DomainError);
      expect(['NOT_ALLOWED', 'CONFLICT']).toContain((again as DomainError).code);
      expect(await count('finance.journal_entries', sql`reversal_of = ${reversal.entryId}`)).toBe(0);
      await expectRejectedWithoutTrace(db, () => finance.reverseJournalEntry(ctx, { entryId: 9_999_999, date: '2025-05-01' }), 'NOT_FOUND', 'entryId');
    });

    it('refuses to reverse an entry a document posted', async () => {
      for (const source of ['stock_adjustment', 'delivery', 'customer_invoice']) {
        const entry = await db.selectFrom('finance.journal_entries').select('id').where('source_type', '=', source).orderBy('id').executeTakeFirstOrThrow();
        await expectRejectedWithoutTrace(db, () => finance.reverseJournalEntry(ctx, { entryId: entry.id, date: '2025-04-20' }), 'NOT_ALLOWED', 'entryId');
      }
    });

    it('refuses unbalanced, heading-account and unknown-account manual journals', async () => {
      const j = (lines: { account: string; debit?: number; credit?: number }[]) => () => finance.postManualJournal(ctx, { date: '2025-04-10', memo: 'test', lines });
      await expectRejectedWithoutTrace(db, j([{ account: '6200', debit: 100 }, { account: '1100', credit: 99 }]), 'UNBALANCED_ENTRY', 'lines');
      await expectRejectedWithoutTrace(db, j([{ account: '1000', debit: 100 }, { account: '1100', credit: 100 }]), 'INVALID_INPUT', 'lines.0.account');
      await expectRejectedWithoutTrace(db, j([{ account: '6200', debit: 100 }, { account: '9999', credit: 100 }]), 'NOT_FOUND', 'lines.1.account');
      await expectRejectedWithoutTrace(db, j([{ account: '6200', debit: 100 }]), 'INVALID_INPUT', 'lines');
      await expectRejectedWithoutTrace(db, () => finance.postManualJournal(ctx, { date: '2025-04-10', memo: '  ', lines: [{ account: '6200', debit: 1 }, { account: '1100', credit: 1 }] }), 'INVALID_INPUT', 'memo');
    });

    it('the database refuses an unbalanced entry at commit, even one written raw inside a transaction', async () => {
      const before = await fingerprint(db);
      let linesSeenInside = 0;
      const unbalanced = await rejectionOf(
        db.transaction().execute(async (trx) => {
          const id = await rawEntry(trx, '2025-05-02', [[100, 0], [0, 99]]);
          // the statements themselves pass: the check is deferred to commit
          linesSeenInside = (await sql<{ n: number }>`select count(*)::int as n from finance.journal_lines where entry_id = ${id}`.execute(trx)).rows[0]!.n;
        }),
      );
      expect(linesSeenInside).toBe(2);
      expect(String((unbalanced as Error).message)).toMatch(/UNBALANCED_ENTRY.*debit 100, credit 99/);
      expect(isDomainError(unbalanced)).toBe(false); // raw SQL is not translated; commands translate it
      const single = await rejectionOf(db.transaction().execute((trx) => rawEntry(trx, '2025-05-02', [[0, 0]])));
      expect(String((single as Error).message)).toMatch(/UNBALANCED_ENTRY.*at least two lines/);
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);

      // Balanced by the end of the transaction is what counts.
      const id = await db.transaction().execute(async (trx) => {
        const entryId = await rawEntry(trx, '2025-05-02', [[100, 0], [0, 99]]);
        await sql`insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency) values (${entryId}, 3, '1100', 0, 1, 'USD')`.execute(trx);
        return entryId;
      });
      expect(await count('finance.journal_lines', sql`entry_id = ${id}`)).toBe(3);
    });
  });

  describe('immutability', () => {
    it('refuses raw updates and deletes of posted facts with IMMUTABLE', async () => {
      const { invoice } = await invoicedOrder('2025-06-02', 2);
      await erp.issueCreditNote(ctx, { invoiceId: invoice.invoiceId, date: '2025-06-03', amount: 100, reason: 'scratch' });
      await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-06-04', amount: 500, allocations: [{ invoiceId: invoice.invoiceId, amount: 500 }] });
      const inv = invoice.invoiceId;
      const statements: [string, string][] = [
        ['finance.journal_lines', 'update finance.journal_lines set debit = debit + 1 where id = (select min(id) from finance.journal_lines)'],
        ['finance.journal_lines', 'delete from finance.journal_lines'],
        ['finance.journal_entries', `update finance.journal_entries set memo = 'edited'`],
        ['finance.journal_entries', 'delete from finance.journal_entries'],
        ['erp.stock_moves', 'delete from erp.stock_moves'],
        ['erp.stock_moves', 'update erp.stock_moves set quantity = quantity * 2'],
        ['erp.customer_invoices', `update erp.customer_invoices set gross_amount = gross_amount + 1, net_amount = net_amount + 1 where id = ${inv}`],
        ['erp.customer_invoices', `update erp.customer_invoices set invoice_date = invoice_date - 1 where id = ${inv}`],
        ['erp.customer_invoices', `delete from erp.customer_invoices where id = ${inv}`],
        ['erp.customer_invoice_lines', `update erp.customer_invoice_lines set net_amount = 0 where invoice_id = ${inv}`],
        ['erp.customer_payments', 'update erp.customer_payments set amount = amount + 1'],
        ['erp.payment_allocations', 'delete from erp.payment_allocations'],
        ['erp.credit_notes', 'update erp.credit_notes set gross_amount = 1'],
        ['erp.deliveries', 'update erp.deliveries set cost_amount = 0'],
        ['erp.delivery_lines', 'delete from erp.delivery_lines'],
        ['core.outbox', `update core.outbox set actor = 'mallory'`],
        ['core.outbox', 'delete from core.outbox'],
      ];
      const before = await fingerprint(db);
      for (const [table, statement] of statements) {
        expect(await count(table), `${table} must have rows for this check to mean anything`).toBeGreaterThan(0);
        const error = await rejectionOf(sql.raw(statement).execute(db));
        expect(String((error as Error).message), statement).toMatch(/IMMUTABLE/);
      }
      expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);

      // Only the open amounts of a posted invoice may move (that is how settlement works).
      const moved = await rejectionOf(
        db.transaction().execute(async (trx) => {
          await sql`update erp.customer_invoices set open_amount = open_amount - 1, open_functional = open_functional - 1 where id = ${inv}`.execute(trx);
          throw new Error('roll back');
        }),
      );
      expect((moved as Error).message).toBe('roll back');
    });
  });

  describe('document limits', () => {
    it('deliveries cannot exceed the order, invoices cannot exceed deliveries', async () => {
      const order = await erp.createSalesOrder(ctx, orderInput('2025-07-01', 3));
      const [line] = await linesOf(order.orderId);
      await expectRejectedWithoutTrace(db, () => erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-01' }), 'NOTHING_TO_INVOICE', 'orderId');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-02', lines: [{ lineId: line!.id, quantity: 4 }] }), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-06-30' }), 'INVALID_INPUT', 'date');
      await expectRejectedWithoutTrace(
        db,
        () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-02', lines: [{ lineId: line!.id, quantity: 1 }, { lineId: line!.id, quantity: 1 }] }),
        'INVALID_INPUT',
        'lines',
      );

      const d1 = await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-02', lines: [{ lineId: line!.id, quantity: 2 }] });
      expect(d1).toMatchObject({ quantity: 2 });
      await expectRejectedWithoutTrace(db, () => erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-01' }), 'INVALID_INPUT', 'date');
      const i1 = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-02' });
      expect(i1).toMatchObject({ net: 5_000, tax: 400, gross: 5_400 });
      await expectRejectedWithoutTrace(db, () => erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-03' }), 'NOTHING_TO_INVOICE', 'orderId');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-03', lines: [{ lineId: line!.id, quantity: 2 }] }), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');

      await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-03' });
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-03' }), 'NOTHING_TO_DELIVER', 'orderId');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-03', lines: [{ lineId: line!.id, quantity: 1 }] }), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
      const i2 = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-04' });
      expect(i1.net + i2.net).toBe(order.net);
      expect(i1.tax + i2.tax).toBe(order.tax);
      const [done] = await linesOf(order.orderId);
      expect(done).toMatchObject({ delivered_qty: 3, invoiced_qty: 3, reserved_qty: 0, invoiced_net: order.net });
      expect((await db.selectFrom('erp.sales_orders').select('status').where('id', '=', order.orderId).executeTakeFirstOrThrow()).status).toBe('closed');
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2025-07-05' }), 'NOT_ALLOWED', 'orderId');
      await expectRejectedWithoutTrace(db, () => erp.cancelSalesOrder(ctx, { orderId: order.orderId, reason: 'too late' }), 'CONFLICT', 'orderId');
    });

    it('delivering more than is reserved tops up from free stock, or is refused with INSUFFICIENT_STOCK', async () => {
      const onHand = (await erp.stockPosition(db, co.items.scarce, co.warehouseId)).onHand;
      const greedy = await erp.createSalesOrder(ctx, { ...orderInput('2025-07-10', onHand + 3, co.items.scarce), customerId: co.eurCustomerId });
      expect(greedy).toMatchObject({ reserved: onHand, backordered: 3 });
      const [line] = await linesOf(greedy.orderId);
      await expectRejectedWithoutTrace(db, () => erp.deliverSalesOrder(ctx, { orderId: greedy.orderId, date: '2025-07-10', lines: [{ lineId: line!.id, quantity: onHand + 1 }] }), 'INSUFFICIENT_STOCK', 'lines.0.quantity');
      await expectRejectedWithoutTrace(db, () => erp.adjustStock(ctx, { date: '2025-07-10', reason: 'damage', lines: [{ itemId: co.items.scarce, warehouseId: co.warehouseId, quantity: -1 }] }), 'INSUFFICIENT_STOCK', 'lines.0.quantity');
      await erp.adjustStock(ctx, { date: '2025-07-11', reason: 'found', lines: [{ itemId: co.items.scarce, warehouseId: co.warehouseId, quantity: 2, unitCost: 20_000 }] });
      const d = await erp.deliverSalesOrder(ctx, { orderId: greedy.orderId, date: '2025-07-11', lines: [{ lineId: line!.id, quantity: onHand + 1 }] });
      expect(d.quantity).toBe(onHand + 1);
      expect(await erp.stockPosition(db, co.items.scarce, co.warehouseId)).toMatchObject({ onHand: 1, reserved: 0 });
      expect((await linesOf(greedy.orderId))[0]).toMatchObject({ delivered_qty: onHand + 1, reserved_qty: 0 });
      await erp.cancelSalesOrder(ctx, { orderId: greedy.orderId, reason: 'rest not needed' });
      await erp.invoiceSalesOrder(ctx, { orderId: greedy.orderId, date: '2025-07-12' });
    });

    it('payments cannot be allocated beyond the open amount of the invoice or of the payment', async () => {
      const { invoice } = await invoicedOrder('2025-08-01', 2);
      const gross = invoice.gross;
      const pay = (amount: number, allocation: number) => () =>
        erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-08-02', amount, allocations: [{ invoiceId: invoice.invoiceId, amount: allocation }] });
      await expectRejectedWithoutTrace(db, pay(gross + 100, gross + 1), 'EXCEEDS_OPEN_AMOUNT', 'allocations.0.amount');
      await expectRejectedWithoutTrace(db, pay(50, 60), 'EXCEEDS_OPEN_AMOUNT', 'allocations.0.amount');
      await expectRejectedWithoutTrace(db, pay(100, 99_999_999), 'EXCEEDS_OPEN_AMOUNT', 'allocations.0.amount');

      const p = await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-08-02', amount: gross, allocations: [{ invoiceId: invoice.invoiceId, amount: gross - 10 }] });
      expect(p).toMatchObject({ allocated: gross - 10, unallocated: 10 });
      await expectRejectedWithoutTrace(db, () => erp.allocateCustomerPayment(ctx, { paymentId: p.paymentId, date: '2025-08-03', allocations: [{ invoiceId: invoice.invoiceId, amount: 11 }] }), 'EXCEEDS_OPEN_AMOUNT', 'allocations.0.amount');
      const rest = await erp.allocateCustomerPayment(ctx, { paymentId: p.paymentId, date: '2025-08-03', allocations: [{ invoiceId: invoice.invoiceId, amount: 10 }] });
      expect(rest.allocated).toBe(10);
      const settled = await db.selectFrom('erp.customer_invoices').select(['open_amount', 'open_functional']).where('id', '=', invoice.invoiceId).executeTakeFirstOrThrow();
      expect(settled).toEqual({ open_amount: 0, open_functional: 0 });
      // A settled invoice is no longer open to anything.
      await expectRejectedWithoutTrace(db, pay(5, 5), 'NOT_FOUND', 'allocations.0.invoiceId');
      await expectRejectedWithoutTrace(db, () => erp.allocateCustomerPayment(ctx, { paymentId: p.paymentId, date: '2025-08-04', allocations: [{ invoiceId: invoice.invoiceId, amount: 1 }] }), 'NOT_FOUND', 'allocations.0.invoiceId');
    });

    it('a credit note cannot exceed the invoice’s open amount', async () => {
      const { invoice } = await invoicedOrder('2025-08-10', 1);
      const note = (amount: number, date = '2025-08-11') => () => erp.issueCreditNote(ctx, { invoiceId: invoice.invoiceId, date, amount, reason: 'goodwill' });
      await expectRejectedWithoutTrace(db, note(invoice.gross + 1), 'EXCEEDS_OPEN_AMOUNT', 'amount');
      await expectRejectedWithoutTrace(db, note(100, '2025-08-09'), 'INVALID_INPUT', 'date');
      await expectRejectedWithoutTrace(db, () => erp.issueCreditNote(ctx, { invoiceId: 9_999_999, date: '2025-08-11', amount: 1, reason: 'x' }), 'NOT_FOUND', 'invoiceId');
      await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2025-08-11', amount: 700, allocations: [{ invoiceId: invoice.invoiceId, amount: 700 }] });
      const open = invoice.gross - 700;
      await expectRejectedWithoutTrace(db, note(open + 1), 'EXCEEDS_OPEN_AMOUNT', 'amount');
      const cn = await note(open)();
      expect(cn).toMatchObject({ gross: open, grossFunctional: open });
      expect(cn.net + cn.tax).toBe(open);
      expect(await db.selectFrom('erp.customer_invoices').select('open_amount').where('id', '=', invoice.invoiceId).executeTakeFirstOrThrow()).toEqual({ open_amount: 0 });
      await expectRejectedWithoutTrace(db, note(1), 'EXCEEDS_OPEN_AMOUNT', 'amount');
    });

    it('a supplier that is not approved cannot be sent a purchase order', async () => {
      const { supplierId } = await scm.registerSupplier(ctx, { legalName: 'Shady Ltd', taxId: 'US-SHADY-1', region: 'NA', status: 'approved' });
      const po = () => scm.createPurchaseOrder(ctx, { supplierId, warehouseId: co.warehouseId, date: '2025-09-01', expectedDate: '2025-09-10', lines: [{ itemId: co.items.widget, quantity: 5, unitPrice: 900 }] });
      const first = await po();
      expect(first).toMatchObject({ net: 4_500, currency: 'USD' });
      await scm.changeSupplierStatus(ctx, { supplierId, status: 'blocked', reason: 'failed audit' });
      await expectRejectedWithoutTrace(db, po, 'SUPPLIER_BLOCKED', 'supplierId');
      await expectRejectedWithoutTrace(db, () => scm.changeSupplierStatus(ctx, { supplierId, status: 'blocked', reason: 'again' }), 'CONFLICT', 'status');
      await expectRejectedWithoutTrace(db, () => scm.changeSupplierStatus(ctx, { supplierId, status: 'approved', reason: 'no manager' }), 'NOT_ALLOWED', 'managerId');
      const { employeeId: managerId } = await people.hireEmployee(ctx, { code: 'KMGR', name: 'Kim Manager', role: 'manager' });
      await scm.changeSupplierStatus(ctx, { supplierId, status: 'approved', reason: 'reinstated', managerId });
      await scm.changeSupplierStatus(ctx, { supplierId, status: 'suspended', reason: 'under review' });
      await expectRejectedWithoutTrace(db, po, 'SUPPLIER_NOT_APPROVED', 'supplierId');
      const prospect = await scm.registerSupplier(ctx, { legalName: 'New Co', taxId: 'US-NEW-1', region: 'NA' });
      await expectRejectedWithoutTrace(
        db,
        () => scm.createPurchaseOrder(ctx, { supplierId: prospect.supplierId, warehouseId: co.warehouseId, date: '2025-09-01', expectedDate: '2025-09-10', lines: [{ itemId: co.items.widget, quantity: 1, unitPrice: 1 }] }),
        'SUPPLIER_NOT_APPROVED',
        'supplierId',
      );
      await scm.changeSupplierStatus(ctx, { supplierId, status: 'approved', reason: 'cleared' });
      expect((await po()).purchaseOrderId).toBeGreaterThan(first.purchaseOrderId);
    });
  });
});

/**
 * Regressions for defects found by these tests: amounts past the exact integer range and
 * manual postings to control accounts. Their own database, so a regression cannot leave
 * unreadable rows behind for the other tests.
 */
describe('kernel: amounts out of range and control accounts', () => {
  let database: TestDatabase;
  let co: TestCompany;
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'defects' });
  });
  afterAll(() => database?.drop());

  async function expectInvalidInput(run: () => Promise<unknown>) {
    const error = await rejectionOf(run());
    expect(error, `${(error as Error).name}: ${(error as Error).message}`).toBeInstanceOf(DomainError);
    expect((error as DomainError).code).toBe('INVALID_INPUT');
  }

  // quantity × unit price is checked (extendedAmount) instead of overflowing into a RangeError.
  it('createSalesOrder refuses a line amount beyond the exact integer range with INVALID_INPUT, not a RangeError', async () => {
    await expectInvalidInput(() =>
      erp.createSalesOrder(co.ctx, { customerId: co.customerId, date: '2024-02-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 1e12, unitPrice: 1e6 }] }),
    );
  });

  // An order value above the limit would be written but could never be read back (parseInt8).
  it('createPurchaseOrder refuses an order value beyond the exact integer range instead of writing an unreadable order', async () => {
    await expectInvalidInput(() =>
      scm.createPurchaseOrder(co.ctx, { supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-02-01', expectedDate: '2024-02-02', lines: [{ itemId: co.items.gadget, quantity: 1_000_000, unitPrice: 10_000_000_000 }] }),
    );
  });

  // A stock value above the limit would make every later command touching the item fail.
  it('adjustStock refuses a stock value beyond the exact integer range', async () => {
    const { itemId } = await erp.createItem(co.ctx, { sku: 'HUGE-1', name: 'Huge', category: 'HW', procurement: 'buy', listPrice: 1, standardCost: 1 });
    await expectInvalidInput(() =>
      erp.adjustStock(co.ctx, { date: '2024-02-01', reason: 'count', lines: [{ itemId, warehouseId: co.warehouseId, quantity: 1_000_000, unitCost: 10_000_000_000 }] }),
    );
  });

  // Control accounts (receivables, inventory, payables, GRNI) move only with their documents,
  // or verify() would find them apart from their subledgers.
  it('postManualJournal refuses to post to a control account, so verify stays clean', async () => {
    const before = await fingerprint(co.ctx.db);
    const error = await rejectionOf(
      finance.postManualJournal(co.ctx, { date: '2024-02-01', memo: 'write off', lines: [{ account: '1200', debit: 100 }, { account: '1100', credit: 100 }] }),
    );
    expect(error).toBeInstanceOf(DomainError);
    expect(fingerprintDiff(before, await fingerprint(co.ctx.db))).toEqual([]);
    expect((await verify(co.ctx.db)).breaches).toEqual([]);
  });
});

/** Writes a journal entry and its lines with plain SQL (no command), for the database's own checks. */
async function rawEntry(db: Kysely<DB>, date: string, lines: [debit: number, credit: number][]): Promise<number> {
  const period = date.slice(0, 7);
  await sql`insert into finance.periods (period) values (${period}) on conflict do nothing`.execute(db);
  const { rows } = await sql<{ id: number }>`
    insert into finance.journal_entries (entry_no, entry_date, period, source_type, memo, created_by)
    values ('RAW-' || nextval('finance.journal_entry_no'), ${date}, ${period}, 'manual', 'raw', 'raw-sql') returning id::int as id`.execute(db);
  const id = rows[0]!.id;
  for (const [i, [debit, credit]] of lines.entries()) {
    await sql`insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency)
              values (${id}, ${i + 1}, ${i % 2 === 0 ? '6400' : '1100'}, ${debit}, ${credit}, 'USD')`.execute(db);
  }
  return id;
}
