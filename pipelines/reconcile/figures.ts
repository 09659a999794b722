import { sql, type Kysely } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
import { companySummary } from '../../domain/status.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { literal, toNumber, type Duck } from '../warehouse/duck.js';
import type { WarehouseTable } from '../transform/table.js';
import type { Figures } from './compare.js';

/**
 * The figures both sides must agree on, all in minor units of the functional currency:
 * - the headline figures of `ledgerloop status` (revenue, cost of goods sold, stock value,
 *   open receivables and payables) — in the warehouse from the facts that make them up;
 * - every account's balance (the trial balance);
 * - revenue and cost of goods sold posted by sales documents, against the sales lines;
 * - the number of rows of every table (current versions for a type 2 dimension).
 */
export async function postgresFigures(db: Kysely<DB>, tables: readonly WarehouseTable[]): Promise<Figures> {
  const summary = await companySummary(db);
  const tb = await trialBalance(db, '9999-12-31');
  const bySource = await sql<{ revenue: number; cogs: number }>`
    select coalesce(-sum(l.debit - l.credit) filter (where l.account_code = (select account_code from finance.account_roles where role = 'revenue')
                                                       and e.source_type in ('customer_invoice', 'credit_note')), 0)::bigint as revenue,
           coalesce(sum(l.debit - l.credit) filter (where l.account_code = (select account_code from finance.account_roles where role = 'cogs')
                                                      and e.source_type = 'delivery'), 0)::bigint as cogs
      from finance.journal_lines l join finance.journal_entries e on e.id = l.entry_id`.execute(db);
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
    ['revenue_from_sales_lines', bySource.rows[0]!.revenue],
    ['cogs_from_sales_lines', bySource.rows[0]!.cogs],
    ...tb.rows.map((r) => [`account:${r.account}`, r.balance] as [string, number]),
    ...counts.rows.map((r) => [`rows:${r.t}`, r.n] as [string, number]),
  ]);
}

const byRole = (role: string) =>
  `(select coalesce(sum(g.amount_functional), 0) from fact_gl_line g join dim_account a on a.account_code = g.account_code where list_contains(a.roles, ${literal(role)}))`;

const WAREHOUSE_FIGURES = `
  select 'revenue' as figure, -${byRole('revenue')} as value
  union all select 'cost_of_goods_sold', ${byRole('cogs')}
  union all select 'stock_value', (select coalesce(sum(value_functional), 0) from fact_inventory_daily where date = (select max(date) from fact_inventory_daily))
  union all select 'stock_value_from_movements', (select coalesce(sum(value_functional), 0) from fact_inventory_movement)
  union all select 'open_receivables',
    (select coalesce(sum(invoiced_net_functional + invoiced_tax_functional - credited_net_functional - credited_tax_functional), 0) from fact_sales_line)
    - (select coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end), 0) from fact_payment where payment_kind = 'customer_receipt')
  union all select 'open_payables',
    (select coalesce(sum(billed_amount_functional), 0) from fact_purchase_line)
    - (select coalesce(sum(case when allocation_id is null then amount_functional else cleared_functional end), 0) from fact_payment where payment_kind = 'supplier_payment')
  union all select 'revenue_from_sales_lines', (select coalesce(sum(net_revenue_functional), 0) from fact_sales_line)
  union all select 'cogs_from_sales_lines', (select coalesce(sum(delivered_cost_functional), 0) from fact_sales_line)
  union all select 'account:' || account_code, sum(amount_functional) from fact_gl_line group by account_code`;

export async function warehouseFigures(duck: Duck, tables: readonly WarehouseTable[]): Promise<Figures> {
  const counts = tables.map((t) => `select ${literal(`rows:${t.table}`)}, count(*) from ${t.table}${t.kind === 'dimension-type2' ? ' where is_current' : ''}`);
  const rows = await duck.all<{ figure: string; value: bigint }>(`${WAREHOUSE_FIGURES} union all ${counts.join(' union all ')}`);
  return new Map(rows.map((r) => [r.figure, toNumber(r.value)]));
}
