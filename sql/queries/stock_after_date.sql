-- How an item fared in a warehouse over a window, to measure a replenishment or production
-- suggestion against what happened: days observed, days that ended with nothing on hand, the
-- lowest stock, and the quantity ordered by customers in the window.
-- @param item_id integer  The item.
-- @param warehouse_id integer  The warehouse.
-- @param from date  First day of the window.
-- @param to date  Last day of the window.
select (select count(*) from fact_inventory_daily d where d.item_id = $item_id and d.warehouse_id = $warehouse_id and d.date between $from and $to) as days_observed,
       (select count(*) from fact_inventory_daily d where d.item_id = $item_id and d.warehouse_id = $warehouse_id and d.date between $from and $to and d.on_hand_qty <= 0) as stockout_days,
       (select min(on_hand_qty) from fact_inventory_daily d where d.item_id = $item_id and d.warehouse_id = $warehouse_id and d.date between $from and $to) as lowest_on_hand,
       (select coalesce(sum(ordered_qty - cancelled_qty), 0) from fact_sales_line s where s.item_id = $item_id and s.warehouse_id = $warehouse_id and s.order_date between $from and $to and s.order_status <> 'cancelled') as ordered_qty
