-- Inventory turnover and days of inventory per calendar month of the period, from the latest
-- successful inventory model run (fact_inventory_turnover, grain month): cost of goods sold,
-- the mean daily closing stock value and the days of stock data (minor units), and from them
--   turnover           cogs ÷ average inventory (the month's, not annualised);
--   annual_turnover    turnover × 365 ÷ days;
--   days_of_inventory  average inventory ÷ cogs × days: the days of sales the stock covers.
-- Which rows are summed (scope): with a warehouse or region filter the warehouses in it (cost
-- of goods sold and average stock add up across warehouses); else with a category filter that
-- category's rows; else the company's. The model keeps warehouses and categories apart, so
-- with both a warehouse (or region) and a category filter the category is not applied; the
-- supplier filter never is. Months without stock data are left out.
-- @param period_from date = 2024-01-01  A day in the first month.
-- @param period_to date = 2024-12-31  A day in the last month.
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
), scoped as (
  select t.*,
         case when $warehouse <> 'all' or $region <> 'all' then 'warehouse' when $category <> 'all' then 'category' else 'company' end as scope
    from fact_inventory_turnover t
    left join dim_warehouse w on t.dimension = 'warehouse' and w.warehouse_id::varchar = t.key
   where t.run_id = (select run_id from run)
     and t.grain = 'month'
     and t.period between strftime($period_from::date, '%Y-%m') and strftime($period_to::date, '%Y-%m')
     and case when $warehouse <> 'all' or $region <> 'all' then t.dimension = 'warehouse'
                  and ($warehouse = 'all' or w.code = $warehouse) and ($region = 'all' or w.region = $region)
              when $category <> 'all' then t.dimension = 'category' and t.key = $category
              else t.dimension = 'company' end
), monthly as (
  select period as month, any_value(scope) as scope, max(days) as days,
         sum(cogs_functional)::bigint as cogs, sum(average_inventory_functional)::bigint as average_inventory,
         sum(gross_margin_functional)::bigint as gross_margin
    from scoped group by period
)
select month, scope, days, cogs, average_inventory, gross_margin,
       case when average_inventory > 0 then cogs / average_inventory end as turnover,
       case when average_inventory > 0 then cogs / average_inventory * 365 / days end as annual_turnover,
       case when cogs > 0 then average_inventory / cogs * days end as days_of_inventory
  from monthly
 order by month
