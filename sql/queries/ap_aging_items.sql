-- Lines on the payables control account(s) up to a date, per supplier, for the ageing report:
-- a bill falls due after the payment terms the supplier had when it was posted; payments,
-- credits, discounts and exchange differences count at their own date. (The warehouse has no
-- bill due dates or open amounts of its own, so ageing settles the oldest due first; the total
-- per supplier is its balance in the ledger.) Money: minor units of the functional currency,
-- credit positive (what is owed).
-- @param as_of date = 9999-12-31  The day to age at.
select coalesce(s.code, 'supplier ' || g.supplier_id::varchar, '(none)') as counterparty,
       s.legal_name as name,
       g.entry_date as date,
       case when g.source_type = 'vendor_bill' and g.amount_functional < 0
            then g.entry_date + coalesce(s.payment_terms_days, 0)::integer else g.entry_date end as due_date,
       -g.amount_functional as amount,
       g.entry_no,
       g.source_type
  from fact_gl_line g
  join dim_account a on a.account_code = g.account_code and list_contains(a.roles, 'payables')
  asof left join dim_supplier s on s.supplier_id = g.supplier_id and g.recorded_at >= s.valid_from
 where g.entry_date <= $as_of
 order by counterparty, date, g.journal_line_id
