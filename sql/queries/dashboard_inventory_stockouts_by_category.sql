-- How often items ran out, per item category and warehouse, from the latest successful
-- inventory model run (fact_inventory_position): the stockout days (days ending with nothing on
-- hand while there was demand or the item is normally stocked there) summed over the category's
-- items in the warehouse, the days observed, and their ratio (stockout_share), plus how many
-- item-warehouse pairs had any. The region and warehouse filters narrow to the warehouses, the
-- category filter to the items' current category; the period and supplier filters do not apply.
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
)
select p.category, w.code as warehouse,
       sum(s.stockout_days)::integer as stockout_days,
       sum(s.observed_days)::integer as observed_days,
       sum(s.stockout_days) / nullif(sum(s.observed_days), 0) as stockout_share,
       count(*) filter (where s.stockout_days > 0)::integer as pairs_with_stockouts,
       count(*)::integer as pairs
  from fact_inventory_position s
  join dim_warehouse w using (warehouse_id)
  join dim_product p on p.item_id = s.item_id and p.is_current
 where s.run_id = (select run_id from run)
   and s.observed_days > 0
   and ($region = 'all' or w.region = $region)
   and ($warehouse = 'all' or w.code = $warehouse)
   and ($category = 'all' or p.category = $category)
 group by all
 order by p.category, w.code
