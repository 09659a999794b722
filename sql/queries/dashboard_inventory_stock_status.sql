-- Stock health per warehouse from the latest successful inventory model run
-- (fact_inventory_position): the item-warehouse pairs and the stock value (minor units) in each
-- status by how long since anything moved out — active, slow (nothing out for 90 days), dead
-- (180 days, with stock) — and the stockout days of the pairs (days ending with nothing on hand
-- while there was demand or the item is normally stocked there) against the days observed.
-- Pairs with no stock and no stockout are left out. The region and warehouse filters narrow to
-- the warehouses, the category filter to the items' current category; the period and supplier
-- filters do not apply (stock is aged at the run's day).
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
)
select w.code as warehouse, w.name as warehouse_name, s.status,
       count(*)::integer as pairs,
       sum(s.value_functional)::bigint as stock_value,
       coalesce(sum(s.stockout_days), 0)::integer as stockout_days,
       coalesce(sum(s.observed_days), 0)::integer as observed_days
  from fact_inventory_position s
  join dim_warehouse w using (warehouse_id)
  join dim_product p on p.item_id = s.item_id and p.is_current
 where s.run_id = (select run_id from run)
   and ($region = 'all' or w.region = $region)
   and ($warehouse = 'all' or w.code = $warehouse)
   and ($category = 'all' or p.category = $category)
   and (s.status <> 'no-stock' or coalesce(s.stockout_days, 0) > 0)
 group by all
 order by w.code, s.status
