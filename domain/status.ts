import { sql, type Kysely } from 'kysely';
import type { DB } from './db/tables.js';

/** Document kinds that `ledgerloop status` counts, by the table that holds them. */
export const DOCUMENT_KINDS: Record<string, string> = {
  employees: 'people.employees',
  customers: 'crm.customers',
  contacts: 'crm.contacts',
  items: 'erp.items',
  warehouses: 'erp.warehouses',
  sales_orders: 'erp.sales_orders',
  sales_order_lines: 'erp.sales_order_lines',
  deliveries: 'erp.deliveries',
  customer_invoices: 'erp.customer_invoices',
  credit_notes: 'erp.credit_notes',
  customer_payments: 'erp.customer_payments',
  stock_adjustments: 'erp.stock_adjustments',
  stock_moves: 'erp.stock_moves',
  suppliers: 'scm.suppliers',
  purchase_orders: 'scm.purchase_orders',
  goods_receipts: 'scm.goods_receipts',
  vendor_bills: 'scm.vendor_bills',
  supplier_payments: 'scm.supplier_payments',
  journal_entries: 'finance.journal_entries',
  journal_lines: 'finance.journal_lines',
  events: 'core.outbox',
};

export async function documentCounts(db: Kysely<DB>): Promise<Record<string, number>> {
  const parts = Object.entries(DOCUMENT_KINDS).map(([kind, table]) => sql`select ${kind} as kind, count(*)::int as n from ${sql.table(table)}`);
  const { rows } = await sql<{ kind: string; n: number }>`${sql.join(parts, sql` union all `)}`.execute(db);
  return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
}

export interface CompanySummary {
  company: string | null;
  functionalCurrency: string | null;
  revenue: number;
  costOfGoodsSold: number;
  grossMargin: number;
  grossMarginPct: number | null;
  stockValue: number;
  openReceivables: number;
  openPayables: number;
}

/** Headline figures from the ledger, all in functional minor units. */
export async function companySummary(db: Kysely<DB>): Promise<CompanySummary> {
  const { rows } = await sql<{ company: string | null; functional: string | null; revenue: number; cogs: number; stock: number; ar: number; ap: number }>`
    with roles as (select role, account_code from finance.account_roles),
    bal as (select account_code, sum(debit - credit)::bigint as b from finance.journal_lines group by 1)
    select (select value #>> '{}' from core.settings where key = 'company_name') as company,
           (select value #>> '{}' from core.settings where key = 'functional_currency') as functional,
           coalesce(-(select b from bal join roles on roles.account_code = bal.account_code where role = 'revenue'), 0)::bigint as revenue,
           coalesce((select b from bal join roles on roles.account_code = bal.account_code where role = 'cogs'), 0)::bigint as cogs,
           coalesce((select sum(value) from erp.stock), 0)::bigint as stock,
           coalesce((select b from bal join roles on roles.account_code = bal.account_code where role = 'receivables'), 0)::bigint as ar,
           coalesce(-(select b from bal join roles on roles.account_code = bal.account_code where role = 'payables'), 0)::bigint as ap`.execute(db);
  const r = rows[0]!;
  const margin = r.revenue - r.cogs;
  return {
    company: r.company,
    functionalCurrency: r.functional,
    revenue: r.revenue,
    costOfGoodsSold: r.cogs,
    grossMargin: margin,
    grossMarginPct: r.revenue === 0 ? null : Math.round((margin / r.revenue) * 1000) / 10,
    stockValue: r.stock,
    openReceivables: r.ar,
    openPayables: r.ap,
  };
}
