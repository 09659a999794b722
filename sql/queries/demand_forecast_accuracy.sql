-- How past demand forecasts compare with what happened: per forecast run, item, warehouse and
-- week that has since ended, the forecast, its interval and the quantity actually ordered
-- (0 when nothing was). Weeks after the warehouse's latest order are left out.
-- @param run_id integer = 0  Forecast run to check (0: every run).
with actual as (
  select item_id, warehouse_id, date_trunc('week', order_date)::date as week_start, sum(ordered_qty - cancelled_qty) as qty
    from fact_sales_line where order_status <> 'cancelled' group by all
), seen as (
  select max(order_date) as through from fact_sales_line
)
select f.run_id, f.as_of, f.item_id, p.sku, f.warehouse_id, f.week_start, f.step, f.method, f.pattern,
       f.forecast_qty, f.lower_qty, f.upper_qty,
       coalesce(a.qty, 0) as actual_qty,
       coalesce(a.qty, 0) - f.forecast_qty as error_qty,
       coalesce(a.qty, 0) between f.lower_qty and f.upper_qty as within_interval
  from fact_forecast_demand f
  cross join seen
  left join actual a on a.item_id = f.item_id and a.warehouse_id = f.warehouse_id and a.week_start = f.week_start
  left join dim_product p on p.item_id = f.item_id and p.is_current
 where f.week_start + 6 <= seen.through
   and ($run_id = 0 or f.run_id = $run_id)
 order by f.run_id, f.item_id, f.warehouse_id, f.week_start
