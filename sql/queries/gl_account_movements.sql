-- Every account of the chart with its balance before a period (debit − credit) and its debits
-- and credits within it: the input of the financial statements (warehouse/models/statements).
-- Headings are listed too, with zeros. Money in minor units of the functional currency.
-- @param from date = 1900-01-01  First day of the period.
-- @param to date = 9999-12-31  Last day of the period; balances are as at its end.
select a.account_code,
       a.name,
       a.type,
       a.parent_code,
       a.roles,
       coalesce(sum(g.amount_functional) filter (where g.entry_date < $from), 0)::bigint as opening,
       coalesce(sum(g.debit_functional) filter (where g.entry_date >= $from), 0)::bigint as debit,
       coalesce(sum(g.credit_functional) filter (where g.entry_date >= $from), 0)::bigint as credit,
       count(g.journal_line_id) as postings
  from dim_account a
  left join fact_gl_line g on g.account_code = a.account_code and g.entry_date <= $to
 group by all
 order by a.account_code
