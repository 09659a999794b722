import { sql, type Kysely } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
import { companySummary } from '../../domain/status.js';
import { literal, toNumber, type Duck } from '../warehouse/duck.js';
import type { WarehouseTable } from '../transform/table.js';
import type { Figures } from './compare.js';

/**
 * The figures the warehouse must agree on with Postgres, all in minor units of the functional
 * currency, computed in Postgres in the run's own snapshot:
 * - the headline figures of `ledgerloop status` (companySummary: revenue, cost of goods sold,
 *   stock value, open receivables and payables): in the warehouse from the ledger by account
 *   role, and stock from the daily stock and from the movements;
 * - every account's balance: the trial balance to the end of time, summed straight from the
 *   journal lines (the same figures as finance.trialBalance(db, '9999-12-31'), without its join
 *   on entry dates, which costs more than the rest together on a large ledger);
 * - each document fact against the documents it is made of and what they posted: sales lines
 *   against their orders' invoices, credit notes and the revenue and cost those posted, payments
 *   against the allocations and unallocated amounts, purchase lines against the bills. Scoped to
 *   the documents a fact models, they hold whatever other kinds of documents the books contain;
 * - the number of rows of every table (current versions for a type 2 dimension).
 */
export async function postgresFigures(db: Kysely<DB>, tables: readonly WarehouseTable[]): Promise<Figures> {
  const summary = await companySummary(db);
  const balances = await accountBalances(db);
  const documents = await sql<Record<(typeof DOCUMENT_FIGURES)[number], number>>`${sql.raw(POSTGRES_DOCUMENT_FIGURES)}`.execute(db);
  const counts = await sql<{ t: string; n: number }>`${sql.join(
    tables.map((t) => sql`select ${t.table} as t, (${sql.raw(t.sourceRows)})::bigint as n`),
    sql` union all `,
  )}`.execute(db);
  return new Map<string, number>([
    ['revenue', summary.revenue],
    ['cost_of_goods_sold', summary.costOfGoodsSold],
    ['stock_value', summary.stockValue],
    ['stock_value_from_movements', summary.stockValue],
    ['open_receivables', summary.openReceivables],
    ['open_payables', summary.openPayables],
    ...DOCUMENT_FIGURES.map((f) => [f, Number(documents.rows[0]![f])] as [string, number]),
    ...balances.map((b) => [`account:${b.account}`, b.balance] as [string, number]),
    ...counts.rows.map((r) => [`rows:${r.t}`, r.n] as [string, number]),
  ]);
}

/** Every account's balance (debit − credit) over all journal lines. */
export async function accountBalances(db: Kysely<DB>): Promise<{ account: string; balance: number }[]> {
  const { rows } = await sql<{ account: string; balance: number }>`
    select account_code as account, sum(debit - credit)::bigint as balance from finance.journal_lines group by 1 order by 1`.execute(db);
  return rows;
}

/** The document figures, by name; each is computed on both sides. */
export const DOCUMENT_FIGURES = [
  'sales_invoiced',
  'sales_credited',
  'sales_revenue_posted',
  'sales_cost_posted',
  'customer_receipts',
  'supplier_payments',
  'purchases_billed',
] as const;

const POSTGRES_DOCUMENT_FIGURES = `
  with sales_invoices as (select id, gross_functional, journal_entry_id from erp.customer_invoices where order_id is not null),
  sales_credits as (select cn.gross_functional, cn.journal_entry_id from erp.credit_notes cn join sales_invoices i on i.id = cn.invoice_id),
  -- The revenue the sales documents posted and the cost their deliveries posted: one pass over
  -- the journal lines of the revenue and cost of goods sold accounts.
  posting_entries as (
    select journal_entry_id as id, 'revenue' as role from sales_invoices
    union all select journal_entry_id, 'revenue' from sales_credits
    union all select journal_entry_id, 'cogs' from erp.deliveries
  ),
  posted as (
    select coalesce(sum(l.credit - l.debit) filter (where r.role = 'revenue'), 0) as revenue, coalesce(sum(l.debit - l.credit) filter (where r.role = 'cogs'), 0) as cost
      from finance.journal_lines l
      join finance.account_roles r on r.account_code = l.account_code and r.role in ('revenue', 'cogs')
      join posting_entries p on p.id = l.entry_id and p.role = r.role
  )
  select
    (select coalesce(sum(gross_functional), 0) from sales_invoices)::bigint as sales_invoiced,
    (select coalesce(sum(gross_functional), 0) from sales_credits)::bigint as sales_credited,
    (select revenue from posted)::bigint as sales_revenue_posted,
    (select cost from posted)::bigint as sales_cost_posted,
    ((select coalesce(sum(cleared_functional), 0) from erp.payment_allocations)
      + (select coalesce(sum(unallocated_functional), 0) from erp.customer_payments))::bigint as customer_receipts,
    ((select coalesce(sum(cleared_functional), 0) from scm.supplier_payment_allocations)
      + (select coalesce(sum(unallocated_functional), 0) from scm.supplier_payments))::bigint as supplier_payments,
    (select coalesce(sum(grni_value + variance), 0) from scm.vendor_bill_lines)::bigint as purchases_billed`;

/**
 * The ledger summed once, by account, and each account's posting roles: every ledger figure
 * below comes from these few rows rather than from another pass over fact_gl_line.
 */
const WAREHOUSE_FIGURES = `
  with ledger as (select account_code, sum(amount_functional) as amount from fact_gl_line group by all),
  roles as (select account_code, unnest(roles) as role from dim_account),
  by_role as (select r.role, sum(l.amount) as amount from roles r join ledger l on l.account_code = r.account_code group by r.role),
  role_amount as (select * from by_role union all select 'none', 0), -- a role no account has counts 0
  sales as (
    select coalesce(sum(invoiced_net_functional + invoiced_tax_functional), 0) as invoiced,
           coalesce(sum(credited_net_functional + credited_tax_functional), 0) as credited,
           coalesce(sum(net_revenue_functional), 0) as revenue, coalesce(sum(delivered_cost_functional), 0) as cost
      from fact_sales_line
  ),
  settled as (
    select coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end) filter (where payment_kind = 'customer_receipt'), 0) as received,
           coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end) filter (where payment_kind = 'supplier_payment'), 0) as paid
      from fact_payment
  )
  select 'revenue' as figure, -(select sum(amount) from role_amount where role in ('revenue', 'none')) as value
  union all select 'cost_of_goods_sold', (select sum(amount) from role_amount where role in ('cogs', 'none'))
  union all select 'open_receivables', (select sum(amount) from role_amount where role in ('receivables', 'none'))
  union all select 'open_payables', -(select sum(amount) from role_amount where role in ('payables', 'none'))
  union all select 'stock_value', (select coalesce(sum(value_functional), 0) from fact_inventory_daily where date = (select max(date) from fact_inventory_daily))
  union all select 'stock_value_from_movements', (select coalesce(sum(value_functional), 0) from fact_inventory_movement)
  union all select 'sales_invoiced', (select invoiced from sales)
  union all select 'sales_credited', (select credited from sales)
  union all select 'sales_revenue_posted', (select revenue from sales)
  union all select 'sales_cost_posted', (select cost from sales)
  union all select 'customer_receipts', (select received from settled)
  union all select 'supplier_payments', (select paid from settled)
  union all select 'purchases_billed', (select coalesce(sum(billed_amount_functional), 0) from fact_purchase_line)
  union all select 'account:' || account_code, amount from ledger`;

export async function warehouseFigures(duck: Duck, tables: readonly WarehouseTable[]): Promise<Figures> {
  const counts = tables.map((t) => `select ${literal(`rows:${t.table}`)}, count(*) from ${t.table}${t.kind === 'dimension-type2' ? ' where is_current' : ''}`);
  const rows = await duck.all<{ figure: string; value: bigint }>(`${WAREHOUSE_FIGURES} union all ${counts.join(' union all ')}`);
  return new Map(rows.map((r) => [r.figure, toNumber(r.value)]));
}
