-- The ABC×XYZ matrix of the latest successful inventory model run (fact_inventory_item): items
-- by consumption value class (A: the items making up the first 80% of it, B: to 95%, C: the
-- rest) crossed with demand variability class (X: weekly demand CV ≤ 0.5, Y: ≤ 1.0, Z: more;
-- "none" without enough demand to tell). Per cell: the items, their consumption value (cost of
-- goods sold over the model's window, minor units) and its share of all. The category filter
-- keeps the items of one category (their current one, dim_product); the classes stay those of
-- the whole company, and stock is not per warehouse here, so the other filters do not apply.
-- @param category text = all  Item category code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'inventory' and status = 'succeeded'
), items as (
  select i.abc, coalesce(i.xyz, 'none') as xyz, i.consumption_functional, i.consumption_share
    from fact_inventory_item i
    join dim_product p on p.item_id = i.item_id and p.is_current
   where i.run_id = (select run_id from run)
     and ($category = 'all' or p.category = $category)
)
select abc, xyz, count(*)::integer as items,
       sum(consumption_functional)::bigint as consumption, sum(consumption_share) as consumption_share
  from items
 group by abc, xyz
 order by abc, xyz
