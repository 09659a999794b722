-- Customers worth a call, from a forecast run: active by the purchase-frequency model but
-- quieter than usual (due_to_reorder), or repeat customers whose chance of being active has
-- fallen below one half (at_risk), with their owner and what they are worth over a year.
-- @param run_id integer = 0  Forecast run (0: the latest).
with run as (select coalesce(nullif($run_id, 0), (select max(run_id) from fact_forecast_customer)) as run_id)
select f.customer_id, c.code, c.name, c.owner_id, c.region, f.probability_alive, f.days_since_last_purchase,
       f.expected_days_between_orders, f.clv_52w_functional, f.expected_purchases_13w, f.due_to_reorder, f.at_risk, f.frequency
  from fact_forecast_customer f
  join run using (run_id)
  join dim_customer c on c.customer_id = f.customer_id and c.is_current
 where (f.due_to_reorder or f.at_risk) and c.owner_id is not null and c.status = 'active'
 order by f.clv_52w_functional desc, f.customer_id
