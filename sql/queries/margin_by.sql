-- Net revenue, cost of goods sold and gross margin of the sales lines ordered in a window, by
-- product, customer or region (the customer's region when the order was recorded), largest
-- revenue first. Money: minor units of the functional currency; returns and refunds netted.
-- @param from date = 1900-01-01  First order day.
-- @param to date = 9999-12-31  Last order day.
-- @param by text = product  product, customer or region.
select case $by when 'product' then p.sku when 'customer' then c.code else c.region end as key,
       case $by when 'product' then any_value(p.name) when 'customer' then any_value(c.name) else any_value(c.region_name) end as name,
       sum(s.net_revenue_functional)::bigint as net_revenue,
       (sum(s.net_revenue_functional) - sum(s.gross_margin_functional))::bigint as cost_of_goods_sold,
       sum(s.gross_margin_functional)::bigint as gross_margin,
       round(100.0 * sum(s.gross_margin_functional) / nullif(sum(s.net_revenue_functional), 0), 1) as margin_pct
  from fact_sales_line s
  join dim_product p on p.product_key = s.product_key
  join dim_customer c on c.customer_key = s.customer_key
 where s.order_date between $from and $to
 group by 1
 order by net_revenue desc, key
