import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { conversionOn, convert } from '../../core/currency.js';
import { invoiceSalesOrder, issueServiceInvoice } from '../../erp/index.js';
import * as approvals from '../../approvals/index.js';
import { orderFigures } from './erp-reads.js';

/**
 * Invoicing requests: asking for an invoice to be issued — for a contract instalment, or for the
 * delivered-not-invoiced goods of a sales order — through the approval engine (document type
 * 'invoicing_request', amount = the net to invoice in functional minor units). Approved at once
 * (no rule applies), the invoice is issued in the same command; otherwise when the last approver
 * approves, inside the deciding transaction. An instalment is billed by a service invoice
 * (erp.issueServiceInvoice) taxed by its contract's tax category, due on the instalment's due
 * date; an order by erp.invoiceSalesOrder.
 */
export const INVOICING_REQUEST = 'invoicing_request';

interface Subject {
  kind: 'instalment' | 'order';
  customerId: number;
  currency: string;
  /** Net to invoice, document currency. */
  amount: number;
  instalmentId: number | null;
  orderId: number | null;
  label: string;
}

interface InstalmentRow {
  id: number;
  seq: number;
  due_date: string;
  amount: number;
  invoice_id: number | null;
  contract_id: number;
  contract_no: string;
  contract_status: string;
  customer_id: number;
  currency: string;
  tax_category: string | null;
  instalments: number;
  live_request: string | null;
}

/** An instalment with its contract, locked, and the number of any live request for it. */
async function lockInstalment(tx: Tx, instalmentId: number): Promise<InstalmentRow | undefined> {
  const { rows } = await sql<InstalmentRow>`
    select i.id, i.seq, i.due_date, i.amount, i.invoice_id, k.id as contract_id, k.contract_no, k.status as contract_status, k.customer_id, k.currency,
           k.tax_category, (select count(*)::int from crm.contract_instalments n where n.contract_id = k.id) as instalments,
           (select r.request_no from crm.invoicing_requests r where r.instalment_id = i.id and r.status in ('pending_approval', 'invoiced')) as live_request
      from crm.contract_instalments i join crm.contracts k on k.id = i.contract_id
     where i.id = ${instalmentId}
       for update of i`.execute(tx.db);
  return rows[0];
}

export const requestInvoicing = defineCommand(
  'crm.requestInvoicing',
  z
    .object({ instalmentId: id.optional(), orderId: id.optional(), date: isoDate })
    .refine((r) => (r.instalmentId === undefined) !== (r.orderId === undefined), { message: 'name either an instalment or a sales order', path: ['instalmentId'] }),
  async (tx, input) => {
    const subject = input.instalmentId !== undefined ? await instalmentSubject(tx, input.instalmentId) : await orderSubject(tx, input.orderId!);
    const { rows } = await sql<{ id: number; request_no: string }>`
      select nextval(pg_get_serial_sequence('crm.invoicing_requests', 'id'))::int as id, 'IR-' || lpad(nextval('crm.invoicing_request_no')::text, 7, '0') as request_no`.execute(tx.db);
    const request = rows[0]!;
    const amountFunctional = convert(await conversionOn(tx.db, subject.currency, input.date), subject.amount);
    const approval = await approvals.requestApproval(tx, {
      documentType: INVOICING_REQUEST,
      documentId: request.id,
      amount: amountFunctional,
      summary: `${request.request_no}: ${subject.label}, ${subject.amount} ${subject.currency}`,
      date: input.date,
    });
    const invoice = approval.status === 'approved' ? await issueInvoice(tx, subject, input.date) : null;
    tx.emit({
      aggregateType: 'invoicing_request',
      aggregateId: request.id,
      type: invoice ? 'invoicing_request.invoiced' : 'invoicing_request.requested',
      payload: { requestNo: request.request_no, kind: subject.kind, instalmentId: subject.instalmentId, orderId: subject.orderId, amount: subject.amount, currency: subject.currency, invoiceId: invoice?.invoiceId ?? null },
    });
    await sql`
      with r as (
        insert into crm.invoicing_requests (id, request_no, customer_id, instalment_id, order_id, currency, amount, amount_functional, request_date,
                                            status, approval_request_id, invoice_id, status_date, created_by)
        values (${request.id}, ${request.request_no}, ${subject.customerId}, ${subject.instalmentId}, ${subject.orderId}, ${subject.currency}, ${subject.amount},
                ${amountFunctional}, ${input.date}, ${invoice ? 'invoiced' : 'pending_approval'}, ${approval.requestId}, ${invoice?.invoiceId ?? null}, ${input.date}, ${tx.actor})
      ), i as (${tieInstalment(subject, invoice?.invoiceId ?? null, input.date)}),
      events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { requestId: request.id, requestNo: request.request_no, status: invoice ? ('invoiced' as const) : ('pending_approval' as const), approvalRequestId: approval.requestId, invoiceId: invoice?.invoiceId ?? null, invoiceNo: invoice?.invoiceNo ?? null };
  },
);

async function instalmentSubject(tx: Tx, instalmentId: number): Promise<Subject & { row: InstalmentRow }> {
  const row = await lockInstalment(tx, instalmentId);
  if (!row) throw new DomainError('NOT_FOUND', `instalment ${instalmentId} does not exist`, 'instalmentId');
  if (row.contract_status !== 'active') throw new DomainError('NOT_ALLOWED', `contract ${row.contract_no} is ${row.contract_status}; only an active contract is invoiced`, 'instalmentId');
  if (row.invoice_id !== null) throw new DomainError('CONFLICT', `instalment ${row.seq} of ${row.contract_no} is already invoiced`, 'instalmentId');
  if (row.live_request !== null) throw new DomainError('DUPLICATE', `instalment ${row.seq} of ${row.contract_no} already has invoicing request ${row.live_request}`, 'instalmentId');
  return { kind: 'instalment', customerId: row.customer_id, currency: row.currency, amount: row.amount, instalmentId: row.id, orderId: null, label: `${row.contract_no} instalment ${row.seq} of ${row.instalments}`, row };
}

async function orderSubject(tx: Tx, orderId: number): Promise<Subject> {
  const order = await orderFigures(tx.db, orderId);
  if (!order) throw new DomainError('NOT_FOUND', `sales order ${orderId} does not exist`, 'orderId');
  if (order.uninvoicedNet <= 0) throw new DomainError('NOTHING_TO_INVOICE', `sales order ${order.orderNo} has no delivered quantity left to invoice`, 'orderId');
  const pending = await tx.db.selectFrom('crm.invoicing_requests').select('request_no').where('order_id', '=', orderId).where('status', '=', 'pending_approval').executeTakeFirst();
  if (pending) throw new DomainError('DUPLICATE', `sales order ${order.orderNo} already has pending invoicing request ${pending.request_no}`, 'orderId');
  return { kind: 'order', customerId: order.customerId, currency: order.currency, amount: order.uninvoicedNet, instalmentId: null, orderId, label: `delivered goods of ${order.orderNo}` };
}

/** Issues the invoice a request asks for, through erp's commands in the same transaction. */
async function issueInvoice(tx: Tx, subject: Subject & { row?: InstalmentRow }, date: string): Promise<{ invoiceId: number; invoiceNo: string }> {
  if (subject.kind === 'order') return invoiceSalesOrder(tx.context, { orderId: subject.orderId!, date });
  const row = subject.row!;
  return issueServiceInvoice(tx.context, {
    customerId: subject.customerId,
    date,
    dueDate: row.due_date > date ? row.due_date : date,
    currency: subject.currency,
    lines: [{ netAmount: row.amount, ...(row.tax_category ? { taxCategory: row.tax_category } : {}) }],
    reference: subject.label,
  });
}

/** Ties an invoiced instalment to its invoice (a harmless `select 1` otherwise), as a CTE body. */
function tieInstalment(subject: Subject, invoiceId: number | null, date: string) {
  if (subject.kind !== 'instalment' || invoiceId === null) return sql`select 1`;
  return sql`update crm.contract_instalments set invoice_id = ${invoiceId}, invoiced_date = ${date} where id = ${subject.instalmentId}`;
}

// A decided invoicing request issues its invoice, or records the refusal. A subject that can no
// longer be invoiced (contract ended, order invoiced meanwhile) cancels the request instead.
approvals.onApprovalDecided(INVOICING_REQUEST, async (tx, e) => {
  const request = await tx.db
    .selectFrom('crm.invoicing_requests')
    .select(['id', 'request_no', 'instalment_id', 'order_id', 'status'])
    .where('id', '=', e.documentId)
    .where('approval_request_id', '=', e.requestId)
    .forUpdate()
    .executeTakeFirst();
  if (!request || request.status !== 'pending_approval') return;
  let status: 'invoiced' | 'rejected' | 'cancelled' = 'rejected';
  let invoice: { invoiceId: number; invoiceNo: string } | null = null;
  let subject: Subject | null = null;
  let reason: string | null = null;
  if (e.status === 'approved') {
    try {
      subject = request.instalment_id !== null ? await instalmentSubjectForDecision(tx, request.instalment_id) : await orderSubjectForDecision(tx, request.order_id!);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      reason = error.message;
    }
    if (subject) {
      invoice = await issueInvoice(tx, subject, e.date);
      status = 'invoiced';
    } else {
      status = 'cancelled';
    }
  }
  tx.emit({ aggregateType: 'invoicing_request', aggregateId: request.id, type: `invoicing_request.${status}`, payload: { requestNo: request.request_no, invoiceId: invoice?.invoiceId ?? null, reason } });
  await sql`
    with i as (${subject ? tieInstalment(subject, invoice?.invoiceId ?? null, e.date) : sql`select 1`}),
    events as (${tx.eventsInsert()})
    update crm.invoicing_requests set status = ${status}, invoice_id = ${invoice?.invoiceId ?? null}, status_date = ${e.date} where id = ${request.id}`.execute(tx.db);
});

/** The instalment of a request being approved, if it can still be invoiced. */
async function instalmentSubjectForDecision(tx: Tx, instalmentId: number) {
  const row = await lockInstalment(tx, instalmentId);
  if (!row) throw new DomainError('NOT_FOUND', `instalment ${instalmentId} does not exist`);
  if (row.contract_status !== 'active') throw new DomainError('NOT_ALLOWED', `contract ${row.contract_no} is ${row.contract_status}`);
  if (row.invoice_id !== null) throw new DomainError('CONFLICT', `instalment ${row.seq} of ${row.contract_no} is already invoiced`);
  return { kind: 'instalment' as const, customerId: row.customer_id, currency: row.currency, amount: row.amount, instalmentId: row.id, orderId: null, label: `${row.contract_no} instalment ${row.seq} of ${row.instalments}`, row };
}

async function orderSubjectForDecision(tx: Tx, orderId: number): Promise<Subject> {
  const order = await orderFigures(tx.db, orderId);
  if (!order || order.uninvoicedNet <= 0) throw new DomainError('NOTHING_TO_INVOICE', `sales order ${orderId} has nothing left to invoice`);
  return { kind: 'order', customerId: order.customerId, currency: order.currency, amount: order.uninvoicedNet, instalmentId: null, orderId, label: `delivered goods of ${order.orderNo}` };
}
