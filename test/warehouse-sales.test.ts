import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { approvals, crm, erp, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { runPipeline } from '../pipelines/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { query, warehouseFingerprint } from './support/warehouse.js';

/**
 * The commercial and after-sales facts against the books: a small simulated company, then
 * returns (refunded, credited, rejected, cancelled, pending), invoiced and paid contract
 * instalments and service tickets (late, reopened, cancelled) made on purpose, loaded in full,
 * then more of the same loaded incrementally.
 */
const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01' };
const SALES_FACTS = ['fact_sales_line', 'fact_contract_instalment', 'fact_return_line', 'fact_service_ticket', 'fact_approval'];

describe('the sales and after-sales facts', () => {
  let database: TestDatabase;
  let ctx: Context;
  let dir: string;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const pg = async <T,>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(database.db)).rows;
  const numbers = (rows: Record<string, unknown>[]) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v])));
  let manager: number;
  let technicians: number[];
  /** Returns made on purpose, by role in the story. */
  const returns: Record<string, number> = {};
  const tickets: Record<string, number> = {};
  const instalments: { id: number; invoiceId: number; customerId: number; currency: string; gross: number }[] = [];

  async function approveReturn(returnId: number, date: string, decision: 'approve' | 'reject' = 'approve') {
    const [r] = await pg<{ approval_request_id: number }>(`select approval_request_id from crm.returns where id = ${returnId}`);
    await approvals.decide(ctx, { requestId: r!.approval_request_id, approverId: manager, decision, date, ...(decision === 'reject' ? { comment: 'outside policy' } : {}) });
  }

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    dir = mkdtempSync(join(tmpdir(), 'll-wh-sales-'));
    await simulate(ctx, { ...COMPANY, days: 40 }); // to 2024-02-09
    manager = (await pg<{ id: number }>(`select id from people.employees where code = 'AS-SM1'`))[0]!.id;
    technicians = (await pg<{ id: number }>(`select id from people.employees where role = 'technician' and active order by id`)).map((r) => r.id);
    // Every return needs the after-sales manager's approval, so each can be decided either way.
    await approvals.setApprovalRule(ctx, { documentType: 'return', minAmount: 0, maxAmount: 50_000, steps: [{ role: 'sales_manager' }] });

    // Deliveries of two units or more whose order's invoices are all untouched, one per order.
    const candidates = await pg<{ delivery_id: number; line_id: number; invoice_id: number; customer_id: number; currency: string; open_amount: number }>(`
      select distinct on (d.order_id) d.id as delivery_id, dl.id as line_id, i.id as invoice_id, i.customer_id, i.currency::text as currency, i.open_amount
        from erp.deliveries d join erp.delivery_lines dl on dl.delivery_id = d.id
        join erp.customer_invoice_lines il on il.order_line_id = dl.order_line_id and il.quantity = dl.quantity
        join erp.customer_invoices i on i.id = il.invoice_id
       where dl.quantity >= 2 and d.delivery_date <= '2024-02-05' and il.net_amount / il.quantity * 2 < 400000
         and not exists (select 1 from erp.customer_invoices o where o.order_id = d.order_id and o.open_amount <> o.gross_amount)
         and not exists (select 1 from crm.returns r where r.delivery_id = d.id)
       order by d.order_id, dl.id limit 5`);
    expect(candidates).toHaveLength(5);
    type Candidate = (typeof candidates)[number];
    const [paid, open, rejected, cancelled, later] = candidates as [Candidate, Candidate, Candidate, Candidate, Candidate];
    await erp.recordCustomerPayment(ctx, { customerId: paid.customer_id, date: '2024-02-12', amount: paid.open_amount, currency: paid.currency, allocations: [{ invoiceId: paid.invoice_id, amount: paid.open_amount }] });
    const request = async (c: (typeof candidates)[number], quantity: number) =>
      (await crm.requestReturn(ctx, { deliveryId: c.delivery_id, date: '2024-02-13', lines: [{ deliveryLineId: c.line_id, quantity, reason: 'defective' }] })).returnId;
    returns.refunded = await request(paid, 1);
    returns.credited = await request(open, 2);
    returns.rejected = await request(rejected, 1);
    returns.cancelled = await request(cancelled, 1);
    returns.later = await request(later, 2);
    await approveReturn(returns.refunded, '2024-02-14');
    await approveReturn(returns.credited, '2024-02-14');
    await approveReturn(returns.rejected, '2024-02-14', 'reject');
    await crm.cancelReturn(ctx, { returnId: returns.cancelled, date: '2024-02-14', reason: 'customer changed their mind' });
    await crm.receiveReturn(ctx, { returnId: returns.refunded, date: '2024-02-16' });
    const [creditedLine] = await pg<{ id: number }>(`select id from crm.return_lines where return_id = ${returns.credited}`);
    await crm.receiveReturn(ctx, { returnId: returns.credited, date: '2024-02-16', lines: [{ returnLineId: creditedLine!.id, restock: 1, scrap: 1, note: 'one broken' }] });

    // Three instalments invoiced (small enough to need no approval); one paid in full, one in part.
    const firsts = await pg<{ id: number }>(`
      select i.id from crm.contract_instalments i join crm.contracts k on k.id = i.contract_id
       where k.status = 'active' and i.invoice_id is null and i.amount * k.value_functional / k.value < 1500000 order by i.id limit 3`);
    expect(firsts).toHaveLength(3);
    for (const f of firsts) {
      const invoiced = await crm.requestInvoicing(ctx, { instalmentId: f.id, date: '2024-02-12' });
      expect(invoiced.status).toBe('invoiced');
      const [inv] = await pg<{ customer_id: number; currency: string; gross_amount: number }>(`select customer_id, currency::text as currency, gross_amount from erp.customer_invoices where id = ${invoiced.invoiceId}`);
      instalments.push({ id: f.id, invoiceId: invoiced.invoiceId!, customerId: inv!.customer_id, currency: inv!.currency, gross: inv!.gross_amount });
    }
    const pay = (i: (typeof instalments)[number], amount: number, date: string) =>
      erp.recordCustomerPayment(ctx, { customerId: i.customerId, date, amount, currency: i.currency, allocations: [{ invoiceId: i.invoiceId, amount }] });
    await pay(instalments[0]!, instalments[0]!.gross, '2024-02-15');
    await pay(instalments[1]!, Math.floor(instalments[1]!.gross / 2), '2024-02-15');

    // Tickets: one answered and resolved late, one reopened, one cancelled, one left open.
    const [customer] = await pg<{ id: number }>(`select id from crm.customers where status = 'active' order by id limit 1`);
    const open_ = async (subject: string, date: string) => (await crm.openTicket(ctx, { customerId: customer!.id, type: 'repair', priority: 'high', subject, date })).ticketId;
    tickets.late = await open_('noisy spindle', '2024-02-12'); // high repair: respond in 1 day, resolve in 3
    await crm.assignTicket(ctx, { ticketId: tickets.late, technicianId: technicians[0]!, date: '2024-02-12' });
    await crm.startTicketWork(ctx, { ticketId: tickets.late, date: '2024-02-14' });
    await crm.resolveTicket(ctx, { ticketId: tickets.late, date: '2024-02-17', resolution: 'bearing replaced' });
    await crm.closeTicket(ctx, { ticketId: tickets.late, date: '2024-02-18', satisfaction: 2 });
    tickets.reopened = await open_('display flickers', '2024-02-12');
    await crm.assignTicket(ctx, { ticketId: tickets.reopened, technicianId: technicians[1]!, date: '2024-02-12' });
    await crm.startTicketWork(ctx, { ticketId: tickets.reopened, date: '2024-02-12' });
    await crm.resolveTicket(ctx, { ticketId: tickets.reopened, date: '2024-02-13', resolution: 'cable reseated' });
    await crm.startTicketWork(ctx, { ticketId: tickets.reopened, date: '2024-02-14' });
    await crm.assignTicket(ctx, { ticketId: tickets.reopened, technicianId: technicians[2]!, date: '2024-02-14' });
    tickets.cancelled = await open_('no longer needed', '2024-02-12');
    await crm.cancelTicket(ctx, { ticketId: tickets.cancelled, date: '2024-02-13', reason: 'fixed by the customer' });
    tickets.pending = await open_('alarm on start-up', '2024-02-15');
  }, 300_000);

  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The figures each fact must agree on with Postgres, computed from the operational tables. */
  async function expectAgreement() {
    // Return lines: how many per status, and what they credited and refunded, as the returns say.
    expect(numbers(await query(warehouse(), `
      select return_status as status, count(*) as n, sum(received_qty) as received, sum(credited_amount) as credited, sum(refunded_amount) as refunded,
             sum(restocked_cost_functional + scrapped_cost_functional) as cost
        from fact_return_line group by 1 order by 1`))).toEqual(numbers(await pg(`
      select r.status, count(*)::int as n, coalesce(sum(n.restock_qty + n.scrap_qty), 0)::int as received,
             (select coalesce(sum(credited_amount), 0) from crm.returns x where x.status = r.status)::int as credited,
             (select coalesce(sum(refunded_amount), 0) from crm.returns x where x.status = r.status)::int as refunded,
             (select coalesce(sum(restocked_cost + scrapped_cost), 0) from crm.returns x where x.status = r.status)::int as cost
        from crm.return_lines l join crm.returns r on r.id = l.return_id left join crm.return_inspections n on n.return_line_id = l.id
       group by 1 order by 1`)));
    // The credit notes and refunds of returns, in functional terms, on both facts that carry them.
    const [docs] = await pg<{ credited_f: number; refunded_f: number }>(`
      select (select coalesce(sum(n.gross_functional), 0) from erp.credit_notes n where n.reason like 'RMA-%')::int as credited_f,
             (select coalesce(sum(f.amount_functional), 0) from erp.customer_refunds f where f.source_type = 'customer_return')::int as refunded_f`);
    const [returned] = await query(warehouse(), `select sum(credited_amount_functional) as credited_f, sum(refunded_amount_functional) as refunded_f from fact_return_line`);
    expect(returned).toEqual(docs);
    const [lines] = await query(warehouse(), `
      select sum(returned_qty) as qty, sum(returned_cost_functional) as cost, sum(refunded_net_functional + refunded_tax_functional) as refunded_f from fact_sales_line`);
    const [books] = await pg<{ qty: number; cost: number; refunded_f: number }>(`
      select (select coalesce(sum(restock_qty + scrap_qty), 0) from crm.return_inspections)::int as qty,
             (select coalesce(sum(restock_cost + scrap_cost), 0) from crm.return_inspections)::int as cost,
             (select coalesce(sum(credited_functional), 0) from erp.customer_refunds)::int as refunded_f`);
    expect(lines).toEqual(books);

    // Instalments: per contract the count, the amounts, what is invoiced and what was paid on it.
    expect(numbers(await query(warehouse(), `
      select contract_id, count(*) as n, sum(amount) as amount, count(invoice_id) as invoiced, sum(paid_amount) as paid, count(paid_date) as settled
        from fact_contract_instalment group by 1 order by 1`))).toEqual(numbers(await pg(`
      select i.contract_id, count(*)::int as n, sum(i.amount)::int as amount, count(i.invoice_id)::int as invoiced,
             coalesce(sum((select sum(a.amount) from erp.payment_allocations a where a.invoice_id = i.invoice_id)), 0)::int as paid,
             (count(*) filter (where v.open_amount = 0))::int as settled
        from crm.contract_instalments i left join erp.customer_invoices v on v.id = i.invoice_id group by 1 order by 1`)));

    // Tickets: per type and status, with the breaches recorded and the scores given.
    expect(numbers(await query(warehouse(), `
      select ticket_type, status, count(*) as n, count(*) filter (where response_breached) as late_responses,
             count(*) filter (where resolution_breached) as late_resolutions, coalesce(sum(satisfaction_score), 0) as score
        from fact_service_ticket group by all order by all`))).toEqual(numbers(await pg(`
      select ticket_type, status, count(*)::int as n, (count(*) filter (where response_breached))::int as late_responses,
             (count(*) filter (where resolution_breached))::int as late_resolutions, coalesce(sum(satisfaction), 0)::int as score
        from crm.service_tickets group by 1, 2 order by 1, 2`)));

    // Approvals: per document type and status, with their decisions counted.
    expect(numbers(await query(warehouse(), `
      select document_type, status, count(*) as n, sum(amount_functional) as amount, sum(steps_decided) as decided, sum(steps_approved) as approved
        from fact_approval group by all order by all`))).toEqual(numbers(await pg(`
      select r.document_type, r.status, count(*)::int as n, sum(r.amount)::bigint as amount,
             sum((select count(*) from approvals.decisions d where d.request_id = r.id))::int as decided,
             sum((select count(*) from approvals.decisions d where d.request_id = r.id and d.decision = 'approve'))::int as approved
        from approvals.requests r group by 1, 2 order by 1, 2`)));
  }

  /** What must hold within the facts, whatever the books hold. */
  async function expectInvariants() {
    // A return's lines carry exactly the credit and refund its header records.
    expect(await query(warehouse(), `
      select f.return_id from fact_return_line f group by f.return_id, f.return_status
      having f.return_status = 'completed' and (sum(f.received_qty) <> sum(f.requested_qty) or sum(f.uncredited_amount) < 0)`)).toEqual([]);
    const headers = numbers(await pg(`select id as return_id, coalesce(credited_amount, 0)::int as credited, coalesce(refunded_amount, 0)::int as refunded from crm.returns order by 1`));
    expect(numbers(await query(warehouse(), `select return_id, sum(credited_amount) as credited, sum(refunded_amount) as refunded from fact_return_line group by 1 order by 1`))).toEqual(headers);
    // What returns took back is part of what a line's credit notes and refunds took back.
    expect(await query(warehouse(), `
      select sales_order_line_id from fact_sales_line
       where returned_net_functional > credited_net_functional + refunded_net_functional or returned_qty > delivered_qty
          or net_revenue_functional <> invoiced_net_functional - credited_net_functional - refunded_net_functional`)).toEqual([]);
    // A contract's instalments sum to its value, in its currency and in the functional currency.
    expect(await query(warehouse(), `
      select contract_id from fact_contract_instalment group by contract_id, contract_value, contract_value_functional
      having sum(amount) <> contract_value or sum(amount_functional) <> contract_value_functional or count(*) <> any_value(instalment_count)`)).toEqual([]);
    // A ticket is resolved no sooner than answered, and its flags agree with its targets.
    expect(await query(warehouse(), `
      select ticket_id from fact_service_ticket
       where resolution_hours < response_hours or response_breached <> (response_hours > response_target_hours)
          or resolution_breached <> (resolution_hours > resolution_target_hours)`)).toEqual([]);
    // Every decision but a rejecting last one approves its step; an approved chain is complete.
    expect(await query(warehouse(), `
      select request_id from fact_approval
       where steps_decided - steps_approved <> (case when status = 'rejected' then 1 else 0 end)
          or (status = 'approved' and steps_approved <> steps_required) or (final_decision is null) <> (decided_date is null)`)).toEqual([]);
  }

  it('loads the story in full, agreeing with the books', async () => {
    await runPipeline(database, { warehousePath: warehouse() });
    await expectAgreement();
    await expectInvariants();

    const [refunded] = await query(warehouse(), `select return_status, disposition, credited_amount, refunded_amount > 0 as refunded from fact_return_line where return_id = ${returns.refunded}`);
    expect(refunded).toEqual({ return_status: 'completed', disposition: 'restock', credited_amount: 0, refunded: true });
    const [credited] = await query(warehouse(), `select disposition, restocked_qty, scrapped_qty, refunded_amount, credited_amount > 0 as credited from fact_return_line where return_id = ${returns.credited}`);
    expect(credited).toEqual({ disposition: 'mixed', restocked_qty: 1, scrapped_qty: 1, refunded_amount: 0, credited: true });
    expect(await query(warehouse(), `select return_status, approved_qty, received_qty from fact_return_line where return_id in (${returns.rejected}, ${returns.cancelled}, ${returns.later}) order by return_id`)).toEqual([
      { return_status: 'rejected', approved_qty: 0, received_qty: 0 }, { return_status: 'cancelled', approved_qty: 0, received_qty: 0 }, { return_status: 'requested', approved_qty: 0, received_qty: 0 },
    ]);
    // The returned goods' line: its credit is the return's, not spread over the invoice.
    const [line] = await query(warehouse(), `
      select s.returned_qty, s.returned_net_functional = s.credited_net_functional as all_returned
        from fact_sales_line s join fact_return_line r on r.sales_order_line_id = s.sales_order_line_id where r.return_id = ${returns.credited}`);
    expect(line).toEqual({ returned_qty: 2, all_returned: true });

    expect(await query(warehouse(), `select instalment_id, paid_date is not null as settled, days_paid_after_due from fact_contract_instalment where instalment_id in (${instalments.map((i) => i.id).join(', ')}) order by instalment_id`)).toEqual(
      instalments.map((i, k) => ({ instalment_id: i.id, settled: k === 0, days_paid_after_due: k === 0 ? expect.any(Number) : null })),
    );
    expect(await query(warehouse(), `select ticket_id, status, response_hours, resolution_hours, response_breached, resolution_breached, times_reopened, reassignments from fact_service_ticket where ticket_id in (${tickets.late}, ${tickets.reopened}) order by ticket_id`)).toEqual([
      { ticket_id: tickets.late, status: 'closed', response_hours: 48, resolution_hours: 120, response_breached: true, resolution_breached: true, times_reopened: 0, reassignments: 0 },
      { ticket_id: tickets.reopened, status: 'assigned', response_hours: 0, resolution_hours: null, response_breached: false, resolution_breached: null, times_reopened: 1, reassignments: 1 },
    ]);
    const [rejection] = await query(warehouse(), `select status, final_decision, hours_to_decide, last_approver_role, last_comment_present from fact_approval where document_type = 'return' and document_id = ${returns.rejected}`);
    expect(rejection).toEqual({ status: 'rejected', final_decision: 'reject', hours_to_decide: 24, last_approver_role: 'sales_manager', last_comment_present: true });
  });

  it('applies what changed since incrementally, ending equal to a full rebuild', async () => {
    // The pending return approved and received, the part-paid instalment paid, the reopened ticket resolved and closed, the open one answered.
    await approveReturn(returns.later!, '2024-02-20');
    await crm.receiveReturn(ctx, { returnId: returns.later!, date: '2024-02-22' });
    const rest = instalments[1]!;
    const [open] = await pg<{ open_amount: number }>(`select open_amount from erp.customer_invoices where id = ${rest.invoiceId}`);
    await erp.recordCustomerPayment(ctx, { customerId: rest.customerId, date: '2024-02-21', amount: open!.open_amount, currency: rest.currency, allocations: [{ invoiceId: rest.invoiceId, amount: open!.open_amount }] });
    await crm.startTicketWork(ctx, { ticketId: tickets.reopened!, date: '2024-02-20' });
    await crm.resolveTicket(ctx, { ticketId: tickets.reopened!, date: '2024-02-21', resolution: 'board replaced' });
    await crm.closeTicket(ctx, { ticketId: tickets.reopened!, date: '2024-02-22', satisfaction: 3 });
    await crm.assignTicket(ctx, { ticketId: tickets.pending!, technicianId: technicians[3]!, date: '2024-02-20' });

    const result = await runPipeline(database, { warehousePath: warehouse() });
    expect(result.mode).toBe('incremental');
    await expectAgreement();
    await expectInvariants();
    expect(await query(warehouse(), `select return_status, received_qty from fact_return_line where return_id = ${returns.later}`)).toEqual([{ return_status: 'completed', received_qty: 2 }]);
    expect(await query(warehouse(), `select paid_date::varchar as paid_date from fact_contract_instalment where instalment_id = ${rest.id}`)).toEqual([{ paid_date: '2024-02-21' }]);

    const rebuilt = join(dir, 'rebuilt.duckdb');
    await runPipeline(database, { warehousePath: rebuilt, full: true });
    const [a, b] = [await warehouseFingerprint(warehouse()), await warehouseFingerprint(rebuilt)];
    for (const table of SALES_FACTS) expect(a[table], table).toBe(b[table]);
  });
});
