-- Items with their inventory classes and policy from the latest successful inventory model run
-- (fact_inventory_item): ABC by consumption value, XYZ by demand variability (none: too little
-- demand to tell; abc_xyz shows it as ·), the weekly demand and its coefficient of variation,
-- the supplier lead time learned from receipts (whole days), safety stock, reorder point (whole
-- units, rounded up) and economic order quantity at the service level, the fill rate customers
-- saw, and what is on hand now with its value (minor units, fact_inventory_position of the same
-- run) and how many warehouses hold stock.
-- `abc` and `xyz` keep one class each (the matrix's cross-filter). The category filter keeps
-- the item's current category; the region and warehouse filters narrow the stock on hand to
-- those warehouses (the classes and policy are company-wide); the supplier filter does not apply.
-- @param abc text = all  A, B, C or all.
-- @param xyz text = all  X, Y, Z, none or all.
-- @param category text = all  Item category code, or all.
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
), stock as (
  select s.item_id, sum(s.on_hand_qty) as on_hand, sum(s.value_functional) as stock_value,
         count(*) filter (where s.on_hand_qty > 0) as warehouses_stocked
    from fact_inventory_position s
    join dim_warehouse w using (warehouse_id)
   where s.run_id = (select run_id from run)
     and ($region = 'all' or w.region = $region)
     and ($warehouse = 'all' or w.code = $warehouse)
   group by s.item_id
)
select i.sku, p.name as item_name, p.category, i.abc || coalesce(i.xyz, '·') as abc_xyz, i.abc, coalesce(i.xyz, 'none') as xyz,
       i.consumption_functional as consumption, round(i.consumption_share, 4) as consumption_share,
       round(i.mean_weekly_demand, 2) as weekly_demand, round(i.demand_cv, 2) as demand_cv,
       round(i.lead_time_mean_days)::integer as lead_time_days,
       ceil(i.safety_stock)::integer as safety_stock, ceil(i.reorder_point)::integer as reorder_point, round(i.eoq)::integer as eoq,
       round(i.unit_fill_rate, 3) as unit_fill_rate,
       coalesce(s.on_hand, 0)::bigint as on_hand, coalesce(s.stock_value, 0)::bigint as stock_value,
       coalesce(s.warehouses_stocked, 0)::integer as warehouses_stocked
  from fact_inventory_item i
  join dim_product p on p.item_id = i.item_id and p.is_current
  left join stock s on s.item_id = i.item_id
 where i.run_id = (select run_id from run)
   and ($category = 'all' or p.category = $category)
   and case when $abc::varchar in ('all', 'A', 'B', 'C') then $abc = 'all' or i.abc = $abc
            else error('abc must be A, B, C or all, not ''' || $abc::varchar || '''') end
   and case when $xyz::varchar in ('all', 'X', 'Y', 'Z', 'none') then $xyz = 'all' or coalesce(i.xyz, 'none') = $xyz
            else error('xyz must be X, Y, Z, none or all, not ''' || $xyz::varchar || '''') end
 order by i.consumption_functional desc, i.sku
