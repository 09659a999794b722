-- Every account of the chart per calendar month from the month of `from` to the month of `to`
-- (from fact_gl_account_month, the ledger the pipeline sums per account and month):
-- its balance before the month (debit − credit), its debits and credits in the month, and the
-- lines posted to it up to the month's end. The months' rows of a run of months summed (the
-- first month's opening, the months' debits and credits) are gl_account_movements over those
-- months, so the Finance page builds every statement, comparative and monthly figure of its
-- period with the statement models (warehouse/models/statements) from this one query.
-- Company-wide: the region, category, warehouse and supplier filters do not apply to the ledger.
-- Money in minor units of the functional currency.
-- @param from date = 2024-01-01  A day in the first month.
-- @param to date = 2024-12-31  A day in the last month.
with months as (
  select unnest(generate_series(date_trunc('month', $from::date), date_trunc('month', $to::date), interval 1 month))::date as month
), before as (
  select account_code, sum(amount_functional) as amount, sum(lines) as postings
    from fact_gl_account_month
   where month < date_trunc('month', $from::date)
   group by account_code
), moved as (
  select account_code, month, debit_functional as debit, credit_functional as credit, lines as postings
    from fact_gl_account_month
   where month >= date_trunc('month', $from::date) and month <= date_trunc('month', $to::date)
), grid as (
  select a.account_code, a.name, a.type, a.parent_code, a.roles, m.month,
         coalesce(v.debit, 0) as debit, coalesce(v.credit, 0) as credit, coalesce(v.postings, 0) as postings,
         coalesce(b.amount, 0) as opening_before, coalesce(b.postings, 0) as postings_before
    from dim_account a
   cross join months m
    left join moved v on v.account_code = a.account_code and v.month = m.month
    left join before b on b.account_code = a.account_code
)
select strftime(month, '%Y-%m') as month,
       account_code, name, type, parent_code, roles,
       (opening_before + coalesce(sum(debit - credit) over earlier, 0))::bigint as opening,
       debit::bigint as debit,
       credit::bigint as credit,
       (postings_before + sum(postings) over through_month)::bigint as postings
  from grid
window earlier as (partition by account_code order by month rows between unbounded preceding and 1 preceding),
       through_month as (partition by account_code order by month rows between unbounded preceding and current row)
 order by month, account_code
