-- Stock per item and warehouse at the end of a day, with the last day it moved out (a delivery,
-- an issue to production or a transfer out: consumption, not scrap or stocktake adjustments) and
-- the first day the pair had any stock move. Value in minor units of the functional currency.
-- @param on date = 9999-12-31  The day; the default (or any later day) is the last day any stock moved.
with day as (
  select max(date) as on_day from fact_inventory_daily where date <= $on
), out_moves as (
  select m.item_id, m.warehouse_id, max(m.move_date) as last_out_date
    from fact_inventory_movement m, day
   where m.kind in ('delivery', 'issue', 'transfer_out') and m.move_date <= day.on_day
   group by all
), first_days as (
  select item_id, warehouse_id, min(date) as first_date from fact_inventory_daily group by all
)
select d.item_id,
       d.warehouse_id,
       d.date::varchar as on_day,
       d.on_hand_qty,
       d.value_functional,
       o.last_out_date::varchar as last_out_date,
       f.first_date::varchar as first_date
  from fact_inventory_daily d
  join day on d.date = day.on_day
  join first_days f using (item_id, warehouse_id)
  left join out_moves o using (item_id, warehouse_id)
 order by d.item_id, d.warehouse_id
