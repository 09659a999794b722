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
 *   stock value, open receivables and payables) — in the warehouse from the facts that make them
 *   up, so the sales, purchase and payment facts are checked, not only the ledger;
 * - every account's balance: the trial balance to the end of time, summed straight from the
 *   journal lines (the same figures as finance.trialBalance(db, '9999-12-31'), without its join
 *   on entry dates, which costs more than the rest together on a large ledger);
 * - the number of rows of every table (current versions for a type 2 dimension).
 */
export async function postgresFigures(db: Kysely<DB>, tables: readonly WarehouseTable[]): Promise<Figures> {
  const summary = await companySummary(db);
  const balances = await accountBalances(db);
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

/**
 * The ledger summed once, by account and by the kind of document that posted it, and each
 * account's posting roles: every ledger figure below comes from these few hundred rows rather
 * than from another pass over fact_gl_line.
 */
const LEDGER = `
  ledger as (select account_code, source_type, sum(amount_functional) as amount from fact_gl_line group by all),
  roles as (select account_code, unnest(roles) as role from dim_account),
  by_role as (
    select r.role, coalesce(sum(l.amount), 0) as amount,
           coalesce(sum(l.amount) filter (where l.source_type in ('customer_invoice', 'credit_note')), 0) as from_sales_documents,
           coalesce(sum(l.amount) filter (where l.source_type = 'delivery'), 0) as from_deliveries
      from roles r left join ledger l on l.account_code = r.account_code group by r.role
  ),
  role_amount(role, amount, from_sales_documents, from_deliveries) as (
    select * from by_role union all select 'none', 0, 0, 0 -- a figure of a role no account has is 0
  ),
  sales as (
    select coalesce(sum(net_revenue_functional), 0) as revenue, coalesce(sum(delivered_cost_functional), 0) as cogs,
           coalesce(sum(invoiced_net_functional + invoiced_tax_functional - credited_net_functional - credited_tax_functional), 0) as receivable
      from fact_sales_line
  ),
  settled as (
    select coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end) filter (where payment_kind = 'customer_receipt'), 0) as received,
           coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end) filter (where payment_kind = 'supplier_payment'), 0) as paid
      from fact_payment
  )`;

const role = (name: string, column = 'amount') => `(select coalesce(sum(${column}), 0) from role_amount where role = ${literal(name)})`;

const WAREHOUSE_FIGURES = `
  with ${LEDGER}
  select 'revenue' as figure, -${role('revenue')} as value
  union all select 'cost_of_goods_sold', ${role('cogs')}
  union all select 'stock_value', (select coalesce(sum(value_functional), 0) from fact_inventory_daily where date = (select max(date) from fact_inventory_daily))
  union all select 'stock_value_from_movements', (select coalesce(sum(value_functional), 0) from fact_inventory_movement)
  union all select 'open_receivables', (select receivable from sales) - (select received from settled)
  union all select 'open_payables', (select coalesce(sum(billed_amount_functional), 0) from fact_purchase_line) - (select paid from settled)
  union all select 'account:' || account_code, sum(amount) from ledger group by account_code`;

/**
 * Figures the warehouse must agree on with itself: what the sales lines say was earned and
 * delivered against what the ledger lines (themselves reconciled with Postgres account by
 * account) say the sales documents posted. Each pair is compared like a Postgres figure.
 */
const CROSS_CHECKS = `
  with ${LEDGER}
  select 'revenue_from_sales_lines' as figure, (select revenue from sales) as lines, -${role('revenue', 'from_sales_documents')} as ledger
  union all
  select 'cogs_from_sales_lines', (select cogs from sales), ${role('cogs', 'from_deliveries')}`;

/** The cross-checks as two figure sets, facts' side and ledger's side. */
export async function crossCheckFigures(duck: Duck): Promise<{ facts: Figures; ledger: Figures }> {
  const rows = await duck.all<{ figure: string; lines: bigint; ledger: bigint }>(CROSS_CHECKS);
  return {
    facts: new Map(rows.map((r) => [r.figure, toNumber(r.lines)])),
    ledger: new Map(rows.map((r) => [r.figure, toNumber(r.ledger)])),
  };
}

export async function warehouseFigures(duck: Duck, tables: readonly WarehouseTable[]): Promise<Figures> {
  const counts = tables.map((t) => `select ${literal(`rows:${t.table}`)}, count(*) from ${t.table}${t.kind === 'dimension-type2' ? ' where is_current' : ''}`);
  const rows = await duck.all<{ figure: string; value: bigint }>(`${WAREHOUSE_FIGURES} union all ${counts.join(' union all ')}`);
  return new Map(rows.map((r) => [r.figure, toNumber(r.value)]));
}
