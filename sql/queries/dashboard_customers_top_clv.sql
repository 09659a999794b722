-- The customers worth most over the next year: the latest successful customers run's
-- clv_52w_functional (discounted expected net order value over 52 weeks, minor units),
-- highest first, with what it is made of (P(alive), expected orders, expected order value) and
-- the customer's status (due to reorder, at risk or active, as in dashboard_customers_status).
-- Region is the customer's current one; the period and item filters do not apply.
-- @param region text = all  Region code, or all.
-- @param limit integer = 15  How many customers.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'customers' and status = 'succeeded'
)
select c.code as customer_code, c.name as customer_name, c.region, c.segment,
       f.clv_52w_functional as clv_52w,
       f.probability_alive, f.expected_purchases_52w as expected_orders_52w,
       f.expected_order_value_functional as expected_order_value,
       case when f.due_to_reorder then 'due to reorder' when f.at_risk then 'at risk' else 'active' end as status
  from fact_forecast_customer f
  join dim_customer c on c.customer_id = f.customer_id and c.is_current
 where f.run_id = (select run_id from run)
   and ($region = 'all' or c.region = $region)
 order by f.clv_52w_functional desc, c.code
 limit $limit
