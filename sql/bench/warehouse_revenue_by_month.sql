-- Benchmark (npm run bench -- dashboards): the same aggregate as postgres_revenue_by_month.sql
-- on the warehouse's sales lines: net invoiced revenue per month of invoice and customer region.
-- @param period_from date = 2024-01-01  First day.
-- @param period_to date = 2024-12-31  Last day.
-- @param region text = all  Region code, or all.
select strftime(month, '%Y-%m') as month, region, revenue, lines
  from (
    select date_trunc('month', f.first_invoice_date) as month, c.region,
           sum(f.invoiced_net_functional)::bigint as revenue,
           count(*) as lines
      from fact_sales_line f
      join dim_customer c using (customer_key)
     where f.first_invoice_date between $period_from and $period_to
       and ($region = 'all' or c.region = $region)
     group by 1, 2
  )
 order by 1, 2
