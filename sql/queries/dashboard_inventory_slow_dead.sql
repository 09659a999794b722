-- Slow and dead stock: the item-warehouse pairs of the latest successful inventory model run
-- (fact_inventory_position) with stock on hand and nothing moved out for 90 days (slow) or 180
-- days (dead), with the quantity and its value (minor units), the last movement out
-- (delivery, issue to production, transfer out) and the item's consumption class. The region
-- and warehouse filters narrow to the warehouses, the category filter to the items' current
-- category; the period and supplier filters do not apply (stock is aged at the run's day).
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
)
select p.sku, p.name as item_name, p.category, w.code as warehouse, s.status,
       s.on_hand_qty as on_hand, s.value_functional as stock_value,
       strftime(s.last_out_date, '%Y-%m-%d') as last_out_date, s.days_without_movement_out,
       i.abc
  from fact_inventory_position s
  join dim_warehouse w using (warehouse_id)
  join dim_product p on p.item_id = s.item_id and p.is_current
  left join fact_inventory_item i on i.run_id = s.run_id and i.item_id = s.item_id
 where s.run_id = (select run_id from run)
   and s.status in ('slow', 'dead')
   and ($region = 'all' or w.region = $region)
   and ($warehouse = 'all' or w.code = $warehouse)
   and ($category = 'all' or p.category = $category)
 order by s.value_functional desc, p.sku, w.code
