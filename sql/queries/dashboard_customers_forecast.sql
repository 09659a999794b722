-- The purchase-frequency forecast per customer, one row each, from the latest successful
-- customers run (fact_forecast_customer; BG/NBD for how many orders, Gamma-Gamma for their
-- value): when it last ordered and its usual gap between orders, the probability it is still
-- active, the orders expected over the next 13 and 52 weeks, the observed and expected order
-- value and the lifetime value over the next year (minor units), and its status:
--   due to reorder  active (P(alive) ≥ 0.5) but longer since its last order than its usual gap;
--   at risk         a repeat customer whose P(alive) has fallen below 0.5;
--   active          the rest.
-- `status` keeps one status (due, at_risk, active) or all; `customer` one customer by code.
-- Region is the customer's current one; the period and item filters do not apply.
-- @param region text = all  Region code, or all.
-- @param status text = all  due, at_risk, active or all.
-- @param customer text = all  A customer code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'customers' and status = 'succeeded'
)
select c.code as customer_code, c.name as customer_name, c.region, c.segment, c.owner_name as owner,
       case when f.due_to_reorder then 'due to reorder' when f.at_risk then 'at risk' else 'active' end as status,
       strftime(f.first_purchase_date, '%Y-%m-%d') as first_order,
       strftime(f.last_purchase_date, '%Y-%m-%d') as last_order,
       f.days_since_last_purchase as days_since_last_order,
       round(f.expected_days_between_orders)::integer as usual_gap_days,
       f.frequency as repeat_orders,
       round(f.probability_alive, 3) as probability_alive,
       round(f.expected_purchases_13w, 2) as expected_orders_13w,
       round(f.expected_purchases_52w, 2) as expected_orders_52w,
       f.average_order_value_functional as average_order_value,
       f.expected_order_value_functional as expected_order_value,
       f.clv_52w_functional as clv_52w,
       strftime(f.as_of, '%Y-%m-%d') as as_of
  from fact_forecast_customer f
  join dim_customer c on c.customer_id = f.customer_id and c.is_current
 where f.run_id = (select run_id from run)
   and ($region = 'all' or c.region = $region)
   and ($customer = 'all' or c.code = $customer)
   and case $status::varchar
         when 'all' then true
         when 'due' then f.due_to_reorder
         when 'at_risk' then f.at_risk
         when 'active' then not f.due_to_reorder and not f.at_risk
         else error('status must be due, at_risk, active or all, not ''' || $status::varchar || '''')
       end
 order by f.clv_52w_functional desc, c.code
