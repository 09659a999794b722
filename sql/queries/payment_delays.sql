-- How late each counterparty settles, from the payment allocations through a day: per customer
-- (receipts) and per supplier (the company's own payments), the amount-weighted mean of days
-- paid after the due date (negative: early), and how many allocations it rests on.
-- @param as_of date = 9999-12-31  Last payment day to learn from.
select p.payment_kind as side,
       coalesce(c.code, s.code) as counterparty,
       count(*) as allocations,
       sum(p.days_after_due * abs(p.cleared_functional)) / nullif(sum(abs(p.cleared_functional)), 0) as mean_days_after_due
  from fact_payment p
  left join dim_customer c on c.customer_id = p.customer_id and c.is_current
  left join dim_supplier s on s.supplier_id = p.supplier_id and s.is_current
 where p.days_after_due is not null and coalesce(p.allocation_date, p.payment_date) <= $as_of
 group by all
 order by side, counterparty
