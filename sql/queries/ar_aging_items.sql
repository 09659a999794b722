-- Lines on the receivables control account(s) up to a date, per customer, for the ageing
-- report: an invoice falls due after the payment terms the customer had when it was posted;
-- receipts, credit notes and exchange differences count at their own date. (The warehouse has
-- no invoice due dates or open amounts of its own, so ageing settles the oldest due first, as
-- payments are allocated; the total per customer is its balance in the ledger.) Money: minor
-- units of the functional currency, debit positive.
-- @param as_of date = 9999-12-31  The day to age at.
select coalesce(c.code, 'customer ' || g.customer_id::varchar, '(none)') as counterparty,
       c.name,
       g.entry_date as date,
       case when g.source_type in ('customer_invoice', 'service_invoice') and g.amount_functional > 0
            then g.entry_date + coalesce(c.payment_terms_days, 0)::integer else g.entry_date end as due_date,
       g.amount_functional as amount,
       g.entry_no,
       g.source_type
  from fact_gl_line g
  join dim_account a on a.account_code = g.account_code and list_contains(a.roles, 'receivables')
  asof left join dim_customer c on c.customer_id = g.customer_id and g.recorded_at >= c.valid_from
 where g.entry_date <= $as_of
 order by counterparty, date, g.journal_line_id
