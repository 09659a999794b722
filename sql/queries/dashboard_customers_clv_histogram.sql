-- How the customers' lifetime value (clv_52w_functional of the latest successful customers run:
-- the discounted expected net order value over the next 52 weeks, minor units) is spread: about
-- twenty bins of a round width up to the 98th percentile, the last bin open-ended so a few very
-- large customers do not flatten the rest. Per bin: its bounds, the customers and their total
-- value, and how many of them are at risk. Region is the customer's current one; the period and
-- item filters do not apply.
-- @param region text = all  Region code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'customers' and status = 'succeeded'
), forecast as (
  select f.clv_52w_functional as clv, f.at_risk
    from fact_forecast_customer f
    join dim_customer c on c.customer_id = f.customer_id and c.is_current
   where f.run_id = (select run_id from run)
     and ($region = 'all' or c.region = $region)
), spread as (
  select greatest(quantile_cont(clv, 0.98), 1) / 20 as raw from forecast
), step as (
  -- A round bin width: 1, 2 or 5 times a power of ten.
  select m * case when raw / m <= 1 then 1 when raw / m <= 2 then 2 when raw / m <= 5 then 5 else 10 end as width
    from (select raw, power(10, floor(log10(raw))) as m from spread)
), binned as (
  select least(floor(greatest(clv, 0) / width), 20)::integer as bin, clv, at_risk, width from forecast, step
)
select bin,
       (bin * any_value(width))::bigint as clv_from,
       ((bin + 1) * any_value(width))::bigint as clv_to,
       bin = 20 as open_ended,
       count(*)::integer as customers,
       count(*) filter (where at_risk)::integer as at_risk,
       sum(clv)::bigint as clv_total
  from binned
 group by bin
 order by bin
