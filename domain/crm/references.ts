import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { RelatedDocument } from '../kernel/documents.js';

/**
 * CRM's documents as other areas' document readers name them: read-only, from CRM's own
 * tables, by the ERP ids CRM keeps — the returns and service tickets raised against
 * deliveries and invoice lines, the quote and contract behind an order, the contract and
 * invoicing request behind an invoice.
 */

/** Returns (relation 'return') and service tickets (relation 'service ticket') against the given deliveries or invoice lines. */
export async function afterSalesReferences(db: Kysely<DB>, of: { deliveryIds?: number[]; invoiceLineIds?: number[] }): Promise<RelatedDocument[]> {
  const deliveryIds = of.deliveryIds ?? [];
  const invoiceLineIds = of.invoiceLineIds ?? [];
  if (deliveryIds.length === 0 && invoiceLineIds.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    select 'return' as relation, 'return' as kind, r.return_no as number, r.request_date as date, r.status,
           (r.credited_amount + coalesce(r.refunded_amount, 0))::bigint as amount, r.currency::text as currency
      from crm.returns r
     where r.delivery_id = any(${deliveryIds}::int[])
        or exists (select 1 from crm.return_lines l where l.return_id = r.id and l.invoice_line_id = any(${invoiceLineIds}::int[]))
    union all
    select 'service ticket', 'service-ticket', t.ticket_no, t.opened_date, t.status, null::bigint, null::text
      from crm.service_tickets t where t.delivery_id = any(${deliveryIds}::int[])
    order by 1, 4, 3`.execute(db);
  return rows;
}

/** Returns by number (relation 'return'): a credit note names the return it credits in its reason. */
export async function returnReferencesByNumber(db: Kysely<DB>, returnNos: string[]): Promise<RelatedDocument[]> {
  if (returnNos.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    select 'return' as relation, 'return' as kind, r.return_no as number, r.request_date as date, r.status,
           (r.credited_amount + coalesce(r.refunded_amount, 0))::bigint as amount, r.currency::text as currency
      from crm.returns r where r.return_no = any(${returnNos}::text[]) order by r.id`.execute(db);
  return rows;
}

/** The quote a sales order was accepted from and the contract it was placed under. */
export async function commercialReferencesOfOrder(db: Kysely<DB>, orderId: number): Promise<RelatedDocument[]> {
  const { rows } = await sql<RelatedDocument>`
    select 'quote' as relation, 'quote' as kind, q.quote_no as number, q.quote_date as date, 'accepted' as status, null::bigint as amount, q.currency::text as currency
      from crm.quotes q where q.sales_order_id = ${orderId}
    union all
    select 'contract', 'contract', c.contract_no, c.signed_date, c.status, c.value, c.currency::text
      from crm.contracts c join crm.contract_orders co on co.contract_id = c.id where co.order_id = ${orderId}`.execute(db);
  return rows;
}

/** The contract whose instalment an invoice billed, and the invoicing request that produced it. */
export async function commercialReferencesOfInvoice(db: Kysely<DB>, invoiceId: number): Promise<RelatedDocument[]> {
  const { rows } = await sql<RelatedDocument>`
    select 'contract' as relation, 'contract' as kind, c.contract_no as number, c.signed_date as date, c.status, c.value as amount, c.currency::text as currency
      from crm.contracts c join crm.contract_instalments ci on ci.contract_id = c.id where ci.invoice_id = ${invoiceId}
    union all
    select 'invoicing request', 'invoicing-request', r.request_no, r.request_date, r.status, r.amount, r.currency::text
      from crm.invoicing_requests r where r.invoice_id = ${invoiceId}`.execute(db);
  return rows;
}

/** The CRM document a journal entry or stock move names: a customer return (source 'customer_return'); null otherwise. */
export async function crmSourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  if (sourceType !== 'customer_return' || !/^\d{1,9}$/.test(sourceId)) return null;
  const { rows } = await sql<RelatedDocument>`
    select 'source' as relation, 'return' as kind, r.return_no as number, r.request_date as date, r.status,
           (r.credited_amount + coalesce(r.refunded_amount, 0))::bigint as amount, r.currency::text as currency
      from crm.returns r where r.id = ${Number(sourceId)}`.execute(db);
  return rows[0] ?? null;
}
