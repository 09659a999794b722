-- The sales lines behind the Overview's revenue and margin: every order line first invoiced in
-- the period (or in one month of it), with its order, customer, item and warehouse, what was
-- invoiced and its net revenue and gross margin in minor units of the functional currency.
-- Filtered like the Overview's revenue: the customer's region (the version in force at the
-- order), the item's category and the shipping warehouse. Unordered: the table that shows it
-- sorts it (an ORDER BY here would sort every line before the table's own sort and count).
-- @param period_from date = 2024-01-01  First invoice day to include.
-- @param period_to date = 2024-12-31  Last invoice day to include.
-- @param month text = all  One month (YYYY-MM) of the period, or all.
-- @param region text = all  Region code, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
select f.order_no, f.line_no, f.first_invoice_date as invoiced_on,
       c.code as customer_code, c.name as customer, c.region,
       p.sku, p.name as item, p.category, w.code as warehouse,
       f.invoiced_qty, f.net_revenue_functional as net_revenue, f.gross_margin_functional as gross_margin
  from fact_sales_line f
  left join dim_customer c using (customer_key)
  left join dim_product p using (product_key)
  left join dim_warehouse w using (warehouse_id)
 where f.first_invoice_date between $period_from and $period_to
   and ($month = 'all' or strftime(f.first_invoice_date, '%Y-%m') = $month)
   and ($region = 'all' or c.region = $region)
   and ($category = 'all' or p.category = $category)
   and ($warehouse = 'all' or w.code = $warehouse)
