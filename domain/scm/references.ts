import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import type { RelatedDocument } from '../kernel/documents.js';
import { functionalCurrencySql } from '../core/currency.js';

/** Each SCM source type of a journal entry or stock move: the purchasing document it names, by id. */
const SOURCES: Record<string, (id: number) => RawBuilder<RelatedDocument>> = {
  goods_receipt: (id) => sql`select 'receipt' as kind, receipt_no as number, receipt_date as date, null::text as status, value as amount, ${functionalCurrencySql} as currency
                               from scm.goods_receipts where id = ${id}`,
  vendor_bill: (id) => sql`select 'vendor-bill' as kind, bill_no as number, bill_date as date, case when open_amount = 0 then 'settled' else 'open' end as status,
                                  gross_amount as amount, currency::text as currency from scm.vendor_bills where id = ${id}`,
  supplier_payment: (id) => sql`select 'supplier-payment' as kind, payment_no as number, payment_date as date, null::text as status, amount, currency::text as currency
                                  from scm.supplier_payments where id = ${id}`,
  supplier_return: (id) => sql`select 'supplier-return' as kind, return_no as number, return_date as date, null::text as status, stock_value as amount, ${functionalCurrencySql} as currency
                                 from scm.supplier_returns where id = ${id}`,
  supplier_credit: (id) => sql`select 'supplier-credit' as kind, credit_no as number, credit_date as date, null::text as status, amount, currency::text as currency
                                 from scm.supplier_credits where id = ${id}`,
};

/** The purchasing document a journal entry or stock move names (source type and id); null when the source is not SCM's. */
export async function scmSourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  const query = SOURCES[sourceType];
  if (!query || !/^\d{1,9}$/.test(sourceId)) return null;
  const { rows } = await query(Number(sourceId)).execute(db);
  return rows[0] ? { ...rows[0], relation: 'source' } : null;
}
