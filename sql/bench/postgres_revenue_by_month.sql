-- Benchmark (npm run bench -- dashboards): the Overview's revenue aggregate computed directly
-- on the operational tables, as a report without a warehouse would: net invoiced amount in the
-- functional currency per invoice month and customer region. Same result as
-- warehouse_revenue_by_month.sql when every order line is invoiced once (the benchmark's data).
-- $1 first day, $2 last day, $3 region code or 'all'.
select to_char(i.invoice_date, 'YYYY-MM') as month, c.region,
       sum(l.net_amount * i.gross_functional / nullif(i.gross_amount, 0))::bigint as revenue,
       count(*) as lines
  from erp.customer_invoices i
  join erp.customer_invoice_lines l on l.invoice_id = i.id
  join crm.customers c on c.id = i.customer_id
 where i.invoice_date between $1::date and $2::date
   and ($3 = 'all' or c.region = $3)
 group by 1, 2
 order by 1, 2
