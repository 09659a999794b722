import { sql, type Kysely } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
import type { CompanySummary } from '../../domain/status.js';
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
 * - each document fact against the documents it is made of: sales lines against their orders'
 *   invoices, credit notes and refunds, payments against the allocations and unallocated amounts,
 *   purchase lines against the bills, production against its shop-floor events and orders, the
 *   approved budgets against their lines, and the corrective actions still open (a count). Scoped
 *   to the documents a fact models, they hold whatever other
 *   kinds of documents the books contain (each a scan of one document table: no join with the
 *   ledger, which would cost more than the rest together);
 * - the number of rows of every table (current versions for a type 2 dimension).
 *
 * What the sales lines posted (revenue, cost) is checked inside the warehouse against the ledger
 * (crossCheckFigures), itself reconciled account by account.
 */
export async function postgresFigures(db: Kysely<DB>, tables: readonly WarehouseTable[]): Promise<Figures> {
  const balances = await accountBalances(db);
  const summary = await headlineFigures(db, balances);
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

/**
 * The headline figures exactly as companySummary (`ledgerloop status`) defines them — revenue,
 * cost of goods sold, receivables and payables are the balances of the accounts with those
 * roles, stock value the sum of erp.stock — from balances already summed, so the journal is
 * scanned once.
 */
export async function headlineFigures(db: Kysely<DB>, balances: readonly { account: string; balance: number }[]): Promise<Pick<CompanySummary, 'revenue' | 'costOfGoodsSold' | 'stockValue' | 'openReceivables' | 'openPayables'>> {
  const { rows } = await sql<{ role: string; account_code: string }>`
    select role, account_code from finance.account_roles where role in ('revenue', 'cogs', 'receivables', 'payables')`.execute(db);
  const byAccount = new Map(balances.map((b) => [b.account, b.balance]));
  const balance = (role: string) => rows.filter((r) => r.role === role).reduce((s, r) => s + (byAccount.get(r.account_code) ?? 0), 0);
  const stock = (await sql<{ stock: number }>`select coalesce(sum(value), 0)::bigint as stock from erp.stock`.execute(db)).rows[0]!.stock;
  return { revenue: -balance('revenue'), costOfGoodsSold: balance('cogs'), stockValue: stock, openReceivables: balance('receivables'), openPayables: -balance('payables') };
}

/** Every account's balance (debit − credit) over all journal lines. */
export async function accountBalances(db: Kysely<DB>): Promise<{ account: string; balance: number }[]> {
  const { rows } = await sql<{ account: string; balance: number }>`
    select account_code as account, sum(debit - credit)::bigint as balance from finance.journal_lines group by 1 order by 1`.execute(db);
  return rows;
}

/** The document figures, by name; each is computed on both sides. */
export const DOCUMENT_FIGURES = [
  'sales_invoiced', 'sales_credited', 'sales_refunded', 'customer_receipts', 'supplier_payments', 'purchases_billed',
  'production_absorbed', 'production_received', 'budget_approved', 'corrective_actions_open',
] as const;

const POSTGRES_DOCUMENT_FIGURES = `
  with sales_invoices as (select id, gross_functional from erp.customer_invoices where order_id is not null)
  select
    (select coalesce(sum(gross_functional), 0) from sales_invoices)::bigint as sales_invoiced,
    (select coalesce(sum(cn.gross_functional), 0) from erp.credit_notes cn where cn.invoice_id in (select id from sales_invoices))::bigint as sales_credited,
    (select coalesce(sum(f.credited_functional), 0) from erp.customer_refunds f where f.invoice_id in (select id from sales_invoices))::bigint as sales_refunded,
    ((select coalesce(sum(cleared_functional), 0) from erp.payment_allocations)
      + (select coalesce(sum(unallocated_functional), 0) from erp.customer_payments))::bigint as customer_receipts,
    ((select coalesce(sum(cleared_functional), 0) from scm.supplier_payment_allocations)
      + (select coalesce(sum(unallocated_functional), 0) from scm.supplier_payments))::bigint as supplier_payments,
    (select coalesce(sum(grni_value + variance), 0) from scm.vendor_bill_lines)::bigint as purchases_billed,
    (select coalesce(sum(absorbed_value), 0) from erp.production_events)::bigint as production_absorbed,
    (select coalesce(sum(received_value), 0) from erp.production_orders)::bigint as production_received,
    (select coalesce(sum(l.amount), 0) from people.budget_lines l join people.budget_versions v on v.id = l.version_id and v.status = 'approved')::bigint as budget_approved,
    (select count(*) from scm.corrective_actions where closed_on is null)::bigint as corrective_actions_open`;

/**
 * Credit notes on invoices that belong to no sales order (service invoices): the ledger's credit
 * note postings less theirs are those of the sales lines. Few, so listed.
 */
export async function creditNotesOutsideSalesOrders(db: Kysely<DB>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`
    select cn.id from erp.credit_notes cn join erp.customer_invoices i on i.id = cn.invoice_id where i.order_id is null order by 1`.execute(db);
  return rows.map((r) => r.id);
}

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
           coalesce(sum(refunded_net_functional + refunded_tax_functional), 0) as refunded,
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
  union all select 'sales_refunded', (select refunded from sales)
  union all select 'customer_receipts', (select received from settled)
  union all select 'supplier_payments', (select paid from settled)
  union all select 'purchases_billed', (select coalesce(sum(billed_amount_functional), 0) from fact_purchase_line)
  union all select 'production_absorbed', (select coalesce(sum(absorbed_value_functional), 0) from fact_production_operation)
  union all select 'production_received', (select coalesce(sum(received_value_functional), 0) from fact_production_order)
  union all select 'budget_approved', (select coalesce(sum(amount_functional), 0) from fact_budget where version_status = 'approved')
  union all select 'corrective_actions_open', (select coalesce(sum(audit_actions_open), 0) from fact_supplier_audit where first_section_of_audit)
  union all select 'account:' || account_code, amount from ledger`;

export async function warehouseFigures(duck: Duck, tables: readonly WarehouseTable[]): Promise<Figures> {
  const counts = tables.map((t) => `select ${literal(`rows:${t.table}`)}, count(*) from ${t.table}${t.kind === 'dimension-type2' ? ' where is_current' : ''}`);
  const rows = await duck.all<{ figure: string; value: bigint }>(`${WAREHOUSE_FIGURES} union all ${counts.join(' union all ')}`);
  return new Map(rows.map((r) => [r.figure, toNumber(r.value)]));
}

/**
 * Figures the warehouse must agree on with itself: what the sales lines say was earned and what
 * their goods cost, against what the ledger lines (reconciled with Postgres account by account)
 * say the sales documents posted — invoices, credit notes (less those on invoices of no sales
 * order, `outside`) and refunds (only ever for returned goods, so of sales orders), deliveries
 * and the goods returns took back; and each account's balance summed from the monthly ledger
 * (fact_gl_account_month, derived in the warehouse) against its lines, and the monthly sales
 * (fact_sales_month) against the sales lines. Each pair is compared like a Postgres figure.
 */
export async function crossCheckFigures(duck: Duck, outside: readonly number[] = []): Promise<{ facts: Figures; ledger: Figures }> {
  const excluded = outside.length > 0 ? `and not (g.source_type = 'credit_note' and g.source_id in (${outside.map((id) => literal(String(id))).join(', ')}))` : '';
  const rows = await duck.all<{ figure: string; lines: bigint; ledger: bigint }>(`
    with roles as (select account_code, unnest(roles) as role from dim_account),
    posted as (
      select coalesce(-sum(g.amount_functional) filter (where r.role = 'revenue' and g.source_type in ('customer_invoice', 'credit_note', 'customer_refund') ${excluded}), 0) as revenue,
             coalesce(sum(g.amount_functional) filter (where r.role = 'cogs' and g.source_type in ('delivery', 'customer_return')), 0) as cost
        from fact_gl_line g join roles r on r.account_code = g.account_code and r.role in ('revenue', 'cogs')
    ),
    sales as (select coalesce(sum(net_revenue_functional), 0) as revenue, coalesce(sum(delivered_cost_functional - returned_cost_functional), 0) as cost from fact_sales_line),
    by_line as (select account_code, sum(amount_functional) as amount from fact_gl_line group by all),
    by_month as (select account_code, sum(amount_functional) as amount from fact_gl_account_month group by all),
    sales_month as (select coalesce(sum(lines), 0) as lines, coalesce(sum(net_revenue_functional), 0) as revenue, coalesce(sum(gross_margin_functional), 0) as margin from fact_sales_month),
    sales_lines as (select count(*) as lines, coalesce(sum(net_revenue_functional), 0) as revenue, coalesce(sum(gross_margin_functional), 0) as margin from fact_sales_line)
    select 'revenue_from_sales_lines' as figure, (select revenue from sales) as lines, (select revenue from posted) as ledger
    union all select 'cogs_from_sales_lines', (select cost from sales), (select cost from posted)
    union all select 'account_by_month:' || account_code, coalesce(m.amount, 0), coalesce(l.amount, 0) from by_line l full join by_month m using (account_code)
    union all select 'sales_by_month:lines', (select lines from sales_month), (select lines from sales_lines)
    union all select 'sales_by_month:net_revenue', (select revenue from sales_month), (select revenue from sales_lines)
    union all select 'sales_by_month:gross_margin', (select margin from sales_month), (select margin from sales_lines)`);
  return {
    facts: new Map(rows.map((r) => [r.figure, toNumber(r.lines)])),
    ledger: new Map(rows.map((r) => [r.figure, toNumber(r.ledger)])),
  };
}
