-- The Overview's headline figures per calendar month, the parts each KPI is computed from (so a
-- period's figure is a ratio of sums, not an average of monthly ratios), in minor units of the
-- functional currency:
--   revenue, gross_margin   net revenue and gross margin of the sales lines first invoiced in
--                           the month (fact_sales_line);
--   won, lost               opportunities closed in the month as won or lost (their current
--                           stage in fact_opportunity_stage);
--   cogs, average_inventory, stock_days
--                           cost of goods sold, mean daily stock value and the days of stock
--                           data, company-wide, from the latest successful inventory model run
--                           (fact_inventory_turnover, grain month); null when that run has no
--                           row for the month;
--   po_lines_due, po_lines_otif
--                           purchase order lines promised in the month (not cancelled), and of
--                           them those received in full, on or before the promised date and
--                           with nothing rejected at inspection (fact_purchase_line);
--   covered                 whether the month is on or after the month of the first sales
--                           order: months before the company's data began are not "zero".
-- One row per month from the month of `from` to the month of `to`, months without activity
-- included with zeros. The global filters narrow each figure where it has the dimension: sales
-- by the customer's region (the version in force at the order), the item's category and the
-- shipping warehouse; closed opportunities by region; purchase lines by the receiving
-- warehouse's region, category, warehouse and supplier. A filter a figure has no dimension for
-- (a supplier for revenue, say) leaves it whole; inventory figures stay company-wide.
-- @param from date = 2024-01-01  A day in the first month.
-- @param to date = 2024-12-31  A day in the last month.
-- @param region text = all  Region code, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param supplier text = all  Supplier code, or all.
with months as (
  select unnest(generate_series(date_trunc('month', $from::date), date_trunc('month', $to::date), interval 1 month))::date as month
), sales as (
  select date_trunc('month', first_invoice_date)::date as month,
         sum(net_revenue_functional) as revenue, sum(gross_margin_functional) as gross_margin
    from fact_sales_line f
    left join dim_customer c using (customer_key)
    left join dim_product p using (product_key)
    left join dim_warehouse w using (warehouse_id)
   where first_invoice_date >= date_trunc('month', $from::date) and first_invoice_date <= last_day($to::date)
     and ($region = 'all' or c.region = $region)
     and ($category = 'all' or p.category = $category)
     and ($warehouse = 'all' or w.code = $warehouse)
   group by 1
), closed as (
  select date_trunc('month', closed_date)::date as month,
         count(*) filter (where outcome = 'won') as won, count(*) filter (where outcome = 'lost') as lost
    from fact_opportunity_stage o
    left join dim_customer c using (customer_key)
   where is_current_stage and outcome in ('won', 'lost')
     and ($region = 'all' or c.region = $region)
     and closed_date >= date_trunc('month', $from::date) and closed_date <= last_day($to::date)
   group by 1
), stock as (
  select strptime(period, '%Y-%m')::date as month, cogs_functional as cogs, average_inventory_functional as average_inventory, days as stock_days
    from fact_inventory_turnover
   where grain = 'month' and dimension = 'company'
     and run_id = (select max(run_id) from meta_model_run where model = 'inventory' and status = 'succeeded')
), supply as (
  select date_trunc('month', expected_date)::date as month,
         count(*) as po_lines_due,
         count(*) filter (where fully_received_date is not null and fully_received_date <= expected_date and coalesce(rejected_qty, 0) = 0) as po_lines_otif
    from fact_purchase_line f
    left join dim_product p using (product_key)
    left join dim_warehouse w using (warehouse_id)
    left join dim_supplier s using (supplier_key)
   where po_status <> 'cancelled'
     and ($region = 'all' or w.region = $region)
     and ($category = 'all' or p.category = $category)
     and ($warehouse = 'all' or w.code = $warehouse)
     and ($supplier = 'all' or s.code = $supplier)
     and expected_date >= date_trunc('month', $from::date) and expected_date <= last_day($to::date)
   group by 1
)
select strftime(m.month, '%Y-%m') as month,
       coalesce(s.revenue, 0)::bigint as revenue,
       coalesce(s.gross_margin, 0)::bigint as gross_margin,
       coalesce(c.won, 0)::integer as won,
       coalesce(c.lost, 0)::integer as lost,
       k.cogs, k.average_inventory, k.stock_days,
       coalesce(p.po_lines_due, 0)::integer as po_lines_due,
       coalesce(p.po_lines_otif, 0)::integer as po_lines_otif,
       coalesce(m.month >= (select date_trunc('month', min(order_date)) from fact_sales_line), false) as covered
  from months m
  left join sales s on s.month = m.month
  left join closed c on c.month = m.month
  left join stock k on k.month = m.month
  left join supply p on p.month = m.month
 order by m.month
