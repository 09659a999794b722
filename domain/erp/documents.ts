import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { relatedDocument, totalAmount, type Counterparty, type DocumentBase, type ItemRef, type RelatedDocument } from '../kernel/documents.js';
import { applyBasisPoints } from '../finance/money.js';
import { functionalCurrency } from '../core/currency.js';
import { postingsOf } from '../finance/references.js';
import { afterSalesReferences, commercialReferencesOfOrder, commercialReferencesOfInvoice, returnReferencesByNumber } from '../crm/references.js';
import { returnableDelivery } from './returns.js';

/**
 * ERP's order-to-cash documents read by number, as a reader opens them from a dashboard row:
 * the header, the lines, the totals (integer minor units of the document's currency) and the
 * documents related to it. Read-only. Documents of other areas that refer to these (returns,
 * tickets, quotes, contracts, journal entries) come from those areas' reference functions.
 */

export interface SalesOrderLine {
  lineNo: number;
  item: ItemRef;
  quantity: number;
  unitPrice: number;
  discountBp: number;
  net: number;
  taxBp: number;
  /** The line's tax as the order computed it (net × rate, rounded). */
  tax: number;
  delivered: number;
  invoiced: number;
  /** Net of the invoiced quantity, order currency. */
  invoicedNet: number;
  cancelled: number;
}

export interface SalesOrderDocument extends DocumentBase<'sales-order'> {
  warehouse: { code: string; name: string };
  holdReason: string | null;
  /** Functional units per unit of the order's currency on the order date. */
  rate: string;
  lines: SalesOrderLine[];
  totals: { net: number; tax: number; gross: number; invoicedNet: number };
}

export async function salesOrderDocument(db: Kysely<DB>, orderNo: string): Promise<SalesOrderDocument | null> {
  const { rows } = await sql<{
    id: number; order_no: string; order_date: string; status: string; hold_reason: string | null; currency: string; rate: string; net: number; tax: number;
    customer: Counterparty; warehouse: { code: string; name: string }; lines: Omit<SalesOrderLine, 'tax'>[];
  }>`
    select o.id, o.order_no, o.order_date, o.status, o.hold_reason, o.currency, o.rate::text as rate, o.net_amount as net, o.tax_amount as tax,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           jsonb_build_object('code', w.code, 'name', w.name) as warehouse,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'lineNo', l.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity,
                       'unitPrice', l.unit_price, 'discountBp', l.discount_bp, 'net', l.net_amount, 'taxBp', l.tax_bp, 'delivered', l.delivered_qty,
                       'invoiced', l.invoiced_qty, 'invoicedNet', l.invoiced_net, 'cancelled', l.cancelled_qty) order by l.line_no)
                       from erp.sales_order_lines l join erp.items i on i.id = l.item_id where l.order_id = o.id), '[]') as lines
      from erp.sales_orders o join crm.customers c on c.id = o.customer_id join erp.warehouses w on w.id = o.warehouse_id
     where o.order_no = ${orderNo}`.execute(db);
  const o = rows[0];
  if (!o) return null;
  const lines = o.lines.map((l) => ({ ...l, tax: applyBasisPoints(l.net, l.taxBp) }));
  const own = await sql<RelatedDocument & { id: number; source_type: string | null }>`
    select 'delivery' as relation, 'delivery' as kind, d.delivery_no as number, d.delivery_date as date, null::text as status,
           d.cost_amount as amount, ${await functionalCurrency(db)}::text as currency, d.id, 'delivery' as source_type
      from erp.deliveries d where d.order_id = ${o.id}
    union all
    select 'invoice', 'invoice', i.invoice_no, i.invoice_date, ${invoiceStatus('i')}, i.gross_amount, i.currency::text, i.id, 'customer_invoice'
      from erp.customer_invoices i where i.order_id = ${o.id}
    union all
    select 'credit note', 'credit-note', n.credit_note_no, n.credit_date, null, n.gross_amount, i.currency::text, n.id, 'credit_note'
      from erp.credit_notes n join erp.customer_invoices i on i.id = n.invoice_id where i.order_id = ${o.id}
    union all
    select 'refund', 'refund', f.refund_no, f.refund_date, null, f.amount, f.currency::text, f.id, null
      from erp.customer_refunds f join erp.customer_invoices i on i.id = f.invoice_id where i.order_id = ${o.id}
    order by 4, 3`.execute(db);
  const ids = (sourceType: string) => own.rows.filter((r) => r.source_type === sourceType).map((r) => r.id);
  const [afterSales, commercial, postings] = await Promise.all([
    afterSalesReferences(db, { deliveryIds: ids('delivery') }),
    commercialReferencesOfOrder(db, o.id),
    postingsOf(db, [{ sourceType: 'delivery', sourceIds: ids('delivery') }, { sourceType: 'customer_invoice', sourceIds: ids('customer_invoice') }, { sourceType: 'credit_note', sourceIds: ids('credit_note') }]),
  ]);
  return {
    kind: 'sales-order',
    number: o.order_no,
    date: o.order_date,
    status: o.status,
    counterparty: o.customer,
    currency: o.currency,
    warehouse: o.warehouse,
    holdReason: o.hold_reason,
    rate: o.rate,
    lines,
    totals: { net: o.net, tax: o.tax, gross: o.net + o.tax, invoicedNet: lines.reduce((s, l) => s + l.invoicedNet, 0) },
    related: [...commercial, ...own.rows.map(relatedDocument), ...afterSales, ...postings],
  };
}

export interface DeliveryLine {
  orderLineNo: number;
  item: ItemRef;
  quantity: number;
  /** Cost of the goods shipped, functional minor units. */
  cost: number;
  /** The lots the units came from. */
  lots: { lotNo: string; quantity: number }[];
}

export interface DeliveryDocument extends DocumentBase<'delivery'> {
  orderNo: string;
  warehouse: { code: string; name: string };
  lines: DeliveryLine[];
  /** Functional minor units. */
  totals: { cost: number; quantity: number };
}

export async function deliveryDocument(db: Kysely<DB>, deliveryNo: string): Promise<DeliveryDocument | null> {
  const { rows } = await sql<{
    id: number; delivery_no: string; delivery_date: string; cost: number; order_no: string; customer: Counterparty; warehouse: { code: string; name: string }; lines: DeliveryLine[];
  }>`
    select d.id, d.delivery_no, d.delivery_date, d.cost_amount as cost, o.order_no,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           jsonb_build_object('code', w.code, 'name', w.name) as warehouse,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'orderLineNo', ol.line_no, 'item', jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit), 'quantity', l.quantity, 'cost', l.cost_amount,
                       'lots', coalesce((select jsonb_agg(jsonb_build_object('lotNo', lo.lot_no, 'quantity', x.quantity) order by lo.lot_no)
                                           from erp.delivery_line_lots x join erp.lots lo on lo.id = x.lot_id where x.delivery_line_id = l.id), '[]')) order by ol.line_no, l.id)
                       from erp.delivery_lines l join erp.sales_order_lines ol on ol.id = l.order_line_id join erp.items i on i.id = l.item_id
                      where l.delivery_id = d.id), '[]') as lines
      from erp.deliveries d join erp.sales_orders o on o.id = d.order_id join crm.customers c on c.id = o.customer_id join erp.warehouses w on w.id = d.warehouse_id
     where d.delivery_no = ${deliveryNo}`.execute(db);
  const d = rows[0];
  if (!d) return null;
  const billed = await returnableDelivery(db, d.id);
  const invoiceNos = [...new Set((billed?.lines ?? []).flatMap((l) => l.invoiceLines.map((il) => il.invoiceNo)))];
  const [order, invoices, afterSales, postings] = await Promise.all([
    sql<RelatedDocument>`select 'sales order' as relation, 'sales-order' as kind, o.order_no as number, o.order_date as date, o.status,
                                (o.net_amount + o.tax_amount)::bigint as amount, o.currency::text as currency
                           from erp.sales_orders o where o.order_no = ${d.order_no}`.execute(db),
    sql<RelatedDocument>`select 'invoice' as relation, 'invoice' as kind, i.invoice_no as number, i.invoice_date as date, ${invoiceStatus('i')} as status,
                                i.gross_amount as amount, i.currency::text as currency
                           from erp.customer_invoices i where i.invoice_no = any(${invoiceNos}::text[]) order by i.invoice_date, i.id`.execute(db),
    afterSalesReferences(db, { deliveryIds: [d.id] }),
    postingsOf(db, [{ sourceType: 'delivery', sourceIds: [d.id] }]),
  ]);
  const lots = d.lines.flatMap((l) => l.lots.map((x) => x.lotNo));
  return {
    kind: 'delivery',
    number: d.delivery_no,
    date: d.delivery_date,
    status: null,
    counterparty: d.customer,
    currency: await functionalCurrency(db),
    orderNo: d.order_no,
    warehouse: d.warehouse,
    lines: d.lines,
    totals: { cost: d.cost, quantity: d.lines.reduce((s, l) => s + l.quantity, 0) },
    related: [
      ...order.rows,
      ...invoices.rows,
      ...[...new Set(lots)].map((lotNo): RelatedDocument => ({ relation: 'lot', kind: 'lot', number: lotNo, date: null, status: null, amount: null, currency: null })),
      ...afterSales,
      ...postings,
    ],
  };
}

export interface InvoiceLine {
  /** The order line it bills; null on a service invoice. */
  orderLineNo: number | null;
  /** Null on a service invoice (a contract instalment, a fee). */
  item: ItemRef | null;
  quantity: number;
  net: number;
  taxBp: number;
  tax: number;
}

export interface InvoiceDocument extends DocumentBase<'invoice'> {
  /** 'goods' bills an order's deliveries; 'service' anything else. */
  invoiceKind: 'goods' | 'service';
  orderNo: string | null;
  dueDate: string;
  rate: string;
  lines: InvoiceLine[];
  /** Invoice currency; `paid` is what payment allocations settled, `credited` what credit notes took off, `refunded` what was paid back. */
  totals: { net: number; tax: number; gross: number; grossFunctional: number; open: number; paid: number; credited: number; refunded: number };
}

export async function invoiceDocument(db: Kysely<DB>, invoiceNo: string): Promise<InvoiceDocument | null> {
  const { rows } = await sql<{
    id: number; invoice_no: string; invoice_date: string; due_date: string; status: string; currency: string; rate: string; net: number; tax: number; gross: number;
    gross_functional: number; open: number; order_id: number | null; order_no: string | null; customer: Counterparty; lines: (InvoiceLine & { id: number })[];
  }>`
    select i.id, i.invoice_no, i.invoice_date, i.due_date, ${invoiceStatus('i')} as status, i.currency, i.rate::text as rate, i.net_amount as net, i.tax_amount as tax,
           i.gross_amount as gross, i.gross_functional, i.open_amount as open, i.order_id, o.order_no,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'id', l.id, 'orderLineNo', ol.line_no,
                       'item', case when it.id is null then null else jsonb_build_object('sku', it.sku, 'name', it.name, 'unit', it.unit) end,
                       'quantity', l.quantity, 'net', l.net_amount, 'taxBp', l.tax_bp, 'tax', l.tax_amount) order by ol.line_no nulls last, l.id)
                       from erp.customer_invoice_lines l left join erp.sales_order_lines ol on ol.id = l.order_line_id left join erp.items it on it.id = l.item_id
                      where l.invoice_id = i.id), '[]') as lines
      from erp.customer_invoices i join crm.customers c on c.id = i.customer_id left join erp.sales_orders o on o.id = i.order_id
     where i.invoice_no = ${invoiceNo}`.execute(db);
  const i = rows[0];
  if (!i) return null;
  const own = await sql<RelatedDocument & { id: number; source_type: string | null }>`
    select 'sales order' as relation, 'sales-order' as kind, o.order_no as number, o.order_date as date, o.status,
           (o.net_amount + o.tax_amount)::bigint as amount, o.currency::text as currency, o.id, null as source_type
      from erp.sales_orders o where o.id = ${i.order_id}
    union all
    select 'payment', 'customer-payment', p.payment_no, p.payment_date, null, a.amount, p.currency::text, p.id, null
      from erp.payment_allocations a join erp.customer_payments p on p.id = a.payment_id where a.invoice_id = ${i.id}
    union all
    select 'credit note', 'credit-note', n.credit_note_no, n.credit_date, null, n.gross_amount, ${i.currency}::text, n.id, 'credit_note'
      from erp.credit_notes n where n.invoice_id = ${i.id}
    union all
    select 'refund', 'refund', f.refund_no, f.refund_date, null, f.amount, f.currency::text, f.id, null
      from erp.customer_refunds f where f.invoice_id = ${i.id}
    order by 4, 3`.execute(db);
  const amountOf = (relation: string) => totalAmount(own.rows.filter((r) => r.relation === relation));
  const [afterSales, commercial, postings] = await Promise.all([
    afterSalesReferences(db, { invoiceLineIds: i.lines.map((l) => l.id) }),
    commercialReferencesOfInvoice(db, i.id),
    postingsOf(db, [
      { sourceType: i.order_id === null ? 'service_invoice' : 'customer_invoice', sourceIds: [i.id] },
      { sourceType: 'credit_note', sourceIds: own.rows.filter((r) => r.source_type === 'credit_note').map((r) => r.id) },
    ]),
  ]);
  return {
    kind: 'invoice',
    number: i.invoice_no,
    date: i.invoice_date,
    status: i.status,
    counterparty: i.customer,
    currency: i.currency,
    invoiceKind: i.order_id === null ? 'service' : 'goods',
    orderNo: i.order_no,
    dueDate: i.due_date,
    rate: i.rate,
    lines: i.lines.map(({ id: _id, ...l }) => l),
    totals: {
      net: i.net, tax: i.tax, gross: i.gross, grossFunctional: i.gross_functional, open: i.open,
      paid: amountOf('payment'), credited: amountOf('credit note'), refunded: amountOf('refund'),
    },
    related: [...commercial, ...own.rows.map(relatedDocument), ...afterSales, ...postings],
  };
}

export interface CreditNoteDocument extends DocumentBase<'credit-note'> {
  invoiceNo: string;
  reason: string;
  /** A credit note credits an invoice as a whole amount; it has no lines of its own. */
  lines: [];
  /** Invoice currency, and the gross at the invoice's rate in functional units. */
  totals: { net: number; tax: number; gross: number; grossFunctional: number };
}

export async function creditNoteDocument(db: Kysely<DB>, creditNoteNo: string): Promise<CreditNoteDocument | null> {
  const { rows } = await sql<{
    id: number; credit_note_no: string; credit_date: string; reason: string; net: number; tax: number; gross: number; gross_functional: number;
    currency: string; customer: Counterparty; invoice: RelatedDocument; order: RelatedDocument | null;
  }>`
    select n.id, n.credit_note_no, n.credit_date, n.reason, n.net_amount as net, n.tax_amount as tax, n.gross_amount as gross, n.gross_functional, i.currency,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           jsonb_build_object('relation', 'credits invoice', 'kind', 'invoice', 'number', i.invoice_no, 'date', i.invoice_date, 'status', ${invoiceStatus('i')},
                              'amount', i.gross_amount, 'currency', i.currency) as invoice,
           case when o.id is null then null else
             jsonb_build_object('relation', 'sales order', 'kind', 'sales-order', 'number', o.order_no, 'date', o.order_date, 'status', o.status,
                                'amount', o.net_amount + o.tax_amount, 'currency', o.currency) end as order
      from erp.credit_notes n join erp.customer_invoices i on i.id = n.invoice_id join crm.customers c on c.id = n.customer_id
      left join erp.sales_orders o on o.id = i.order_id
     where n.credit_note_no = ${creditNoteNo}`.execute(db);
  const n = rows[0];
  if (!n) return null;
  // A return's credit note names the return first in its reason ('RMA-0000007: returned goods').
  const returnNo = /^(RMA-\d+):/.exec(n.reason)?.[1];
  const [returns, postings] = await Promise.all([
    returnNo ? returnReferencesByNumber(db, [returnNo]) : Promise.resolve([]),
    postingsOf(db, [{ sourceType: 'credit_note', sourceIds: [n.id] }]),
  ]);
  return {
    kind: 'credit-note',
    number: n.credit_note_no,
    date: n.credit_date,
    status: null,
    counterparty: n.customer,
    currency: n.currency,
    invoiceNo: n.invoice.number,
    reason: n.reason,
    lines: [],
    totals: { net: n.net, tax: n.tax, gross: n.gross, grossFunctional: n.gross_functional },
    related: [n.invoice, ...(n.order ? [n.order] : []), ...returns, ...postings],
  };
}

export interface PaymentAllocationLine {
  invoiceNo: string;
  date: string;
  /** Payment currency. */
  amount: number;
  /** Functional value the allocation took off receivables, and the exchange difference it posted. */
  clearedFunctional: number;
  fxDifference: number;
}

export interface CustomerPaymentDocument extends DocumentBase<'customer-payment'> {
  reference: string | null;
  rate: string;
  lines: PaymentAllocationLine[];
  totals: { amount: number; amountFunctional: number; allocated: number; unallocated: number };
}

export async function customerPaymentDocument(db: Kysely<DB>, paymentNo: string): Promise<CustomerPaymentDocument | null> {
  const { rows } = await sql<{
    id: number; payment_no: string; payment_date: string; currency: string; rate: string; amount: number; amount_functional: number; unallocated: number;
    reference: string | null; customer: Counterparty; lines: PaymentAllocationLine[];
  }>`
    select p.id, p.payment_no, p.payment_date, p.currency, p.rate::text as rate, p.amount, p.amount_functional, p.unallocated, p.reference,
           jsonb_build_object('role', 'customer', 'code', c.code, 'name', c.name) as customer,
           coalesce((select jsonb_agg(jsonb_build_object('invoiceNo', i.invoice_no, 'date', a.allocation_date, 'amount', a.amount,
                                                         'clearedFunctional', a.cleared_functional, 'fxDifference', a.fx_difference) order by a.id)
                       from erp.payment_allocations a join erp.customer_invoices i on i.id = a.invoice_id where a.payment_id = p.id), '[]') as lines
      from erp.customer_payments p join crm.customers c on c.id = p.customer_id
     where p.payment_no = ${paymentNo}`.execute(db);
  const p = rows[0];
  if (!p) return null;
  const [invoices, postings] = await Promise.all([
    sql<RelatedDocument>`select 'settles invoice' as relation, 'invoice' as kind, i.invoice_no as number, i.invoice_date as date, ${invoiceStatus('i')} as status,
                                i.gross_amount as amount, i.currency::text as currency
                           from erp.customer_invoices i where i.id in (select invoice_id from erp.payment_allocations where payment_id = ${p.id})
                          order by i.invoice_date, i.id`.execute(db),
    postingsOf(db, [{ sourceType: 'customer_payment', sourceIds: [p.id] }, { sourceType: 'payment_allocation', sourceIds: [p.id] }]),
  ]);
  const allocated = p.lines.reduce((s, l) => s + l.amount, 0);
  return {
    kind: 'customer-payment',
    number: p.payment_no,
    date: p.payment_date,
    status: p.unallocated === 0 ? 'allocated' : allocated === 0 ? 'unallocated' : 'partly allocated',
    counterparty: p.customer,
    currency: p.currency,
    reference: p.reference,
    rate: p.rate,
    lines: p.lines,
    totals: { amount: p.amount, amountFunctional: p.amount_functional, allocated, unallocated: p.unallocated },
    related: [...invoices.rows, ...postings],
  };
}

/** 'settled' when nothing is open, 'partly settled' when some of it is, else 'open'. */
const invoiceStatus = (alias: string) =>
  sql.raw(`case when ${alias}.open_amount = 0 then 'settled' when ${alias}.open_amount < ${alias}.gross_amount then 'partly settled' else 'open' end`);
