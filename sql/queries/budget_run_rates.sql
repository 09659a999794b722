-- Monthly run rates for next quarter's budget proposal: per revenue or expense account and cost
-- centre, the amount on the account's natural side (revenue as credits, expenses as debits) in
-- each of the three full months before a day, and whether the account is the revenue or cost of
-- goods sold one. Minor units of the functional currency.
-- @param as_of date = 9999-12-31  The day the proposal is made on: the three months before its month.
with months as (
  select (date_trunc('month', $as_of::date) - interval (m) month)::date as month from range(1, 4) t(m)
)
select strftime(m.month, '%Y-%m') as month, a.account_code, a.name as account_name, a.type, g.cost_center,
       list_contains(a.roles, 'revenue') as is_revenue, list_contains(a.roles, 'cogs') as is_cogs,
       sum(case when a.type = 'expense' then g.amount_functional else -g.amount_functional end)::bigint as amount
  from months m
  join fact_gl_line g on date_trunc('month', g.entry_date) = m.month
  join dim_account a on a.account_code = g.account_code and a.type in ('revenue', 'expense')
 group by m.month, a.account_code, a.name, a.type, g.cost_center, a.roles
 order by a.account_code, g.cost_center, month
