import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { basisPoints, id, isoDate, money, quantity } from '../../kernel/inputs.js';
import { conversionOn, convert } from '../../core/currency.js';
import { extendedAmount, lineNet, MAX_AMOUNT } from '../../finance/money.js';
import { priceLines, createSalesOrder } from '../../erp/index.js';
import * as approvals from '../../approvals/index.js';
import { markOpportunityWon, opportunity } from '../pipeline/index.js';
import type { QuoteStatus } from './tables.js';

/**
 * Quotes: an offer to a customer in versions. Every revision is a new version with its own lines
 * (earlier versions are superseded and read-only, in the database too). Prices default from the
 * customer's price list and discount rules; a line discount above the commercial policy's
 * threshold needs approval (document type 'quote_discount', requested for the quote, amount =
 * the version's total discount in functional minor units). Only an approved version can be
 * accepted, which creates the sales order with the quoted prices in the same transaction.
 */
export const QUOTE_DISCOUNT = 'quote_discount';

const quoteLine = z.object({
  itemId: id,
  quantity,
  /** Overrides the price list (minor units of the customer's currency). */
  unitPrice: money.optional(),
  /** Overrides the discount rules. */
  discountBp: basisPoints.optional(),
});

const versionInput = {
  date: isoDate,
  validUntil: isoDate,
  lines: z.array(quoteLine).min(1).max(200),
  /** Submit at once: approved when no discount needs approval, else pending approval. */
  submit: z.boolean().default(false),
};

interface QuoteCustomer {
  id: number;
  currency: string;
  segment: string;
  priceListCode: string | null;
  functionalCurrency: string;
  threshold: number;
}

interface VersionDraft {
  lines: { line_no: number; item_id: number; quantity: number; unit_price: number; discount_bp: number; net_amount: number }[];
  list: number;
  net: number;
  maxDiscountBp: number;
  needsApproval: boolean;
}

/** Prices the lines (price list and discount rules unless overridden) and totals the version. */
async function draftVersion(db: Kysely<DB>, customer: QuoteCustomer, date: string, lines: z.output<typeof versionInput.lines>): Promise<VersionDraft> {
  const priced = await priceLines(db, customer, date, lines);
  const rows = lines.map((line, i) => {
    const p = priced[i];
    // Refused as erp.createSalesOrder would refuse it, so an accepted quote always becomes an order.
    if (!p) throw new DomainError('NOT_FOUND', `item ${line.itemId} is unknown, inactive or has no price in ${customer.currency}`, `lines.${i}.itemId`);
    const unitPrice = line.unitPrice ?? p.unitPrice;
    const discountBp = line.discountBp ?? p.discountBp;
    return { line_no: i + 1, item_id: line.itemId, quantity: line.quantity, unit_price: unitPrice, discount_bp: discountBp, net_amount: lineNet(line.quantity, unitPrice, discountBp, `lines.${i}.quantity`) };
  });
  const list = rows.reduce((s, l, i) => s + extendedAmount(l.quantity, l.unit_price, `lines.${i}.quantity`), 0);
  if (list > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the quote total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');
  const maxDiscountBp = Math.max(...rows.map((l) => l.discount_bp));
  return { lines: rows, list, net: rows.reduce((s, l) => s + l.net_amount, 0), maxDiscountBp, needsApproval: maxDiscountBp > customer.threshold };
}

/**
 * Submits a version: approved at once when no line discount exceeds the threshold, otherwise a
 * 'quote_discount' request for the quote (superseding an earlier pending one), approved at once
 * when no rule applies.
 */
async function submitVersion(tx: Tx, q: { quoteId: number; quoteNo: string; versionNo: number; currency: string; date: string }, v: VersionDraft) {
  if (!v.needsApproval) return { status: 'approved' as const, requestId: null };
  const conversion = await conversionOn(tx.db, q.currency, q.date);
  const request = await approvals.requestApproval(tx, {
    documentType: QUOTE_DISCOUNT,
    documentId: q.quoteId,
    amount: convert(conversion, v.list - v.net),
    summary: `${q.quoteNo} v${q.versionNo}: discount up to ${v.maxDiscountBp / 100}% on ${v.net} ${q.currency} (list ${v.list})`,
    date: q.date,
  });
  return { status: request.status === 'approved' ? ('approved' as const) : ('pending_approval' as const), requestId: request.requestId };
}

/** The version and its lines as one statement's CTEs (the caller adds the quote row or the supersede). */
function insertVersion(
  v: VersionDraft,
  row: { id: number; quoteId: number; versionNo: number; date: string; validUntil: string; status: QuoteStatus; requestId: number | null; actor: string },
  after = sql`select 1`,
) {
  return sql`
    ins_v as (
      insert into crm.quote_versions (id, quote_id, version_no, version_date, valid_until, list_amount, net_amount, line_count, max_discount_bp,
                                      needs_approval, approval_request_id, status, status_date, created_by)
      select ${row.id}, ${row.quoteId}, ${row.versionNo}, ${row.date}, ${row.validUntil}, ${v.list}, ${v.net}, ${v.lines.length}, ${v.maxDiscountBp},
             ${v.needsApproval}, ${row.requestId}, ${row.status}, ${row.date}, ${row.actor}
        from (${after}) as ordered
      returning id
    ), ins_l as (
      insert into crm.quote_lines (version_id, line_no, item_id, quantity, unit_price, discount_bp, net_amount)
      select ins_v.id, x.line_no, x.item_id, x.quantity, x.unit_price, x.discount_bp, x.net_amount
        from ins_v, jsonb_to_recordset(${JSON.stringify(v.lines)}::jsonb)
          as x(line_no int, item_id int, quantity bigint, unit_price bigint, discount_bp int, net_amount bigint)
    )`;
}

function checkValidity(date: string, validUntil: string) {
  if (validUntil < date) throw new DomainError('INVALID_INPUT', `a quote cannot be valid until ${validUntil}, before its date ${date}`, 'validUntil');
}

/** Creates a quote (version 1) for a customer, optionally for an opportunity, and optionally submits it. */
export const createQuote = defineCommand(
  'crm.createQuote',
  z.object({ customerId: id, opportunityId: id.optional(), ...versionInput }),
  async (tx, input) => {
    checkValidity(input.date, input.validUntil);
    const { rows } = await sql<{ currency: string; segment: string; price_list_code: string | null; status: string; functional: string | null; threshold: number; quote_id: number; quote_no: string; version_id: number }>`
      select c.currency, c.segment, c.price_list_code, c.status,
             (select s.value #>> '{}' from core.settings s where s.key = 'functional_currency') as functional,
             (select discount_approval_bp from crm.commercial_settings) as threshold,
             nextval(pg_get_serial_sequence('crm.quotes', 'id'))::int as quote_id,
             'Q-' || lpad(nextval('crm.quote_no')::text, 7, '0') as quote_no,
             nextval(pg_get_serial_sequence('crm.quote_versions', 'id'))::int as version_id
        from crm.customers c where c.id = ${input.customerId}`.execute(tx.db);
    const c = rows[0];
    if (!c) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    if (c.status !== 'active') throw new DomainError('NOT_ALLOWED', `customer ${input.customerId} is ${c.status}`, 'customerId');
    if (!c.functional) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency yet');
    if (input.opportunityId !== undefined) await assertOpenOpportunityOf(tx, input.opportunityId, input.customerId);
    const customer: QuoteCustomer = { id: input.customerId, currency: c.currency, segment: c.segment, priceListCode: c.price_list_code, functionalCurrency: c.functional, threshold: c.threshold };
    const version = await draftVersion(tx.db, customer, input.date, input.lines);
    const quote = { quoteId: c.quote_id, quoteNo: c.quote_no, versionNo: 1, currency: c.currency, date: input.date };
    const submitted = input.submit ? await submitVersion(tx, quote, version) : { status: 'draft' as const, requestId: null };
    tx.emit({
      aggregateType: 'quote',
      aggregateId: quote.quoteId,
      type: 'quote.created',
      payload: { quoteNo: quote.quoteNo, customerId: input.customerId, opportunityId: input.opportunityId ?? null, version: 1, net: version.net, list: version.list, currency: c.currency, maxDiscountBp: version.maxDiscountBp, status: submitted.status },
    });
    await sql`
      with q as (
        insert into crm.quotes (id, quote_no, customer_id, opportunity_id, currency, quote_date, created_by)
        values (${quote.quoteId}, ${quote.quoteNo}, ${input.customerId}, ${input.opportunityId ?? null}, ${c.currency}, ${input.date}, ${tx.actor})
        returning id
      ), ${insertVersion(version, { id: c.version_id, quoteId: quote.quoteId, versionNo: 1, date: input.date, validUntil: input.validUntil, status: submitted.status, requestId: submitted.requestId, actor: tx.actor }, sql`select id from q`)},
      events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { quoteId: quote.quoteId, quoteNo: quote.quoteNo, versionId: c.version_id, version: 1, status: submitted.status, net: version.net, list: version.list, currency: c.currency, needsApproval: version.needsApproval, approvalRequestId: submitted.requestId };
  },
);

/** A quote is made for an open opportunity of the same customer. */
async function assertOpenOpportunityOf(tx: Tx, opportunityId: number, customerId: number) {
  const o = await opportunity(tx.db, opportunityId);
  if (!o) throw new DomainError('NOT_FOUND', `opportunity ${opportunityId} does not exist`, 'opportunityId');
  if (o.customerId !== customerId) throw new DomainError('INVALID_INPUT', `opportunity ${o.opportunityNo} is not of customer ${customerId}`, 'opportunityId');
  if (o.status !== 'open') throw new DomainError('NOT_ALLOWED', `opportunity ${o.opportunityNo} is already ${o.status}`, 'opportunityId');
}

/**
 * The accepted quote wins its opportunity through the CRM pipeline, in the same transaction. One
 * closed meanwhile (won by another quote of it, or lost) stays as it is: closed opportunities never change.
 */
async function winOpportunity(tx: Tx, opportunityId: number, quoteNo: string, date: string) {
  const o = await opportunity(tx.db, opportunityId);
  if (o?.status === 'open') await markOpportunityWon(tx, { opportunityId, date, reason: `quote ${quoteNo} accepted` });
}

interface LockedQuote {
  id: number;
  quote_no: string;
  customer_id: number;
  opportunity_id: number | null;
  currency: string;
  sales_order_id: number | null;
  segment: string;
  price_list_code: string | null;
  functional: string;
  threshold: number;
  version: {
    id: number;
    version_no: number;
    valid_until: string;
    status: QuoteStatus;
    needs_approval: boolean;
    approval_request_id: number | null;
    list_amount: number;
    net_amount: number;
    max_discount_bp: number;
    version_date: string;
    lines: { line_no: number; item_id: number; quantity: number; unit_price: number; discount_bp: number; net_amount: number }[];
  };
}

/**
 * Locks a quote (so revisions and acceptance of one quote queue), then reads its latest version
 * with its lines in a second statement, whose snapshot includes whatever the lock waited for.
 */
async function lockQuote(db: Kysely<DB>, quoteId: number, field = 'quoteId'): Promise<LockedQuote> {
  await sql`select id from crm.quotes where id = ${quoteId} for update`.execute(db);
  const { rows } = await sql<LockedQuote>`
    select q.id, q.quote_no, q.customer_id, q.opportunity_id, q.currency, q.sales_order_id, c.segment, c.price_list_code,
           (select s.value #>> '{}' from core.settings s where s.key = 'functional_currency') as functional,
           (select discount_approval_bp from crm.commercial_settings) as threshold,
           (select to_jsonb(v) || jsonb_build_object('lines', coalesce((select jsonb_agg(to_jsonb(l) order by l.line_no) from crm.quote_lines l where l.version_id = v.id), '[]'))
              from crm.quote_versions v where v.quote_id = q.id order by v.version_no desc limit 1) as version
      from crm.quotes q join crm.customers c on c.id = q.customer_id
     where q.id = ${quoteId}`.execute(db);
  const q = rows[0];
  if (!q) throw new DomainError('NOT_FOUND', `quote ${quoteId} does not exist`, field);
  return q;
}

/**
 * Revises a quote: a new version with its own lines and validity, the previous one superseded
 * (read-only from then on). Any quote not yet accepted can be revised, also after a rejected
 * approval, a customer's rejection or expiry.
 */
export const reviseQuote = defineCommand(
  'crm.reviseQuote',
  z.object({ quoteId: id, ...versionInput }),
  async (tx, input) => {
    checkValidity(input.date, input.validUntil);
    const q = await lockQuote(tx.db, input.quoteId);
    if (q.version.status === 'accepted') throw new DomainError('NOT_ALLOWED', `quote ${q.quote_no} is accepted; it cannot be revised`, 'quoteId');
    if (input.date < q.version.version_date) throw new DomainError('INVALID_INPUT', `a revision cannot precede version ${q.version.version_no} of ${q.version.version_date}`, 'date');
    const customer: QuoteCustomer = { id: q.customer_id, currency: q.currency, segment: q.segment, priceListCode: q.price_list_code, functionalCurrency: q.functional, threshold: q.threshold };
    const version = await draftVersion(tx.db, customer, input.date, input.lines);
    const versionNo = q.version.version_no + 1;
    const { rows } = await sql<{ id: number }>`select nextval(pg_get_serial_sequence('crm.quote_versions', 'id'))::int as id`.execute(tx.db);
    const versionId = rows[0]!.id;
    const submitted = input.submit
      ? await submitVersion(tx, { quoteId: q.id, quoteNo: q.quote_no, versionNo, currency: q.currency, date: input.date }, version)
      : { status: 'draft' as const, requestId: null };
    tx.emit({
      aggregateType: 'quote',
      aggregateId: q.id,
      type: 'quote.revised',
      payload: { quoteNo: q.quote_no, version: versionNo, supersedes: q.version.version_no, net: version.net, list: version.list, maxDiscountBp: version.maxDiscountBp, status: submitted.status },
    });
    // The supersede runs first (the insert reads its count), so only one version is ever live.
    await sql`
      with old as (
        update crm.quote_versions set status = 'superseded', status_date = ${input.date}, status_reason = ${`revised as version ${versionNo}`}
         where id = ${q.version.id} returning id
      ), ${insertVersion(version, { id: versionId, quoteId: q.id, versionNo, date: input.date, validUntil: input.validUntil, status: submitted.status, requestId: submitted.requestId, actor: tx.actor }, sql`select count(*) from old`)},
      events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { quoteId: q.id, quoteNo: q.quote_no, versionId, version: versionNo, status: submitted.status, net: version.net, list: version.list, needsApproval: version.needsApproval, approvalRequestId: submitted.requestId };
  },
);

/** Moves the latest version of a quote from one status to another, with its event, in one statement. */
async function setVersionStatus(tx: Tx, q: LockedQuote, status: QuoteStatus, date: string, extra: { reason?: string; requestId?: number } = {}, type = `quote.${status}`) {
  tx.emit({ aggregateType: 'quote', aggregateId: q.id, type, payload: { quoteNo: q.quote_no, version: q.version.version_no, from: q.version.status, reason: extra.reason ?? null } });
  await sql`
    with events as (${tx.eventsInsert()})
    update crm.quote_versions set status = ${status}, status_date = ${date}, status_reason = ${extra.reason ?? null}
           ${extra.requestId !== undefined ? sql`, approval_request_id = ${extra.requestId}` : sql``}
     where id = ${q.version.id}`.execute(tx.db);
}

function refuseBefore(q: LockedQuote, date: string) {
  if (date < q.version.version_date) throw new DomainError('INVALID_INPUT', `quote ${q.quote_no} version ${q.version.version_no} is dated ${q.version.version_date}`, 'date');
}

/** Submits the draft latest version: approved at once, or pending a discount approval. */
export const submitQuote = defineCommand('crm.submitQuote', z.object({ quoteId: id, date: isoDate }), async (tx, input) => {
  const q = await lockQuote(tx.db, input.quoteId);
  if (q.version.status !== 'draft') throw new DomainError('CONFLICT', `quote ${q.quote_no} version ${q.version.version_no} is ${q.version.status}, not draft`, 'quoteId');
  refuseBefore(q, input.date);
  const v = q.version;
  const submitted = await submitVersion(
    tx,
    { quoteId: q.id, quoteNo: q.quote_no, versionNo: v.version_no, currency: q.currency, date: input.date },
    { lines: v.lines, list: v.list_amount, net: v.net_amount, maxDiscountBp: v.max_discount_bp, needsApproval: v.needs_approval },
  );
  await setVersionStatus(tx, q, submitted.status, input.date, submitted.requestId === null ? {} : { requestId: submitted.requestId }, 'quote.submitted');
  return { quoteId: q.id, version: v.version_no, status: submitted.status, approvalRequestId: submitted.requestId };
});

/** Records that an approved quote went to the customer. */
export const sendQuote = defineCommand('crm.sendQuote', z.object({ quoteId: id, date: isoDate }), async (tx, input) => {
  const q = await lockQuote(tx.db, input.quoteId);
  await assertVersionApproved(tx, q);
  if (q.version.status !== 'approved') throw new DomainError('CONFLICT', `quote ${q.quote_no} is ${q.version.status}; only an approved quote is sent`, 'quoteId');
  refuseBefore(q, input.date);
  await setVersionStatus(tx, q, 'sent', input.date);
  return { quoteId: q.id, version: q.version.version_no, status: 'sent' as const };
});

/**
 * The approval gate: a version whose discount needs approval passes only when the request that
 * covers it is the quote's latest and approved (APPROVAL_REQUIRED, _PENDING or _REJECTED otherwise).
 */
async function assertVersionApproved(tx: Tx, q: LockedQuote) {
  const v = q.version;
  if (!v.needs_approval) return;
  if (v.approval_request_id === null) {
    throw new DomainError('APPROVAL_REQUIRED', `quote ${q.quote_no} version ${v.version_no} has a discount of ${v.max_discount_bp / 100}% that needs approval; submit it`, 'quoteId');
  }
  await approvals.assertApproved(tx, QUOTE_DISCOUNT, q.id, 'quoteId');
}

/**
 * The customer accepts the latest version: it must be approved (or sent) and still valid on the
 * date. Creates the sales order with the quoted prices and discounts through erp.createSalesOrder
 * in the same transaction (held like any order when it takes the customer past the credit
 * limit), and marks a linked opportunity won.
 */
export const acceptQuote = defineCommand(
  'crm.acceptQuote',
  z.object({ quoteId: id, date: isoDate, warehouseId: id }),
  async (tx, input) => {
    const q = await lockQuote(tx.db, input.quoteId);
    const v = q.version;
    if (v.status === 'accepted') throw new DomainError('CONFLICT', `quote ${q.quote_no} is already accepted`, 'quoteId');
    await assertVersionApproved(tx, q);
    if (v.status === 'expired' || (input.date > v.valid_until && (v.status === 'approved' || v.status === 'sent'))) {
      throw new DomainError('QUOTE_EXPIRED', `quote ${q.quote_no} was valid until ${v.valid_until}`, 'date');
    }
    if (v.status !== 'approved' && v.status !== 'sent') {
      throw new DomainError('NOT_ALLOWED', `quote ${q.quote_no} version ${v.version_no} is ${v.status}; only an approved or sent quote can be accepted`, 'quoteId');
    }
    refuseBefore(q, input.date);
    const order = await createSalesOrder(tx.context, {
      customerId: q.customer_id,
      date: input.date,
      warehouseId: input.warehouseId,
      lines: v.lines.map((l) => ({ itemId: l.item_id, quantity: l.quantity, unitPrice: l.unit_price, discountBp: l.discount_bp })),
    });
    tx.emit({ aggregateType: 'quote', aggregateId: q.id, type: 'quote.accepted', payload: { quoteNo: q.quote_no, version: v.version_no, orderId: order.orderId, orderNo: order.orderNo, net: v.net_amount } });
    await sql`
      with v as (
        update crm.quote_versions set status = 'accepted', status_date = ${input.date} where id = ${v.id}
      ), events as (${tx.eventsInsert()})
      update crm.quotes set sales_order_id = ${order.orderId}, accepted_date = ${input.date} where id = ${q.id}`.execute(tx.db);
    if (q.opportunity_id !== null) await winOpportunity(tx, q.opportunity_id, q.quote_no, input.date);
    return { quoteId: q.id, version: v.version_no, orderId: order.orderId, orderNo: order.orderNo, orderStatus: order.status, net: order.net, tax: order.tax };
  },
);

/** The customer declines the offer (an approved or sent version). It can still be revised. */
export const rejectQuote = defineCommand(
  'crm.rejectQuote',
  z.object({ quoteId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const q = await lockQuote(tx.db, input.quoteId);
    if (q.version.status !== 'approved' && q.version.status !== 'sent') {
      throw new DomainError('CONFLICT', `quote ${q.quote_no} is ${q.version.status}; only an approved or sent quote can be declined`, 'quoteId');
    }
    refuseBefore(q, input.date);
    await setVersionStatus(tx, q, 'rejected', input.date, { reason: input.reason }, 'quote.declined');
    return { quoteId: q.id, version: q.version.version_no, status: 'rejected' as const };
  },
);

/**
 * Expires every live quote version whose validity ended before `asOf` (a daily sweep). A
 * discount request still pending for it stays in the approvers' inbox; deciding it changes nothing.
 */
export const expireQuotes = defineCommand('crm.expireQuotes', z.object({ asOf: isoDate }), async (tx, input) => {
  const { rows } = await sql<{ quote_id: number; version_no: number; valid_until: string }>`
    update crm.quote_versions set status = 'expired', status_date = ${input.asOf}, status_reason = 'validity ended'
     where status in ('draft', 'pending_approval', 'approved', 'sent') and valid_until < ${input.asOf}
    returning quote_id, version_no, valid_until`.execute(tx.db);
  for (const r of rows) tx.emit({ aggregateType: 'quote', aggregateId: r.quote_id, type: 'quote.expired', payload: { version: r.version_no, validUntil: r.valid_until } });
  return { expired: rows.length, quoteIds: rows.map((r) => r.quote_id) };
});

// A decided discount approval moves the version it covers; a request for a version revised since changes nothing.
approvals.onApprovalDecided(QUOTE_DISCOUNT, async (tx, e) => {
  const { rows } = await sql<{ version_no: number }>`
    update crm.quote_versions set status = ${e.status}, status_date = ${e.date}, status_reason = ${e.status === 'rejected' ? 'discount not approved' : null}
     where quote_id = ${e.documentId} and approval_request_id = ${e.requestId} and status = 'pending_approval'
    returning version_no`.execute(tx.db);
  if (rows.length > 0) {
    tx.emit({ aggregateType: 'quote', aggregateId: e.documentId, type: e.status === 'approved' ? 'quote.approved' : 'quote.approval_rejected', payload: { version: rows[0]!.version_no, requestId: e.requestId } });
  }
});
