-- Cash and bank at the end of a day: the balance of the accounts that play the bank role in
-- the ledger, minor units of the functional currency.
-- @param as_of date = 9999-12-31  The day to take the balance at.
select coalesce(sum(g.amount_functional), 0) as cash_functional
  from fact_gl_line g
  join dim_account a on a.account_code = g.account_code and list_contains(a.roles, 'bank')
 where g.entry_date <= $as_of
