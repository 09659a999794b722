import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import fc from 'fast-check';
import { approvals, core, crm, erp, finance, people, verify, type Context } from '../domain/index.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace } from './support/fingerprint.js';
import { sharedSource } from './support/source.js';
import { approvalsCommand } from '../cli/commands/approvals.js';
import { serviceCommand } from '../cli/commands/service.js';
import type { Subcommand } from '../cli/subcommand.js';
import { simulate } from '../domain/simulate/index.js';
import { afterSalesTruth, setUpAfterSales } from '../domain/simulate/after-sales.js';
import { newTally } from '../domain/simulate/tally.js';

/** Sells, delivers and invoices one line; returns the ids a return needs. */
async function sell(ctx: Context, co: TestCompany, customerId: number, itemId: number, quantity: number, date: string, invoice = true) {
  const order = await erp.createSalesOrder(ctx, { customerId, date, warehouseId: co.warehouseId, lines: [{ itemId, quantity }] });
  const delivery = await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date });
  const line = await ctx.db.selectFrom('erp.delivery_lines').select('id').where('delivery_id', '=', delivery.deliveryId).executeTakeFirstOrThrow();
  const inv = invoice ? await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date }) : undefined;
  return { orderId: order.orderId, deliveryId: delivery.deliveryId, deliveryLineId: line.id, invoiceId: inv?.invoiceId ?? 0, gross: inv?.gross ?? 0 };
}

async function balances(ctx: Context): Promise<(code: string) => number> {
  const tb = await finance.trialBalance(ctx.db, '2099-12-31');
  expect(tb.balanced).toBe(true);
  return (code: string) => tb.rows.find((r) => r.account === code)?.balance ?? 0;
}

async function invoiceOpen(ctx: Context, invoiceId: number) {
  return (await ctx.db.selectFrom('erp.customer_invoices').select(['open_amount']).where('id', '=', invoiceId).executeTakeFirstOrThrow()).open_amount;
}

describe('returns (RMA)', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let ctx: Context;
  let managerId: number;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    ctx = co.ctx;
    managerId = (await people.hireEmployee(ctx, { code: 'SM1', name: 'Sales Manager', role: 'sales_manager' })).employeeId;
    await approvals.setApprovalRule(ctx, { documentType: 'return', minAmount: 100_000, steps: [{ role: 'sales_manager' }] });
    // Enough widgets for every sale below, at the opening cost, so the moving average stays 1,000.
    await erp.adjustStock(ctx, { date: '2024-01-02', reason: 'top-up', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 2_000, unitCost: 1_000 }] });
  });
  afterAll(() => database.drop());

  it('restocks returned goods at the cost they left at and credits the open invoice', async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.widget, 10, '2024-02-01');
    const before = await balances(ctx);
    const stockBefore = await erp.stockPosition(ctx.db, co.items.widget, co.warehouseId);
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-02-05', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 3, reason: 'wrong size' }] });
    expect(ret).toMatchObject({ status: 'approved', valueFunctional: 7_500 }); // below the rule's band: approved at once
    const received = await crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-02-06' });
    expect(received).toMatchObject({ status: 'completed', restockedCost: 3_000, scrappedCost: 0, credited: 8_100, refunded: 0, refundIds: [] });
    expect(await erp.stockPosition(ctx.db, co.items.widget, co.warehouseId)).toEqual({ onHand: stockBefore.onHand + 3, reserved: stockBefore.reserved, value: stockBefore.value + 3_000 });
    expect(await invoiceOpen(ctx, sale.invoiceId)).toBe(sale.gross - 8_100);
    const after = await balances(ctx);
    expect(after('4100') - before('4100')).toBe(7_500); // revenue taken back
    expect(after('2200') - before('2200')).toBe(600); // and its tax
    expect(after('1200') - before('1200')).toBe(-8_100); // receivables
    expect(after('1300') - before('1300')).toBe(3_000); // inventory back
    expect(after('5100') - before('5100')).toBe(-3_000); // cost of goods sold undone
    const [record] = await crm.returnsForCustomer(ctx.db, co.customerId);
    expect(record).toMatchObject({ returnNo: ret.returnNo, status: 'completed', creditedAmount: 8_100, lines: [{ quantity: 3, reason: 'wrong size', restocked: 3, scrapped: 0 }] });
    expect((await verify(ctx.db)).breaches).toEqual([]);
    await expect(crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-02-07' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('never lets returns exceed what was delivered and not yet returned', async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.widget, 10, '2024-02-10');
    const request = (quantity: number) => crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-02-11', lines: [{ deliveryLineId: sale.deliveryLineId, quantity, reason: 'damaged' }] });
    await expectRejectedWithoutTrace(ctx.db, () => request(11), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
    const first = await request(7);
    await expectRejectedWithoutTrace(ctx.db, () => request(4), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
    await request(3);
    await expectRejectedWithoutTrace(ctx.db, () => request(1), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
    // A cancelled return gives its quantity back.
    await crm.cancelReturn(ctx, { returnId: first.returnId, date: '2024-02-12', reason: 'customer kept them' });
    await expect(crm.cancelReturn(ctx, { returnId: first.returnId, date: '2024-02-12', reason: 'again' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await request(7)).toMatchObject({ status: 'approved' });
    // The database refuses it too, whoever writes.
    await expect(sql`update crm.returnable_quantities set returned_qty = returned_qty + 1 where line_kind = 'delivery' and line_id = ${sale.deliveryLineId}`.execute(ctx.db))
      .rejects.toThrow(/LEDGERLOOP:EXCEEDS_OPEN_QUANTITY/);
    await expect(sql`update crm.return_lines set quantity = 1 where return_id = ${first.returnId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('refuses goods not yet invoiced, a line of another delivery, and a date before the delivery', async () => {
    const unbilled = await sell(ctx, co, co.customerId, co.items.widget, 2, '2024-02-15', false);
    await expectRejectedWithoutTrace(ctx.db, () => crm.requestReturn(ctx, { deliveryId: unbilled.deliveryId, date: '2024-02-16', lines: [{ deliveryLineId: unbilled.deliveryLineId, quantity: 1, reason: 'x' }] }), 'NOT_INVOICED', 'lines.0.deliveryLineId');
    const other = await sell(ctx, co, co.customerId, co.items.widget, 2, '2024-02-15');
    await expectRejectedWithoutTrace(ctx.db, () => crm.requestReturn(ctx, { deliveryId: other.deliveryId, date: '2024-02-16', lines: [{ deliveryLineId: unbilled.deliveryLineId, quantity: 1, reason: 'x' }] }), 'NOT_FOUND', 'lines.0.deliveryLineId');
    await expectRejectedWithoutTrace(ctx.db, () => crm.requestReturn(ctx, { deliveryId: other.deliveryId, date: '2024-02-14', lines: [{ deliveryLineId: other.deliveryLineId, quantity: 1, reason: 'x' }] }), 'INVALID_INPUT', 'date');
    await erp.invoiceSalesOrder(ctx, { orderId: unbilled.orderId, date: '2024-02-16' });
    expect(await crm.requestReturn(ctx, { deliveryId: unbilled.deliveryId, date: '2024-02-16', lines: [{ deliveryLineId: unbilled.deliveryLineId, quantity: 2, reason: 'x' }] })).toMatchObject({ status: 'approved' });
  });

  it('scraps goods after inspection and refunds a paid invoice', async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.gadget, 2, '2024-03-01');
    await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2024-03-10', amount: sale.gross, allocations: [{ invoiceId: sale.invoiceId, amount: sale.gross }] });
    const before = await balances(ctx);
    const stockBefore = await erp.stockPosition(ctx.db, co.items.gadget, co.warehouseId);
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-03-12', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 1, reason: 'dead on arrival' }] });
    const [line] = await ctx.db.selectFrom('crm.return_lines').select('id').where('return_id', '=', ret.returnId).execute();
    await expectRejectedWithoutTrace(ctx.db, () => crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-03-14', lines: [{ returnLineId: line!.id, restock: 1, scrap: 1 }] }), 'INVALID_INPUT', 'lines.0');
    const received = await crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-03-14', lines: [{ returnLineId: line!.id, restock: 0, scrap: 1, note: 'burnt board' }] });
    expect(received).toMatchObject({ restockedCost: 0, scrappedCost: 4_000, credited: 0, refunded: 9_999 + 800, creditNoteIds: [] });
    expect(received.refundIds).toHaveLength(1);
    expect(await erp.stockPosition(ctx.db, co.items.gadget, co.warehouseId)).toEqual(stockBefore);
    const after = await balances(ctx);
    expect(after('1100') - before('1100')).toBe(-10_799); // paid back from the bank
    expect(after('1200') - before('1200')).toBe(0); // receivables untouched: the invoice was settled
    expect(after('4100') - before('4100')).toBe(9_999);
    expect(after('5300') - before('5300')).toBe(4_000); // written off
    expect(after('5100') - before('5100')).toBe(-4_000);
    expect(await invoiceOpen(ctx, sale.invoiceId)).toBe(0);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('credits the open part of a part-paid invoice and refunds the rest', async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.widget, 4, '2024-03-20'); // 10,000 + 800 tax
    await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date: '2024-03-25', amount: 5_000, allocations: [{ invoiceId: sale.invoiceId, amount: 5_000 }] });
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-03-26', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 4, reason: 'order cancelled' }] });
    expect(await crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-03-27' })).toMatchObject({ credited: 5_800, refunded: 5_000 });
    expect(await invoiceOpen(ctx, sale.invoiceId)).toBe(0);
    const refunds = await sql<{ amount: number; net_amount: number; tax_amount: number }>`select amount, net_amount, tax_amount from erp.customer_refunds where invoice_id = ${sale.invoiceId}`.execute(ctx.db);
    const notes = await sql<{ net_amount: number; tax_amount: number }>`select net_amount, tax_amount from erp.credit_notes where invoice_id = ${sale.invoiceId}`.execute(ctx.db);
    expect(refunds.rows[0]!.net_amount + notes.rows[0]!.net_amount).toBe(10_000); // parts sum to the goods' net
    expect(refunds.rows[0]!.tax_amount + notes.rows[0]!.tax_amount).toBe(800);
    expect((await verify(ctx.db)).breaches).toEqual([]);
    await expect(sql`delete from erp.customer_refunds`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
  });

  it('values partial returns so that the parts of a line sum to the line', async () => {
    // 3 units at 3,333 each with a 7-unit line of odd cost: three returns of 1, 1 and 1 must credit exactly the invoice.
    const order = await erp.createSalesOrder(ctx, { customerId: co.customerId, date: '2024-04-01', warehouseId: co.warehouseId, lines: [{ itemId: co.items.widget, quantity: 3, unitPrice: 3_333, discountBp: 333 }] });
    const delivery = await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-04-01' });
    const invoice = await erp.invoiceSalesOrder(ctx, { orderId: order.orderId, date: '2024-04-01' });
    const line = await ctx.db.selectFrom('erp.delivery_lines').select(['id', 'cost_amount']).where('delivery_id', '=', delivery.deliveryId).executeTakeFirstOrThrow();
    let credited = 0;
    let restocked = 0;
    for (let k = 0; k < 3; k++) {
      const ret = await crm.requestReturn(ctx, { deliveryId: delivery.deliveryId, date: '2024-04-02', lines: [{ deliveryLineId: line.id, quantity: 1, reason: 'one at a time' }] });
      const r = await crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-04-03' });
      credited += r.credited;
      restocked += r.restockedCost;
    }
    expect(credited).toBe(invoice.gross);
    expect(restocked).toBe(line.cost_amount);
    expect(await invoiceOpen(ctx, invoice.invoiceId)).toBe(0);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('waits for approval above the rule\'s amount; a rejection gives the quantity back', async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.scarce, 3, '2024-04-10');
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-04-11', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 2, reason: 'not as described' }] });
    expect(ret).toMatchObject({ status: 'requested', valueFunctional: 100_000, nextRole: 'sales_manager' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-04-12' }), 'APPROVAL_PENDING', 'returnId');
    expect(await crm.openReturns(ctx.db, 'requested')).toContainEqual(expect.objectContaining({ returnId: ret.returnId }));
    await approvals.decide(ctx, { requestId: ret.approvalRequestId, approverId: managerId, decision: 'reject', comment: 'outside the return window', date: '2024-04-12' });
    expect((await crm.returnsForCustomer(ctx.db, co.customerId)).find((r) => r.returnId === ret.returnId)).toMatchObject({ status: 'rejected' });
    await expect(crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-04-12' })).rejects.toMatchObject({ code: 'CONFLICT' });

    const again = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-04-13', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 3, reason: 'not as described' }] });
    expect(again.status).toBe('requested');
    await approvals.decide(ctx, { requestId: again.approvalRequestId, approverId: managerId, decision: 'approve', date: '2024-04-13' });
    expect((await crm.openReturns(ctx.db, 'approved')).map((r) => r.returnId)).toContain(again.returnId);
    expect(await crm.receiveReturn(ctx, { returnId: again.returnId, date: '2024-04-14' })).toMatchObject({ restockedCost: 60_000, credited: 162_000 });
    expect(await approvals.approvalHistory(ctx.db, 'return', again.returnId)).toEqual([expect.objectContaining({ status: 'approved', decisions: [expect.objectContaining({ approverId: managerId })] })]);
    // A cancelled request leaves the approvers' lists.
    const third = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-04-15', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 3, reason: 'changed mind' }] }).catch((e: unknown) => e);
    expect(third).toMatchObject({ code: 'EXCEEDS_OPEN_QUANTITY' }); // all three are back already
    const sale2 = await sell(ctx, co, co.customerId, co.items.scarce, 2, '2024-04-15');
    const pending = await crm.requestReturn(ctx, { deliveryId: sale2.deliveryId, date: '2024-04-16', lines: [{ deliveryLineId: sale2.deliveryLineId, quantity: 2, reason: 'changed mind' }] });
    expect((await approvals.pendingApprovals(ctx.db)).map((p) => p.requestId)).toContain(pending.approvalRequestId);
    await crm.cancelReturn(ctx, { returnId: pending.returnId, date: '2024-04-17', reason: 'customer keeps them' });
    expect((await approvals.pendingApprovals(ctx.db)).map((p) => p.requestId)).not.toContain(pending.approvalRequestId);
    expect(await approvals.approvalHistory(ctx.db, 'return', pending.returnId)).toEqual([expect.objectContaining({ status: 'superseded', reason: 'withdrawn' })]);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it(`lets concurrent requests take no more than was delivered (${onServer ? 'server' : 'embedded'})`, async () => {
    const sale = await sell(ctx, co, co.customerId, co.items.widget, 10, '2024-05-01');
    const results = await Promise.allSettled(Array.from({ length: 8 }, () =>
      crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-05-02', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 3, reason: 'race' }] })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(3);
    for (const r of results) if (r.status === 'rejected') expect(r.reason).toMatchObject({ code: 'EXCEEDS_OPEN_QUANTITY' });
    const { rows } = await sql<{ q: number }>`select coalesce(sum(l.quantity), 0)::int as q from crm.return_lines l where l.delivery_line_id = ${sale.deliveryLineId}`.execute(ctx.db);
    expect(rows[0]!.q).toBe(9);
  });

  it('keeps every invariant through random sequences of requests, cancellations and receipts', async () => {
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(
          fc.record({ kind: fc.constant('request' as const), quantity: fc.integer({ min: 1, max: 4 }) }),
          fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
          fc.record({ kind: fc.constant('receive' as const), pick: fc.nat(), scrapShare: fc.integer({ min: 0, max: 100 }) }),
          fc.record({ kind: fc.constant('pay' as const), share: fc.integer({ min: 1, max: 100 }) }),
        ), { minLength: 1, maxLength: 8 }),
        async (steps) => {
          const date = `2024-06-${String(1 + (day++ % 28)).padStart(2, '0')}`;
          const sale = await sell(ctx, co, co.customerId, co.items.widget, 6, date);
          const open: number[] = [];
          for (const step of steps) {
            if (step.kind === 'request') {
              const r = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date, lines: [{ deliveryLineId: sale.deliveryLineId, quantity: step.quantity, reason: 'p' }] })
                .catch((error: unknown) => error);
              if (r && typeof r === 'object' && 'returnId' in r) open.push((r as { returnId: number }).returnId);
              else expect(r).toMatchObject({ code: 'EXCEEDS_OPEN_QUANTITY' });
            } else if (step.kind === 'pay') {
              const owed = await invoiceOpen(ctx, sale.invoiceId);
              const amount = Math.ceil((owed * step.share) / 100);
              if (amount > 0) await erp.recordCustomerPayment(ctx, { customerId: co.customerId, date, amount, allocations: [{ invoiceId: sale.invoiceId, amount }] });
            } else if (open.length > 0) {
              const [returnId] = open.splice(step.pick % open.length, 1);
              if (step.kind === 'cancel') await crm.cancelReturn(ctx, { returnId: returnId!, date, reason: 'p' });
              else {
                const lines = await ctx.db.selectFrom('crm.return_lines').select(['id', 'quantity']).where('return_id', '=', returnId!).execute();
                const scrap = Math.floor((lines[0]!.quantity * step.scrapShare) / 100);
                await crm.receiveReturn(ctx, { returnId: returnId!, date, lines: [{ returnLineId: lines[0]!.id, restock: lines[0]!.quantity - scrap, scrap }] });
              }
            }
          }
          const { rows } = await sql<{ active: number; counter: number }>`
            select (select coalesce(sum(l.quantity), 0) from crm.return_lines l join crm.returns r on r.id = l.return_id
                     where l.delivery_line_id = ${sale.deliveryLineId} and r.status not in ('rejected', 'cancelled'))::int as active,
                   (select returned_qty from crm.returnable_quantities where line_kind = 'delivery' and line_id = ${sale.deliveryLineId})::int as counter`.execute(ctx.db);
          expect(rows[0]!.active).toBeLessThanOrEqual(6);
          expect(rows[0]!.counter ?? 0).toBe(rows[0]!.active);
          expect((await verify(ctx.db)).breaches).toEqual([]);
        },
      ),
      { numRuns: 12, seed: 4242 },
    );
  });

  it('refunds a foreign-currency invoice at today\'s rate and books the exchange difference', async () => {
    const sale = await sell(ctx, co, co.eurCustomerId, co.items.widget, 5, '2024-07-01'); // €115.00 + 20% = €138.00 at 1.10
    await erp.recordCustomerPayment(ctx, { customerId: co.eurCustomerId, date: '2024-07-05', amount: sale.gross, allocations: [{ invoiceId: sale.invoiceId, amount: sale.gross }] });
    await core.setExchangeRate(ctx, { currency: 'EUR', date: '2024-07-10', rate: '1.20' });
    const before = await balances(ctx);
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-07-11', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 2, reason: 'surplus' }] });
    expect(ret.valueFunctional).toBe(5_060); // €46.00 net at the invoice's 1.10
    expect(await crm.receiveReturn(ctx, { returnId: ret.returnId, date: '2024-07-12' })).toMatchObject({ credited: 0, refunded: 5_520 });
    const after = await balances(ctx);
    expect(after('1100') - before('1100')).toBe(-6_624); // €55.20 at 1.20
    expect(after('4100') - before('4100')).toBe(5_060); // revenue back at the invoice's rate
    expect(after('2200') - before('2200')).toBe(1_012);
    expect(after('6900') - before('6900')).toBe(552); // the realised exchange loss
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});

describe('service work orders', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let ctx: Context;
  let techId: number;
  let sale: Awaited<ReturnType<typeof sell>>;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    ctx = co.ctx;
    techId = (await people.hireEmployee(ctx, { code: 'T1', name: 'Tech One', role: 'technician' })).employeeId;
    await crm.setSlaTarget(ctx, { ticketType: 'installation', priority: 'normal', responseDays: 1, resolutionDays: 5 });
    await crm.setSlaTarget(ctx, { ticketType: 'repair', priority: 'high', responseDays: 0, resolutionDays: 2 });
    sale = await sell(ctx, co, co.customerId, co.items.gadget, 1, '2024-03-28');
  });
  afterAll(() => database.drop());

  it('opens a ticket with its due dates from the SLA targets, or refuses without a target', async () => {
    await expectRejectedWithoutTrace(ctx.db, () => crm.openTicket(ctx, { customerId: co.customerId, type: 'demonstration', priority: 'low', subject: 'demo', date: '2024-04-01' }), 'NOT_CONFIGURED', 'priority');
    await expectRejectedWithoutTrace(ctx.db, () => crm.openTicket(ctx, { customerId: co.eurCustomerId, type: 'installation', deliveryId: sale.deliveryId, subject: 'install', date: '2024-04-01' }), 'NOT_FOUND', 'deliveryId');
    await expect(crm.setSlaTarget(ctx, { ticketType: 'repair', priority: 'low', responseDays: 5, resolutionDays: 4 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'resolutionDays' });
    const t = await crm.openTicket(ctx, { customerId: co.customerId, type: 'installation', itemId: co.items.gadget, deliveryId: sale.deliveryId, subject: 'install the gadget', date: '2024-04-01' });
    expect(t).toMatchObject({ ticketNo: expect.stringMatching(/^SRV-/), responseDue: '2024-04-02', resolutionDue: '2024-04-06' });
  });

  it('walks a ticket through its states, records the response breach and the satisfaction score', async () => {
    const { ticketId } = await crm.openTicket(ctx, { customerId: co.customerId, type: 'installation', subject: 'second install', date: '2024-04-01' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.assignTicket(ctx, { ticketId, technicianId: co.repId, date: '2024-04-01' }), 'NOT_ALLOWED', 'technicianId');
    await expectRejectedWithoutTrace(ctx.db, () => crm.startTicketWork(ctx, { ticketId, date: '2024-04-01' }), 'NOT_ALLOWED', 'ticketId');
    await crm.assignTicket(ctx, { ticketId, technicianId: techId, date: '2024-04-01' });
    await expectRejectedWithoutTrace(ctx.db, () => crm.startTicketWork(ctx, { ticketId, date: '2024-03-31' }), 'INVALID_INPUT', 'date');

    const asOf = async (date: string) => (await crm.serviceTickets(ctx.db, { asOf: date })).find((t) => t.ticketId === ticketId)!;
    expect(await asOf('2024-04-02')).toMatchObject({ responseSla: 'due', resolutionSla: 'due', breached: false });
    expect(await asOf('2024-04-03')).toMatchObject({ responseSla: 'breached', resolutionSla: 'due', breached: true });
    expect(await crm.startTicketWork(ctx, { ticketId, date: '2024-04-03' })).toMatchObject({ responseBreached: true });
    expect(await asOf('2024-04-07')).toMatchObject({ responseSla: 'breached', resolutionSla: 'breached' });
    expect((await crm.serviceTickets(ctx.db, { asOf: '2024-04-07', breachedOnly: true })).map((t) => t.ticketId)).toContain(ticketId);
    expect(await crm.resolveTicket(ctx, { ticketId, date: '2024-04-06', resolution: 'mounted and calibrated' })).toMatchObject({ resolutionBreached: false });
    await expect(crm.closeTicket(ctx, { ticketId, date: '2024-04-07', satisfaction: 6 })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'satisfaction' });
    await crm.closeTicket(ctx, { ticketId, date: '2024-04-07', satisfaction: 4 });
    await expect(crm.startTicketWork(ctx, { ticketId, date: '2024-04-08' })).rejects.toMatchObject({ code: 'NOT_ALLOWED' });

    const mine = (await crm.ticketsForCustomer(ctx.db, co.customerId)).find((t) => t.ticketId === ticketId);
    expect(mine).toMatchObject({ status: 'closed', technicianId: techId, respondedDate: '2024-04-03', responseDays: 2, responseBreached: true, resolutionBreached: false, satisfaction: 4 });
    const history = await ctx.db.selectFrom('crm.service_ticket_history').select(['from_status', 'to_status', 'event_date']).where('ticket_id', '=', ticketId).orderBy('id').execute();
    expect(history.map((h) => `${h.from_status ?? '-'}>${h.to_status}@${h.event_date}`)).toEqual([
      '->open@2024-04-01', 'open>assigned@2024-04-01', 'assigned>in_progress@2024-04-03', 'in_progress>resolved@2024-04-06', 'resolved>closed@2024-04-07',
    ]);
    expect(await crm.slaSummary(ctx.db, '2024-04-01', '2024-04-01')).toMatchObject({ closed: 1, responseBreaches: 1, resolutionBreaches: 0, meanSatisfaction: 4 });
  });

  it('reopens a resolved ticket, and a late second resolution is flagged', async () => {
    const { ticketId } = await crm.openTicket(ctx, { customerId: co.customerId, type: 'repair', priority: 'high', subject: 'noise', date: '2024-05-01' });
    await crm.assignTicket(ctx, { ticketId, technicianId: techId, date: '2024-05-01' });
    expect(await crm.startTicketWork(ctx, { ticketId, date: '2024-05-01' })).toMatchObject({ responseBreached: false });
    expect(await crm.resolveTicket(ctx, { ticketId, date: '2024-05-02', resolution: 'bearing replaced' })).toMatchObject({ resolutionBreached: false });
    await crm.startTicketWork(ctx, { ticketId, date: '2024-05-04', note: 'noise is back' });
    expect(await crm.resolveTicket(ctx, { ticketId, date: '2024-05-05', resolution: 'shaft aligned' })).toMatchObject({ resolutionBreached: true });
    expect((await crm.ticketsForCustomer(ctx.db, co.customerId)).find((t) => t.ticketId === ticketId)).toMatchObject({ respondedDate: '2024-05-01', resolvedDate: '2024-05-05', responseBreached: false, resolutionBreached: true });
  });

  it('cancels an unresolved ticket; history and finished tickets cannot be changed', async () => {
    const { ticketId } = await crm.openTicket(ctx, { customerId: co.customerId, type: 'installation', subject: 'not needed', date: '2024-06-01' });
    await crm.cancelTicket(ctx, { ticketId, date: '2024-06-02', reason: 'customer installed it' });
    expect((await crm.serviceTickets(ctx.db, { asOf: '2024-07-01' })).map((t) => t.ticketId)).not.toContain(ticketId);
    expect((await crm.serviceTickets(ctx.db, { asOf: '2024-07-01', status: 'cancelled' })).map((t) => t.ticketId)).toContain(ticketId);
    await expect(sql`update crm.service_tickets set status = 'open' where id = ${ticketId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:CONFLICT/);
    await expect(sql`update crm.service_ticket_history set note = 'x' where ticket_id = ${ticketId}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:IMMUTABLE/);
    const { ticketId: open } = await crm.openTicket(ctx, { customerId: co.customerId, type: 'installation', subject: 'skip ahead', date: '2024-06-01' });
    await expect(sql`update crm.service_tickets set status = 'resolved' where id = ${open}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:NOT_ALLOWED/);
    await expect(sql`update crm.service_tickets set status = 'closed', satisfaction = 5 where id = ${open}`.execute(ctx.db)).rejects.toThrow(/LEDGERLOOP:NOT_ALLOWED/);
  });
});

describe('approvals and service CLI', () => {
  let dir: string;
  let source: Awaited<ReturnType<typeof sharedSource>>;
  const saved = { url: process.env.DATABASE_URL, data: process.env.LEDGERLOOP_DATA };

  async function run(command: Subcommand, ...argv: string[]) {
    const out: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void out.push(a.join(' ')));
    try {
      return { code: await command.run(argv), stdout: out.join('\n') };
    } finally {
      log.mockRestore();
    }
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'll-h1-cli-'));
    source = await sharedSource(dir);
  });
  afterAll(async () => {
    process.env.DATABASE_URL = saved.url ?? '';
    if (saved.url === undefined) delete process.env.DATABASE_URL;
    if (saved.data === undefined) delete process.env.LEDGERLOOP_DATA;
    else process.env.LEDGERLOOP_DATA = saved.data;
    await source.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists pending approvals, decides one, and lists breached tickets', async () => {
    const ctx: Context = { db: source.database().db, actor: 'test' };
    const co = await setUpTestCompany(ctx);
    const managerId = (await people.hireEmployee(ctx, { code: 'SM1', name: 'Sales Manager', role: 'sales_manager' })).employeeId;
    await approvals.setApprovalRule(ctx, { documentType: 'return', minAmount: 0, steps: [{ role: 'sales_manager' }] });
    const sale = await sell(ctx, co, co.customerId, co.items.widget, 2, '2024-02-01');
    const ret = await crm.requestReturn(ctx, { deliveryId: sale.deliveryId, date: '2024-02-02', lines: [{ deliveryLineId: sale.deliveryLineId, quantity: 1, reason: 'cli' }] });
    await crm.setSlaTarget(ctx, { ticketType: 'repair', priority: 'urgent', responseDays: 0, resolutionDays: 1 });
    const ticket = await crm.openTicket(ctx, { customerId: co.customerId, type: 'repair', priority: 'urgent', subject: 'broken', date: '2024-02-01' });
    await source.release();
    if (source.engine === 'server') process.env.DATABASE_URL = source.target;
    else {
      delete process.env.DATABASE_URL;
      process.env.LEDGERLOOP_DATA = dir;
    }

    const list = await run(approvalsCommand, 'list', '--role', 'sales_manager', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ requestId: ret.approvalRequestId, documentType: 'return', role: 'sales_manager' })]);
    await expect(run(approvalsCommand, 'decide', '--request', String(ret.approvalRequestId), '--approver', String(managerId))).rejects.toThrow(/--approve or --reject/);
    const decided = await run(approvalsCommand, 'decide', '--request', String(ret.approvalRequestId), '--approver', String(managerId), '--approve', '--date', '2024-02-03');
    expect(decided).toMatchObject({ code: 0, stdout: `request ${ret.approvalRequestId}: approved` });
    expect((await run(approvalsCommand, 'list')).stdout).toBe('(no rows)');

    const tickets = await run(serviceCommand, 'tickets', '--breached', '--as-of', '2024-02-05', '--json');
    expect(JSON.parse(tickets.stdout)).toMatchObject({ asOf: '2024-02-05', tickets: [{ ticketId: ticket.ticketId, responseSla: 'breached', resolutionSla: 'breached' }] });
    expect(JSON.parse((await run(serviceCommand, 'tickets', '--as-of', '2024-02-01', '--breached', '--json')).stdout).tickets).toEqual([]);
    await expect(run(serviceCommand, 'tickets', '--status', 'lost')).rejects.toThrow(/--status must be one of/);

    const db = (await source.reopen()).db;
    // The return's own area heard the decision: the CLI loaded every area's handlers.
    expect((await crm.returnsForCustomer(db, co.customerId))[0]).toMatchObject({ returnId: ret.returnId, status: 'approved' });
  });
});

describe('after-sales in the demo company', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('returns goods, decides approvals and works tickets day by day, keeping the books straight', async () => {
    database = await freshDatabase();
    const ctx: Context = { db: database.db, actor: 'simulator' };
    // The simulator runs the after-sales behaviour every day (and sets it up once, leaving a
    // continued company's set-up as it is); day by day, every day is a continuation.
    const tally = newTally();
    for (let d = 0; d < 25; d++) tally.commands += (await simulate(ctx, { seed: 11, days: 1, scale: 1 })).tally.commands;
    await setUpAfterSales(ctx, 11); // idempotent
    const { rows } = await sql<{ returns: number; completed: number; tickets: number; closed: number; technicians: number; rules: number }>`
      select (select count(*)::int from crm.returns) as returns, (select count(*)::int from crm.returns where status = 'completed') as completed,
             (select count(*)::int from crm.service_tickets) as tickets, (select count(*)::int from crm.service_tickets where status = 'closed') as closed,
             (select count(*)::int from people.employees where role = 'technician') as technicians,
             (select count(*)::int from approvals.rules where document_type = 'return') as rules`.execute(ctx.db);
    expect(rows[0]).toMatchObject({ rules: 2 });
    expect(rows[0]!.technicians).toBeGreaterThanOrEqual(6); // the service desk's six, and the organisation's own hires
    expect(rows[0]!.completed).toBeGreaterThan(0);
    expect(rows[0]!.returns).toBeGreaterThanOrEqual(rows[0]!.completed);
    expect(rows[0]!.closed).toBeGreaterThan(0);
    expect(tally.commands).toBeGreaterThan(rows[0]!.tickets);
    expect((await verify(ctx.db)).breaches).toEqual([]);
    const truth = afterSalesTruth();
    expect(truth.returns.returnRatePerLineByCategory.MACHINES!).toBeGreaterThan(truth.returns.returnRatePerLineByCategory.PACKAGING!);
    expect(Object.keys(truth.tickets.slaTargetsDays)).toEqual(['installation', 'on_site_test', 'demonstration', 'repair']);
  });
});
