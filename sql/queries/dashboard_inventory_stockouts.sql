-- The item-warehouse pairs that ran out, from the latest successful inventory model run
-- (fact_inventory_position joined to fact_inventory_item for the classes and policy): stockout
-- days (days ending with nothing on hand while there was demand or the item is normally stocked
-- there) of the days observed, what is on hand now, the reorder point and the fill rate
-- customers saw for the item. Only pairs with at least one stockout day. The region and
-- warehouse filters narrow to the warehouses, the category filter to the items' current
-- category; the period and supplier filters do not apply.
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
)
select p.sku, p.name as item_name, p.category, w.code as warehouse, i.abc_xyz,
       s.stockout_days, s.observed_days, round(s.stockout_share, 3) as stockout_share,
       s.normally_stocked, s.on_hand_qty as on_hand, ceil(i.reorder_point)::integer as reorder_point,
       round(i.unit_fill_rate, 3) as unit_fill_rate
  from fact_inventory_position s
  join dim_warehouse w using (warehouse_id)
  join dim_product p on p.item_id = s.item_id and p.is_current
  left join fact_inventory_item i on i.run_id = s.run_id and i.item_id = s.item_id
 where s.run_id = (select run_id from run)
   and s.stockout_days > 0
   and ($region = 'all' or w.region = $region)
   and ($warehouse = 'all' or w.code = $warehouse)
   and ($category = 'all' or p.category = $category)
 order by s.stockout_share desc, p.sku, w.code
