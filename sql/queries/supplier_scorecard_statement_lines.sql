-- Supplier statement lines for the supplier scorecard (warehouse/supplier-scores.ts): the month
-- reconciled and the supplier's answer (open, confirmed or disputed).
-- @param from date = 1900-01-01  A day in the first month to include.
-- @param to date = 9999-12-31  A day in the last month to include.
select s.supplier_id,
       s.period,
       s.supplier_response
  from fact_supplier_statement_line s
 where s.period_end_date >= date_trunc('month', $from::date) and s.period_end_date <= last_day($to::date)
 order by s.supplier_id, s.period, s.statement_line_id
