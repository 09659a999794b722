-- The customers of the latest successful purchase-frequency forecast (fact_forecast_customer,
-- model customers) by region and status, with what the forecast expects of them:
--   status       due to reorder  active (P(alive) ≥ 0.5) and longer since its last order than
--                                its usual gap: a re-engagement follow-up is suggested;
--                at risk         a repeat customer whose P(alive) has fallen below 0.5;
--                active          every other customer (still likely active, not yet due).
--   customers, expected_orders_13w, expected_orders_52w, clv_52w (minor units, discounted
--   expected net order value over the next 52 weeks), as_of (the forecast's last observed day).
-- Region is the customer's current one (dim_customer); the region filter narrows to it. The
-- forecast is for the company as of its run, so the period and the item filters do not apply.
-- @param region text = all  Region code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'customers' and status = 'succeeded'
), forecast as (
  select f.*, c.region,
         case when f.due_to_reorder then 'due to reorder' when f.at_risk then 'at risk' else 'active' end as status
    from fact_forecast_customer f
    join dim_customer c on c.customer_id = f.customer_id and c.is_current
   where f.run_id = (select run_id from run)
     and ($region = 'all' or c.region = $region)
)
select region, status,
       count(*)::integer as customers,
       sum(expected_purchases_13w) as expected_orders_13w,
       sum(expected_purchases_52w) as expected_orders_52w,
       sum(clv_52w_functional)::bigint as clv_52w,
       strftime(max(as_of), '%Y-%m-%d') as as_of
  from forecast
 group by region, status
 order by region, status
