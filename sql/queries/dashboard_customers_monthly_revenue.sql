-- One customer's revenue by calendar month (the net revenue and gross margin of its sales lines
-- first invoiced in the month, fact_sales_line, minor units) and the orders it placed in the
-- month, from the month of period_from to the month of period_to, months without any included
-- as zeros. The category and warehouse filters narrow to the item's category and the shipping
-- warehouse; the region filter does not apply (the customer has one).
-- @param customer text  The customer's code.
-- @param period_from date = 2024-01-01  A day in the first month.
-- @param period_to date = 2024-12-31  A day in the last month.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
with months as (
  select unnest(generate_series(date_trunc('month', $period_from::date), date_trunc('month', $period_to::date), interval 1 month))::date as month
), customer as (
  select distinct customer_id from dim_customer where code = $customer
), lines as (
  select f.*
    from fact_sales_line f
    left join dim_product p using (product_key)
    left join dim_warehouse w using (warehouse_id)
   where f.customer_id in (select customer_id from customer)
     and ($category = 'all' or p.category = $category)
     and ($warehouse = 'all' or w.code = $warehouse)
), invoiced as (
  select date_trunc('month', first_invoice_date)::date as month,
         sum(net_revenue_functional) as revenue, sum(gross_margin_functional) as gross_margin
    from lines where first_invoice_date is not null group by 1
), ordered as (
  select date_trunc('month', order_date)::date as month, count(distinct order_id) as orders
    from lines where order_status <> 'cancelled' group by 1
)
select strftime(m.month, '%Y-%m') as month,
       coalesce(i.revenue, 0)::bigint as revenue,
       coalesce(i.gross_margin, 0)::bigint as gross_margin,
       coalesce(o.orders, 0)::integer as orders
  from months m
  left join invoiced i on i.month = m.month
  left join ordered o on o.month = m.month
 order by m.month
