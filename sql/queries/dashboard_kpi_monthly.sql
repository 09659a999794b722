-- The Overview's headline figures per calendar month, the parts each KPI is computed from (so a
-- period's figure is a ratio of sums, not an average of monthly ratios), in minor units of the
-- functional currency:
--   revenue, gross_margin   net revenue and gross margin of the sales lines first invoiced in
--                           the month (fact_sales_month: fact_sales_line summed by month);
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
--   pipeline                value of the opportunities open at the month's end (in a stage
--                           other than won or lost then), at the month's mean sales-order
--                           rate of their currency (the currency's overall mean when it had
--                           no order that month);
--   ledger_revenue, ledger_cogs, receivables_opening, receivables_closing, payables_opening,
--   payables_closing, inventory_opening, inventory_closing
--                           the working-capital figures of the month from the general ledger
--                           by posting role (as warehouse/models/statements/ratios.ts reads
--                           them), company-wide: the cash-conversion cycle's parts;
--   ledger_days             the month's days the books cover (from the first posting to the
--                           last): a part month counts only its days with data;
--   covered                 whether the month is on or after the month of the first sales
--                           order: months before the company's data began are not "zero".
-- One row per month from the month of `from` to the month of `to`, months without activity
-- included with zeros. The global filters narrow each figure where it has the dimension: sales
-- by the customer's region (the version in force at the order), the item's category and the
-- shipping warehouse; closed opportunities by the account's region (the lead's while there is
-- no account); purchase lines by the receiving warehouse's region, category, warehouse and
-- supplier. A filter a figure has no dimension for (a supplier for revenue, say) leaves it
-- whole; inventory figures stay company-wide.
-- @param from date = 2024-01-01  A day in the first month.
-- @param to date = 2024-12-31  A day in the last month.
-- @param region text = all  Region code, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param supplier text = all  Supplier code, or all.
with months as (
  select unnest(generate_series(date_trunc('month', $from::date), date_trunc('month', $to::date), interval 1 month))::date as month
), sales as (
  -- The sales lines summed per month by the pipeline (fact_sales_month), region and category
  -- those of the customer and item versions the lines point at.
  select s.invoice_month as month,
         sum(s.net_revenue_functional) as revenue, sum(s.gross_margin_functional) as gross_margin
    from fact_sales_month s
    left join dim_warehouse w using (warehouse_id)
   where s.invoice_month >= date_trunc('month', $from::date) and s.invoice_month <= date_trunc('month', $to::date)
     and ($region = 'all' or s.region = $region)
     and ($category = 'all' or s.category = $category)
     and ($warehouse = 'all' or w.code = $warehouse)
   group by 1
), closed as (
  select date_trunc('month', o.closed_date)::date as month,
         count(*) filter (where o.outcome = 'won') as won, count(*) filter (where o.outcome = 'lost') as lost
    from fact_opportunity_stage o
    left join dim_customer c using (customer_key)
    left join fact_lead l using (lead_id)
   where o.is_current_stage and o.outcome in ('won', 'lost')
     and ($region = 'all' or coalesce(c.region, l.region) = $region)
     and o.closed_date >= date_trunc('month', $from::date) and o.closed_date <= last_day($to::date)
   group by 1
), stock as (
  select strptime(period, '%Y-%m')::date as month, cogs_functional as cogs, average_inventory_functional as average_inventory, days as stock_days
    from fact_inventory_turnover
   where grain = 'month' and dimension = 'company'
     and run_id = (select max(run_id) from meta_model_run where model = 'inventory' and status = 'succeeded')
), rates as (
  select currency, order_month as month, sum(order_rate_sum) / sum(lines) as rate
    from fact_sales_month group by all
), currency_rates as (
  select currency, sum(order_rate_sum) / sum(lines) as rate from fact_sales_month group by all
), pipeline as (
  select m.month,
         sum(o.amount * coalesce(r.rate, cr.rate, 1))::bigint as pipeline
    from months m
    join fact_opportunity_stage o
      on o.entered_date <= last_day(m.month) and (o.left_date is null or o.left_date > last_day(m.month))
     and o.stage_code not in ('won', 'lost')
    left join rates r on r.currency = o.currency and r.month = m.month
    left join currency_rates cr on cr.currency = o.currency
    left join dim_customer c on c.customer_key = o.customer_key
    left join fact_lead l on l.lead_id = o.lead_id
   where ($region = 'all' or coalesce(c.region, l.region) = $region)
   group by 1
), ledger_months as (
  -- The ledger summed per account and month by the pipeline (fact_gl_account_month), so the
  -- balances below are running sums over a few hundred rows, not over every journal line.
  select g.month,
         sum(g.credit_functional - g.debit_functional) filter (where list_contains(a.roles, 'revenue')) as revenue,
         sum(g.amount_functional) filter (where list_contains(a.roles, 'cogs')) as cogs,
         sum(g.amount_functional) filter (where list_contains(a.roles, 'receivables')) as receivables,
         sum(-g.amount_functional) filter (where list_contains(a.roles, 'payables')) as payables,
         sum(g.amount_functional) filter (where list_has_any(a.roles, ['inventory', 'work_in_progress', 'inventory_in_transit'])) as inventory
    from fact_gl_account_month g
    join dim_account a using (account_code)
   where g.month <= date_trunc('month', $to::date)
   group by 1
), ledger_running as (
  select *, sum(receivables) over w as receivables_closing, sum(payables) over w as payables_closing, sum(inventory) over w as inventory_closing
    from ledger_months
  window w as (order by month)
), ledger as (
  -- Balances at each month's end: the running sum of the movements up to the latest month with
  -- postings on or before it.
  select m.month,
         case when r.month = m.month then coalesce(r.revenue, 0) else 0 end as revenue,
         case when r.month = m.month then coalesce(r.cogs, 0) else 0 end as cogs,
         case when r.month = m.month then coalesce(r.receivables, 0) else 0 end as receivables_movement,
         case when r.month = m.month then coalesce(r.payables, 0) else 0 end as payables_movement,
         case when r.month = m.month then coalesce(r.inventory, 0) else 0 end as inventory_movement,
         coalesce(r.receivables_closing, 0) as receivables_closing,
         coalesce(r.payables_closing, 0) as payables_closing,
         coalesce(r.inventory_closing, 0) as inventory_closing
    from months m
    asof left join ledger_running r on m.month >= r.month
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
       coalesce(pl.pipeline, 0)::bigint as pipeline,
       greatest(0, date_diff('day', greatest(m.month, b.first_day), least(last_day(m.month), b.last_day)) + 1)::integer as ledger_days,
       g.revenue::bigint as ledger_revenue, g.cogs::bigint as ledger_cogs,
       (g.receivables_closing - g.receivables_movement)::bigint as receivables_opening, g.receivables_closing::bigint as receivables_closing,
       (g.payables_closing - g.payables_movement)::bigint as payables_opening, g.payables_closing::bigint as payables_closing,
       (g.inventory_closing - g.inventory_movement)::bigint as inventory_opening, g.inventory_closing::bigint as inventory_closing,
       coalesce(m.month >= (select min(order_month) from fact_sales_month), false) as covered
  from months m
  left join sales s on s.month = m.month
  left join closed c on c.month = m.month
  left join stock k on k.month = m.month
  left join supply p on p.month = m.month
  left join pipeline pl on pl.month = m.month
  left join ledger g on g.month = m.month
  cross join (select min(first_entry_date) as first_day, max(last_entry_date) as last_day from fact_gl_account_month) b
 order by m.month
