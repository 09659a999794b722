-- Benchmark (npm run bench -- dashboards): the same aggregate as postgres_revenue_by_month.sql
-- as the Overview reads it, from the monthly sales the pipeline keeps (fact_sales_month): net
-- invoiced revenue per month of invoice and customer region. Whole months: the benchmark's
-- period runs from the first invoice day to the last.
-- @param period_from date = 2024-01-01  A day in the first month.
-- @param period_to date = 2024-12-31  A day in the last month.
-- @param region text = all  Region code, or all.
select strftime(invoice_month, '%Y-%m') as month, region,
       sum(invoiced_net_functional)::bigint as revenue,
       sum(lines) as lines
  from fact_sales_month
 where invoice_month between date_trunc('month', $period_from) and date_trunc('month', $period_to)
   and ($region = 'all' or region = $region)
 group by all
 order by 1, 2
