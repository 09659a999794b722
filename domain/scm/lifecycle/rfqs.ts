import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, money, quantity } from '../../kernel/inputs.js';
import { extendedAmount, toFunctional } from '../../finance/money.js';
import { normaliseRate } from '../../core/currency.js';
import { writeSupplierPrices } from './price-lists.js';
import type { RfqStatus, SupplierStatus } from './tables.js';

/**
 * Requests for quotation: items and quantities sent to several suppliers, their quotations
 * (price, lead time, valid until), a side-by-side comparison and the award, which can record the
 * winning prices in the supplier's price list.
 */

/** Blocked and suspended suppliers are neither invited nor awarded. */
function refuseSupplier(s: { code: string; status: SupplierStatus }, field: string): void {
  if (s.status === 'blocked') throw new DomainError('SUPPLIER_BLOCKED', `supplier ${s.code} is blocked`, field);
  if (s.status === 'suspended') throw new DomainError('SUPPLIER_NOT_APPROVED', `supplier ${s.code} is suspended`, field);
}

export const issueRfq = defineCommand(
  'scm.issueRfq',
  z.object({
    title: z.string().trim().min(1).max(200),
    date: isoDate,
    respondBy: isoDate,
    buyerId: id.optional(),
    lines: z.array(z.object({ itemId: id, quantity, neededBy: isoDate.optional() })).min(1).max(200),
    supplierIds: z.array(id).min(1).max(50),
  }),
  async (tx, input) => {
    if (input.respondBy < input.date) throw new DomainError('INVALID_INPUT', 'the response deadline cannot precede the issue date', 'respondBy');
    const itemIds = input.lines.map((l) => l.itemId);
    const twice = itemIds.findIndex((x, i) => itemIds.indexOf(x) !== i);
    if (twice >= 0) throw new DomainError('DUPLICATE', `item ${itemIds[twice]} appears on two lines`, `lines.${twice}.itemId`);
    const suppliers = [...new Set(input.supplierIds)];
    const { rows } = await sql<{ items: number[]; suppliers: { id: number; code: string; status: SupplierStatus }[]; buyer: boolean }>`
      select (select coalesce(jsonb_agg(i.id), '[]') from erp.items i where i.id = any(${itemIds}::int[]) and i.active) as items,
             (select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'code', s.code, 'status', s.status)), '[]') from scm.suppliers s where s.id = any(${suppliers}::int[])) as suppliers,
             exists (select 1 from people.employees e where e.id = ${input.buyerId ?? null}::int and e.active) as buyer`.execute(tx.db);
    const check = rows[0]!;
    input.lines.forEach((l, i) => {
      if (!check.items.includes(l.itemId)) throw new DomainError('NOT_FOUND', `item ${l.itemId} is unknown or inactive`, `lines.${i}.itemId`);
    });
    input.supplierIds.forEach((supplierId, i) => {
      const s = check.suppliers.find((x) => x.id === supplierId);
      if (!s) throw new DomainError('NOT_FOUND', `supplier ${supplierId} does not exist`, `supplierIds.${i}`);
      refuseSupplier(s, `supplierIds.${i}`);
    });
    if (input.buyerId !== undefined && !check.buyer) throw new DomainError('NOT_FOUND', `employee ${input.buyerId} does not exist or has left`, 'buyerId');
    const lines = input.lines.map((l, i) => ({ line_no: i + 1, item_id: l.itemId, quantity: l.quantity, needed_by: l.neededBy ?? null }));
    const { rows: inserted } = await sql<{ id: number; rfq_no: string }>`
      with r as (
        insert into scm.rfqs (rfq_no, title, issued_on, respond_by, buyer_id, created_by)
        values ('RFQ-' || lpad(nextval('scm.rfq_no')::text, 6, '0'), ${input.title}, ${input.date}, ${input.respondBy}, ${input.buyerId ?? null}::int, ${tx.actor})
        returning id, rfq_no
      ), l as (
        insert into scm.rfq_lines (rfq_id, line_no, item_id, quantity, needed_by)
        select r.id, x.line_no, x.item_id, x.quantity, x.needed_by
          from r, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, needed_by date)
      ), v as (
        insert into scm.rfq_invitations (rfq_id, supplier_id) select r.id, unnest(${suppliers}::int[]) from r
      )
      select id, rfq_no from r`.execute(tx.db);
    const rfq = inserted[0]!;
    tx.emit({ aggregateType: 'rfq', aggregateId: rfq.id, type: 'rfq.issued', payload: { rfqNo: rfq.rfq_no, title: input.title, lines: lines.length, suppliers, respondBy: input.respondBy } });
    return { rfqId: rfq.id, rfqNo: rfq.rfq_no };
  },
);

/** A supplier's quotation for some or all lines of an RFQ, in the supplier's currency. */
export const recordRfqResponse = defineCommand(
  'scm.recordRfqResponse',
  z.object({
    rfqId: id,
    supplierId: id,
    date: isoDate,
    validUntil: isoDate,
    note: z.string().trim().max(2000).optional(),
    lines: z.array(z.object({ itemId: id, unitPrice: money, leadTimeDays: z.number().int().min(0).max(730), minOrderQty: quantity.optional() })).min(1).max(200),
  }),
  async (tx, input) => {
    if (input.validUntil < input.date) throw new DomainError('INVALID_INPUT', 'a quotation cannot expire before it is given', 'validUntil');
    const { rows } = await sql<{ rfq_no: string; status: RfqStatus; issued_on: string; respond_by: string; invited: boolean; responded: boolean; currency: string | null; lines: { id: number; itemId: number }[] }>`
      select r.rfq_no, r.status, r.issued_on, r.respond_by,
             exists (select 1 from scm.rfq_invitations v where v.rfq_id = r.id and v.supplier_id = ${input.supplierId}) as invited,
             exists (select 1 from scm.rfq_responses x where x.rfq_id = r.id and x.supplier_id = ${input.supplierId}) as responded,
             (select s.currency::text from scm.suppliers s where s.id = ${input.supplierId}) as currency,
             (select jsonb_agg(jsonb_build_object('id', l.id, 'itemId', l.item_id)) from scm.rfq_lines l where l.rfq_id = r.id) as lines
        from scm.rfqs r where r.id = ${input.rfqId} for share of r`.execute(tx.db);
    const rfq = rows[0];
    if (!rfq) throw new DomainError('NOT_FOUND', `request for quotation ${input.rfqId} does not exist`, 'rfqId');
    if (rfq.status !== 'open') throw new DomainError('NOT_ALLOWED', `request for quotation ${rfq.rfq_no} is ${rfq.status}`, 'rfqId');
    if (!rfq.currency) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (!rfq.invited) throw new DomainError('NOT_ALLOWED', `supplier ${input.supplierId} was not invited to ${rfq.rfq_no}`, 'supplierId');
    if (rfq.responded) throw new DomainError('DUPLICATE', `supplier ${input.supplierId} has already answered ${rfq.rfq_no}`, 'supplierId');
    if (input.date < rfq.issued_on) throw new DomainError('INVALID_INPUT', `${rfq.rfq_no} was issued on ${rfq.issued_on}`, 'date');
    if (input.date > rfq.respond_by) throw new DomainError('NOT_ALLOWED', `${rfq.rfq_no} took quotations until ${rfq.respond_by}`, 'date');
    const seen = new Set<number>();
    const lines = input.lines.map((l, i) => {
      const line = rfq.lines.find((x) => x.itemId === l.itemId);
      if (!line) throw new DomainError('NOT_FOUND', `${rfq.rfq_no} does not ask for item ${l.itemId}`, `lines.${i}.itemId`);
      if (seen.has(l.itemId)) throw new DomainError('DUPLICATE', `item ${l.itemId} is quoted twice`, `lines.${i}.itemId`);
      seen.add(l.itemId);
      return { rfq_line_id: line.id, unit_price: l.unitPrice, lead_time_days: l.leadTimeDays, min_order_qty: l.minOrderQty ?? 1 };
    });
    const { rows: inserted } = await sql<{ id: number }>`
      with x as (
        insert into scm.rfq_responses (rfq_id, supplier_id, responded_on, valid_until, currency, note, created_by)
        values (${input.rfqId}, ${input.supplierId}, ${input.date}, ${input.validUntil}, ${rfq.currency}, ${input.note ?? null}, ${tx.actor})
        returning id, rfq_id
      ), l as (
        insert into scm.rfq_response_lines (response_id, rfq_id, rfq_line_id, unit_price, lead_time_days, min_order_qty)
        select x.id, x.rfq_id, y.rfq_line_id, y.unit_price, y.lead_time_days, y.min_order_qty
          from x, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as y(rfq_line_id int, unit_price bigint, lead_time_days int, min_order_qty bigint)
      )
      select id from x`.execute(tx.db);
    const responseId = inserted[0]!.id;
    tx.emit({ aggregateType: 'rfq', aggregateId: input.rfqId, type: 'rfq.response_recorded', payload: { responseId, rfqNo: rfq.rfq_no, supplierId: input.supplierId, lines: lines.length, currency: rfq.currency, validUntil: input.validUntil } });
    return { responseId };
  },
);

/**
 * Awards an RFQ to one quotation. With recordPrices (the default) the quoted prices, lead times
 * and minimum quantities enter the supplier's price list from the award date until priceValidTo
 * (default: the quotation's valid-until date; null: until superseded).
 */
export const awardRfq = defineCommand(
  'scm.awardRfq',
  z.object({
    rfqId: id,
    responseId: id,
    date: isoDate,
    reason: z.string().trim().min(1).max(500),
    recordPrices: z.boolean().default(true),
    priceValidTo: isoDate.nullable().optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{
      rfq_no: string; status: RfqStatus; issued_on: string;
      response: { supplierId: number; code: string; status: SupplierStatus; respondedOn: string; validUntil: string; lines: { itemId: number; unitPrice: number; leadTimeDays: number; minOrderQty: number }[] } | null;
    }>`
      select r.rfq_no, r.status, r.issued_on,
             (select jsonb_build_object('supplierId', x.supplier_id, 'code', s.code, 'status', s.status, 'respondedOn', x.responded_on, 'validUntil', x.valid_until,
                       'lines', (select jsonb_agg(jsonb_build_object('itemId', l.item_id, 'unitPrice', y.unit_price, 'leadTimeDays', y.lead_time_days, 'minOrderQty', y.min_order_qty) order by l.line_no)
                                   from scm.rfq_response_lines y join scm.rfq_lines l on l.id = y.rfq_line_id where y.response_id = x.id))
                from scm.rfq_responses x join scm.suppliers s on s.id = x.supplier_id where x.id = ${input.responseId} and x.rfq_id = r.id) as response
        from scm.rfqs r where r.id = ${input.rfqId} for update of r`.execute(tx.db);
    const rfq = rows[0];
    if (!rfq) throw new DomainError('NOT_FOUND', `request for quotation ${input.rfqId} does not exist`, 'rfqId');
    if (rfq.status !== 'open') throw new DomainError('CONFLICT', `request for quotation ${rfq.rfq_no} is already ${rfq.status}`, 'rfqId');
    const response = rfq.response;
    if (!response) throw new DomainError('NOT_FOUND', `quotation ${input.responseId} is not an answer to ${rfq.rfq_no}`, 'responseId');
    if (input.date < response.respondedOn) throw new DomainError('INVALID_INPUT', `the quotation was given on ${response.respondedOn}`, 'date');
    if (response.validUntil < input.date) throw new DomainError('QUOTE_EXPIRED', `the quotation of ${response.code} was valid until ${response.validUntil}`, 'responseId');
    refuseSupplier(response, 'responseId');
    tx.emit({ aggregateType: 'rfq', aggregateId: input.rfqId, type: 'rfq.awarded', payload: { rfqNo: rfq.rfq_no, responseId: input.responseId, supplierId: response.supplierId, date: input.date, reason: input.reason } });
    await sql`
      with u as (
        update scm.rfqs set status = 'awarded', awarded_response_id = ${input.responseId}, closed_on = ${input.date}, close_reason = ${input.reason}
         where id = ${input.rfqId}
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    const prices = input.recordPrices
      ? await writeSupplierPrices(tx, {
          supplierId: response.supplierId,
          validFrom: input.date,
          validTo: input.priceValidTo === undefined ? response.validUntil : input.priceValidTo,
          prices: response.lines,
          rfqResponseId: input.responseId,
          field: 'responseId',
        })
      : { entries: 0, superseded: 0 };
    return { rfqId: input.rfqId, supplierId: response.supplierId, pricesRecorded: prices.entries };
  },
);

export const cancelRfq = defineCommand(
  'scm.cancelRfq',
  z.object({ rfqId: id, date: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const rfq = await tx.db.selectFrom('scm.rfqs').select(['rfq_no', 'status', 'issued_on']).where('id', '=', input.rfqId).forUpdate().executeTakeFirst();
    if (!rfq) throw new DomainError('NOT_FOUND', `request for quotation ${input.rfqId} does not exist`, 'rfqId');
    if (rfq.status !== 'open') throw new DomainError('CONFLICT', `request for quotation ${rfq.rfq_no} is already ${rfq.status}`, 'rfqId');
    if (input.date < rfq.issued_on) throw new DomainError('INVALID_INPUT', `${rfq.rfq_no} was issued on ${rfq.issued_on}`, 'date');
    tx.emit({ aggregateType: 'rfq', aggregateId: input.rfqId, type: 'rfq.cancelled', payload: { rfqNo: rfq.rfq_no, date: input.date, reason: input.reason } });
    await sql`
      with u as (update scm.rfqs set status = 'cancelled', closed_on = ${input.date}, close_reason = ${input.reason} where id = ${input.rfqId}),
      events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { rfqId: input.rfqId };
  },
);

export interface OpenRfq {
  rfqId: number;
  rfqNo: string;
  title: string;
  issuedOn: string;
  respondBy: string;
  invited: number[];
  responded: number[];
  responses: number[];
}

/** RFQs still open, with who was invited and who has answered. */
export async function openRfqs(db: Kysely<DB>): Promise<OpenRfq[]> {
  const { rows } = await sql<OpenRfq>`
    select r.id as "rfqId", r.rfq_no as "rfqNo", r.title, r.issued_on as "issuedOn", r.respond_by as "respondBy",
           (select coalesce(jsonb_agg(v.supplier_id order by v.supplier_id), '[]') from scm.rfq_invitations v where v.rfq_id = r.id) as invited,
           (select coalesce(jsonb_agg(x.supplier_id order by x.id), '[]') from scm.rfq_responses x where x.rfq_id = r.id) as responded,
           (select coalesce(jsonb_agg(x.id order by x.id), '[]') from scm.rfq_responses x where x.rfq_id = r.id) as responses
      from scm.rfqs r where r.status = 'open' order by r.id`.execute(db);
  return rows;
}

export interface RfqQuote {
  responseId: number;
  supplierId: number;
  supplierCode: string;
  currency: string;
  unitPrice: number;
  /** The unit price in the functional currency at the rate on the quotation date. */
  unitPriceFunctional: number;
  amountFunctional: number;
  leadTimeDays: number;
  minOrderQty: number;
  /** 1 = cheapest in functional currency (ties: shorter lead time). */
  rank: number;
}

export interface RfqSupplierSummary {
  supplierId: number;
  supplierCode: string;
  legalName: string;
  status: SupplierStatus;
  responseId: number | null;
  respondedOn: string | null;
  validUntil: string | null;
  currency: string;
  linesQuoted: number;
  /** Sum of the quoted lines, functional minor units. */
  totalFunctional: number;
  maxLeadTimeDays: number | null;
  /** Latest audit total (percent), if audited. */
  auditScore: number | null;
  /** Share of the supplier's received purchase orders whose first receipt came by the expected date; null without history. */
  onTimeRate: number | null;
  deliveries: number;
  awarded: boolean;
}

export interface RfqComparison {
  rfqId: number;
  rfqNo: string;
  title: string;
  status: RfqStatus;
  issuedOn: string;
  respondBy: string;
  functionalCurrency: string;
  suppliers: RfqSupplierSummary[];
  lines: { lineId: number; lineNo: number; itemId: number; sku: string; name: string; quantity: number; quotes: RfqQuote[] }[];
}

/**
 * The quotations of an RFQ side by side: per line every supplier's price in its currency and in
 * the functional currency, lead time and rank; per supplier the totals, its latest audit score
 * and on-time delivery history. Undefined when the RFQ does not exist.
 */
export async function rfqComparison(db: Kysely<DB>, rfqId: number): Promise<RfqComparison | undefined> {
  const { rows } = await sql<{
    rfq_no: string; title: string; status: RfqStatus; issued_on: string; respond_by: string; awarded_response_id: number | null; functional: string;
    lines: { lineId: number; lineNo: number; itemId: number; sku: string; name: string; quantity: number }[];
    suppliers: { supplierId: number; supplierCode: string; legalName: string; status: SupplierStatus; currency: string; responseId: number | null; respondedOn: string | null;
      validUntil: string | null; rate: string | null; shift: number | null; auditScore: number | null; onTime: number; deliveries: number;
      quotes: { lineId: number; unitPrice: number; leadTimeDays: number; minOrderQty: number }[] }[];
  }>`
    select r.rfq_no, r.title, r.status, r.issued_on, r.respond_by, r.awarded_response_id,
           (select st.value #>> '{}' from core.settings st where st.key = 'functional_currency') as functional,
           (select jsonb_agg(jsonb_build_object('lineId', l.id, 'lineNo', l.line_no, 'itemId', l.item_id, 'sku', i.sku, 'name', i.name, 'quantity', l.quantity) order by l.line_no)
              from scm.rfq_lines l join erp.items i on i.id = l.item_id where l.rfq_id = r.id) as lines,
           (select jsonb_agg(jsonb_build_object(
                     'supplierId', s.id, 'supplierCode', s.code, 'legalName', s.legal_name, 'status', s.status, 'currency', coalesce(x.currency, s.currency),
                     'responseId', x.id, 'respondedOn', x.responded_on, 'validUntil', x.valid_until,
                     'rate', (select er.rate::text from core.exchange_rates er where er.currency = x.currency and er.rate_date <= x.responded_on order by er.rate_date desc limit 1),
                     'shift', (select f.minor_units - c.minor_units from core.settings st join core.currencies f on f.code = st.value #>> '{}'
                                 join core.currencies c on c.code = x.currency where st.key = 'functional_currency'),
                     'auditScore', (select a.total_score::float8 from scm.supplier_audits a where a.supplier_id = s.id order by a.audit_date desc, a.id desc limit 1),
                     'onTime', d.on_time, 'deliveries', d.deliveries,
                     'quotes', (select coalesce(jsonb_agg(jsonb_build_object('lineId', y.rfq_line_id, 'unitPrice', y.unit_price, 'leadTimeDays', y.lead_time_days, 'minOrderQty', y.min_order_qty)), '[]')
                                  from scm.rfq_response_lines y where y.response_id = x.id))
                   order by s.code)
              from scm.rfq_invitations v
              join scm.suppliers s on s.id = v.supplier_id
              left join scm.rfq_responses x on x.rfq_id = v.rfq_id and x.supplier_id = v.supplier_id
              cross join lateral (
                select count(*)::int as deliveries, count(*) filter (where g.first_receipt <= g.expected_date)::int as on_time
                  from (select p.expected_date, min(gr.receipt_date) as first_receipt
                          from scm.purchase_orders p join scm.goods_receipts gr on gr.po_id = p.id
                         where p.supplier_id = s.id group by p.id, p.expected_date) g) d
             where v.rfq_id = r.id) as suppliers
      from scm.rfqs r where r.id = ${rfqId}`.execute(db);
  const r = rows[0];
  if (!r) return undefined;
  const functional = (s: (typeof r.suppliers)[number], amount: number) => {
    if (s.currency === r.functional) return amount;
    if (s.rate === null) throw new DomainError('NO_RATE', `no exchange rate for ${s.currency} on or before ${s.respondedOn}`, 'rfqId');
    return toFunctional(amount, normaliseRate(s.rate), s.shift ?? 0);
  };
  const lines = r.lines.map((l) => {
    const quotes = r.suppliers.flatMap((s) =>
      s.quotes
        .filter((q) => q.lineId === l.lineId)
        .map((q) => ({
          responseId: s.responseId!, supplierId: s.supplierId, supplierCode: s.supplierCode, currency: s.currency, unitPrice: q.unitPrice,
          unitPriceFunctional: functional(s, q.unitPrice), amountFunctional: functional(s, extendedAmount(l.quantity, q.unitPrice, 'quantity')),
          leadTimeDays: q.leadTimeDays, minOrderQty: q.minOrderQty, rank: 0,
        })),
    );
    quotes.sort((a, b) => a.amountFunctional - b.amountFunctional || a.leadTimeDays - b.leadTimeDays || a.supplierCode.localeCompare(b.supplierCode));
    quotes.forEach((q, i) => (q.rank = i + 1));
    return { ...l, quotes };
  });
  const suppliers = r.suppliers.map((s) => {
    const quoted = lines.flatMap((l) => l.quotes.filter((q) => q.supplierId === s.supplierId));
    return {
      supplierId: s.supplierId, supplierCode: s.supplierCode, legalName: s.legalName, status: s.status, responseId: s.responseId, respondedOn: s.respondedOn,
      validUntil: s.validUntil, currency: s.currency, linesQuoted: quoted.length, totalFunctional: quoted.reduce((t, q) => t + q.amountFunctional, 0),
      maxLeadTimeDays: quoted.length > 0 ? Math.max(...quoted.map((q) => q.leadTimeDays)) : null, auditScore: s.auditScore,
      onTimeRate: s.deliveries > 0 ? s.onTime / s.deliveries : null, deliveries: s.deliveries, awarded: s.responseId !== null && s.responseId === r.awarded_response_id,
    };
  });
  return {
    rfqId, rfqNo: r.rfq_no, title: r.title, status: r.status, issuedOn: r.issued_on, respondBy: r.respond_by, functionalCurrency: r.functional, suppliers, lines,
  };
}
