-- Budget against actual by month, revenue or expense account and cost centre, as `ledgerloop
-- budget` computes it: the budget is each year's approved version, the actual the ledger lines
-- dated in the month, both on the account's natural side (revenue as credits, expenses as
-- debits), in minor units of the functional currency; variance = actual − budget. Rows with
-- neither are left out; cost_center null = not allocated to a cost centre.
-- @param from date = 1900-01-01  A day in the first month to include.
-- @param to date = 9999-12-31  A day in the last month to include.
with actual as (
  select date_trunc('month', g.entry_date)::date as month, g.account_code, g.cost_center, sum(g.amount_functional) as debit_balance
    from fact_gl_line g
   where g.entry_date >= date_trunc('month', $from::date) and g.entry_date <= last_day($to::date)
   group by all
), budget as (
  select b.month_start as month, b.account_code, b.cost_center, sum(b.amount_functional) as amount
    from fact_budget b
   where b.version_status = 'approved' and b.month_start >= date_trunc('month', $from::date) and b.month_start <= $to::date
   group by all
), keys as (
  select month, account_code, cost_center from actual union select month, account_code, cost_center from budget
), lines as (
  select k.month, a.account_code, a.name as account_name, a.type, k.cost_center,
         coalesce(bu.amount, 0)::bigint as budget,
         (case when a.type = 'expense' then 1 else -1 end * coalesce(ac.debit_balance, 0))::bigint as actual
    from keys k
    join dim_account a on a.account_code = k.account_code and a.type in ('revenue', 'expense')
    left join actual ac on ac.month = k.month and ac.account_code = k.account_code and ac.cost_center is not distinct from k.cost_center
    left join budget bu on bu.month = k.month and bu.account_code = k.account_code and bu.cost_center is not distinct from k.cost_center
   where coalesce(bu.amount, 0) <> 0 or coalesce(ac.debit_balance, 0) <> 0
)
select strftime(r.month, '%Y-%m') as month,
       r.account_code as account,
       r.account_name,
       r.type,
       r.cost_center,
       c.name as cost_center_name,
       r.budget,
       r.actual,
       r.actual - r.budget as variance,
       round(100.0 * (r.actual - r.budget) / nullif(abs(r.budget), 0), 1) as variance_pct,
       case when r.type = 'revenue' then r.actual >= r.budget else r.actual <= r.budget end as favourable
  from lines r
  left join dim_cost_center c on c.cost_center = r.cost_center
 order by r.month, case r.type when 'revenue' then 0 else 1 end, r.account_code, r.cost_center nulls first
