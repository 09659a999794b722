-- Inventory turnover per item category over the whole period, from the latest successful
-- inventory model run (fact_inventory_turnover, grain month, dimension category): the months
-- of the period added up — cost of goods sold and gross margin summed, the average stock value
-- weighted by the days each month covers — then
--   annual_turnover    cogs ÷ average inventory × 365 ÷ days;
--   days_of_inventory  average inventory ÷ cogs × days;
--   gmroi              gross margin ÷ average inventory (over the period).
-- Values in minor units. The category filter keeps one category; the model's category rows are
-- company-wide, so the region, warehouse and supplier filters do not apply.
-- @param period_from date = 2024-01-01  A day in the first month.
-- @param period_to date = 2024-12-31  A day in the last month.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
), periods as (
  select t.key as category, sum(t.days) as days, sum(t.cogs_functional) as cogs, sum(t.gross_margin_functional) as gross_margin,
         sum(t.average_inventory_functional * t.days) / nullif(sum(t.days), 0) as average_inventory
    from fact_inventory_turnover t
   where t.run_id = (select run_id from run)
     and t.grain = 'month' and t.dimension = 'category'
     and t.period between strftime($period_from::date, '%Y-%m') and strftime($period_to::date, '%Y-%m')
     and ($category = 'all' or t.key = $category)
   group by t.key
)
select p.category, coalesce(n.category_name, p.category) as category_name, p.days,
       p.cogs::bigint as cogs, round(p.average_inventory)::bigint as average_inventory, p.gross_margin::bigint as gross_margin,
       case when p.average_inventory > 0 then p.cogs / p.average_inventory * 365 / p.days end as annual_turnover,
       case when p.cogs > 0 then p.average_inventory / p.cogs * p.days end as days_of_inventory,
       case when p.average_inventory > 0 then p.gross_margin / p.average_inventory end as gmroi
  from periods p
  left join (select category, any_value(category_name) as category_name from dim_product where is_current group by category) n using (category)
 order by annual_turnover desc nulls last, p.category
