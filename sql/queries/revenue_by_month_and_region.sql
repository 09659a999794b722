-- Net revenue (after credit notes), cost, gross margin and units delivered by order month and
-- customer region, the region being the customer's when each order was recorded. Money in minor
-- units of the functional currency.
-- @param from date = 1900-01-01  First order date to include.
-- @param to date = 9999-12-31  Last order date to include.
select d.year_month as month,
       c.region,
       count(distinct f.order_id) as orders,
       sum(f.delivered_qty) as units_delivered,
       sum(f.net_revenue_functional) as net_revenue_functional,
       sum(f.delivered_cost_functional) as cost_functional,
       sum(f.gross_margin_functional) as gross_margin_functional,
       round(100.0 * sum(f.gross_margin_functional) / nullif(sum(f.net_revenue_functional), 0), 1) as margin_pct
  from fact_sales_line f
  join dim_date d on d.date_key = f.order_date_key
  join dim_customer c on c.customer_key = f.customer_key
 where f.order_date between $from and $to
 group by all
 order by month, c.region
