-- Closing stock per item, warehouse and day with the quantity customers ordered from that
-- warehouse that day (sales lines of orders not cancelled, by order date), for stockout days.
-- Only days fact_inventory_daily holds for the pair (from its first stock move) are listed.
-- @param from date = 1900-01-01  First day to include.
-- @param to date = 9999-12-31  Last day to include.
with demand as (
  select item_id, warehouse_id, order_date as date, sum(ordered_qty) as demand_qty
    from fact_sales_line
   where order_status <> 'cancelled' and order_date between $from and $to
   group by all
)
select d.item_id, d.warehouse_id, d.date::varchar as date, d.on_hand_qty, coalesce(q.demand_qty, 0)::bigint as demand_qty
  from fact_inventory_daily d
  left join demand q using (item_id, warehouse_id, date)
 where d.date between $from and $to
 order by d.item_id, d.warehouse_id, d.date
