-- Closing stock per warehouse at the end of a day: items in stock, units and value (minor units
-- of the functional currency). A day after the last stock move gives the latest position.
-- @param on date = 9999-12-31  The day; the default is the last day any stock moved.
select w.code as warehouse,
       w.name,
       s.date,
       count(*) filter (where s.on_hand_qty > 0) as items_in_stock,
       sum(s.on_hand_qty) as units,
       sum(s.value_functional) as value_functional
  from fact_inventory_daily s
  join dim_warehouse w on w.warehouse_id = s.warehouse_id
 where s.date = (select max(date) from fact_inventory_daily where date <= $on)
 group by all
 order by warehouse
