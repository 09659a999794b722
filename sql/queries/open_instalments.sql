-- Contract instalments not yet invoiced at a day (the payment plans still to bill), with the
-- customer, due date and amount, for the cash forecast.
-- @param as_of date = 9999-12-31  The day the forecast looks from.
select i.contract_no, i.instalment_no, c.code as counterparty, i.due_date, i.amount_functional
  from fact_contract_instalment i
  left join dim_customer c on c.customer_id = i.customer_id and c.is_current
 where (i.invoiced_date is null or i.invoiced_date > $as_of)
   and i.signed_date <= $as_of
   and i.contract_status = 'active'
 order by i.due_date
