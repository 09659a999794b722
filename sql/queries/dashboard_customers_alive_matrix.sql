-- The chance a customer is still active given its history, as the BG/NBD forecast sees it: the
-- customers of the latest successful customers run (fact_forecast_customer) grouped by how
-- many repeat orders they placed (frequency, 10 and more together) and how many weeks ago their
-- last order was (in 4-week steps, a year and more together), with the mean P(alive) and
-- expected orders over the next 13 weeks of each cell. Repeat buyers who went quiet for long
-- are the ones the model gives up on; one-time buyers stay "alive" until proven otherwise.
-- Region is the customer's current one; the period and item filters do not apply.
-- @param region text = all  Region code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'customers' and status = 'succeeded'
), cells as (
  select least(f.frequency, 10) as repeat_orders,
         least(floor((f.age_weeks - f.recency_weeks) / 4), 13)::integer * 4 as weeks_since_last,
         f.probability_alive, f.expected_purchases_13w
    from fact_forecast_customer f
    join dim_customer c on c.customer_id = f.customer_id and c.is_current
   where f.run_id = (select run_id from run)
     and ($region = 'all' or c.region = $region)
)
select repeat_orders,
       case when repeat_orders = 10 then '10+' else repeat_orders::varchar end as repeat_orders_label,
       weeks_since_last,
       case when weeks_since_last = 52 then '52+' else weeks_since_last || '–' || (weeks_since_last + 3) end as weeks_since_last_label,
       count(*)::integer as customers,
       avg(probability_alive) as probability_alive,
       sum(expected_purchases_13w) as expected_orders_13w
  from cells
 group by all
 order by repeat_orders, weeks_since_last
