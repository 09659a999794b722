import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import type { RelatedDocument } from '../kernel/documents.js';
import { functionalCurrencySql } from '../core/currency.js';

/**
 * ERP's documents as other areas' document readers name them (kind, number, date, amount):
 * read-only, from ERP's own tables, by the ids other areas keep — a return's delivery, a
 * ticket's delivery, the lots a goods receipt made, the document behind a journal entry.
 */

/** Deliveries (relation 'delivery') and the sales orders they shipped (relation 'sales order'). */
export async function deliveryReferences(db: Kysely<DB>, deliveryIds: number[]): Promise<RelatedDocument[]> {
  if (deliveryIds.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    with d as (select * from erp.deliveries where id = any(${deliveryIds}::int[]))
    select 'sales order' as relation, 'sales-order' as kind, o.order_no as number, o.order_date as date, o.status,
           (o.net_amount + o.tax_amount)::bigint as amount, o.currency::text as currency
      from erp.sales_orders o where o.id in (select order_id from d)
    union all
    select 'delivery', 'delivery', d.delivery_no, d.delivery_date, null, d.cost_amount, ${functionalCurrencySql} from d
    order by 1 desc, 4, 3`.execute(db);
  return rows;
}

/** The invoices that hold the given invoice lines (relation 'invoice'). */
export async function invoiceReferencesOfLines(db: Kysely<DB>, invoiceLineIds: number[]): Promise<RelatedDocument[]> {
  if (invoiceLineIds.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    select 'invoice' as relation, 'invoice' as kind, i.invoice_no as number, i.invoice_date as date,
           case when i.open_amount = 0 then 'settled' else 'open' end as status, i.gross_amount as amount, i.currency::text as currency
      from erp.customer_invoices i
     where i.id in (select invoice_id from erp.customer_invoice_lines where id = any(${invoiceLineIds}::int[]))
     order by i.invoice_date, i.id`.execute(db);
  return rows;
}

/**
 * What a customer return was credited with: the credit notes ERP issued for it (their reason
 * starts with the return's number, on the invoices the return's lines were billed by) and the
 * refunds it paid (source 'customer_return').
 */
export async function returnCreditReferences(db: Kysely<DB>, ret: { returnId: number; returnNo: string; invoiceLineIds: number[] }): Promise<RelatedDocument[]> {
  const { rows } = await sql<RelatedDocument>`
    select 'credit note' as relation, 'credit-note' as kind, n.credit_note_no as number, n.credit_date as date, null::text as status,
           n.gross_amount as amount, i.currency::text as currency
      from erp.credit_notes n join erp.customer_invoices i on i.id = n.invoice_id
     where split_part(n.reason, ':', 1) = ${ret.returnNo}
       and n.invoice_id in (select invoice_id from erp.customer_invoice_lines where id = any(${ret.invoiceLineIds}::int[]))
    union all
    select 'refund', 'refund', f.refund_no, f.refund_date, null, f.amount, f.currency::text
      from erp.customer_refunds f where f.source_type = 'customer_return' and f.source_id = ${String(ret.returnId)}
    order by 4, 3`.execute(db);
  return rows;
}

/** Lots by id (relation 'lot'), with their quality status; quantities are units, so no amount. */
export async function lotReferences(db: Kysely<DB>, lotIds: number[]): Promise<RelatedDocument[]> {
  if (lotIds.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    select 'lot' as relation, 'lot' as kind, o.lot_no as number, o.origin_date as date, o.quality_status as status, null::bigint as amount, null::text as currency
      from erp.lots o where o.id = any(${lotIds}::int[]) order by o.id`.execute(db);
  return rows;
}

/** A lot's number by id, for documents that show it on their lines. */
export async function lotNumbers(db: Kysely<DB>, lotIds: number[]): Promise<Map<number, string>> {
  if (lotIds.length === 0) return new Map();
  const rows = await db.selectFrom('erp.lots').select(['id', 'lot_no']).where('id', 'in', lotIds).execute();
  return new Map(rows.map((r) => [r.id, r.lot_no]));
}

/** Each ERP source type of a journal entry or stock move: the document it names, by id. */
const SOURCES: Record<string, (id: number) => RawBuilder<RelatedDocument>> = {
  delivery: (id) => sql`select 'delivery' as kind, delivery_no as number, delivery_date as date, null::text as status, cost_amount as amount, ${functionalCurrencySql} as currency from erp.deliveries where id = ${id}`,
  customer_invoice: (id) => invoiceSource(id),
  service_invoice: (id) => invoiceSource(id),
  credit_note: (id) => sql`select 'credit-note' as kind, n.credit_note_no as number, n.credit_date as date, null::text as status, n.gross_amount as amount, i.currency::text as currency
                             from erp.credit_notes n join erp.customer_invoices i on i.id = n.invoice_id where n.id = ${id}`,
  customer_payment: (id) => paymentSource(id),
  payment_allocation: (id) => paymentSource(id),
  customer_refund: (id) => sql`select 'refund' as kind, refund_no as number, refund_date as date, null::text as status, amount, currency::text as currency from erp.customer_refunds where id = ${id}`,
  stock_adjustment: (id) => sql`select 'stock-adjustment' as kind, adjustment_no as number, adjustment_date as date, null::text as status,
                                       (select sum(value) from erp.stock_adjustment_lines where adjustment_id = a.id)::bigint as amount, ${functionalCurrencySql} as currency
                                  from erp.stock_adjustments a where id = ${id}`,
  transfer: (id) => sql`select 'transfer' as kind, transfer_no as number, ship_date as date, status, value as amount, ${functionalCurrencySql} as currency from erp.transfers where id = ${id}`,
  transfer_receipt: (id) => sql`select 'transfer-receipt' as kind, receipt_no as number, receipt_date as date, null::text as status, value as amount, ${functionalCurrencySql} as currency from erp.transfer_receipts where id = ${id}`,
  production_order: (id) => sql`select 'production-order' as kind, order_no as number, order_date as date, status, null::bigint as amount, null::text as currency from erp.production_orders where id = ${id}`,
  production_issue: (id) => sql`select 'production-issue' as kind, issue_no as number, issue_date as date, mode as status, value as amount, ${functionalCurrencySql} as currency from erp.production_issues where id = ${id}`,
  production_receipt: (id) => sql`select 'production-receipt' as kind, receipt_no as number, receipt_date as date, null::text as status, value as amount, ${functionalCurrencySql} as currency from erp.production_receipts where id = ${id}`,
};

function invoiceSource(id: number): RawBuilder<RelatedDocument> {
  return sql`select 'invoice' as kind, invoice_no as number, invoice_date as date, case when open_amount = 0 then 'settled' else 'open' end as status,
                    gross_amount as amount, currency::text as currency from erp.customer_invoices where id = ${id}`;
}

function paymentSource(id: number): RawBuilder<RelatedDocument> {
  return sql`select 'customer-payment' as kind, payment_no as number, payment_date as date, null::text as status, amount, currency::text as currency
               from erp.customer_payments where id = ${id}`;
}

/** The ERP document a journal entry or stock move names (source type and id); null when the source is not ERP's or is gone. */
export async function erpSourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  const query = SOURCES[sourceType];
  if (!query || !/^\d{1,9}$/.test(sourceId)) return null;
  const { rows } = await query(Number(sourceId)).execute(db);
  return rows[0] ? { ...rows[0], relation: 'source' } : null;
}
