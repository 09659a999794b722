-- Customer demand per item and day, all warehouses together: the quantity ordered on sales lines
-- of orders not cancelled, by order date (ordered rather than delivered, so a stockout does not
-- hide demand). Feeds XYZ classes and safety stock.
-- @param from date = 1900-01-01  First order date to include.
-- @param to date = 9999-12-31  Last order date to include.
select item_id, order_date::varchar as date, sum(ordered_qty)::bigint as quantity
  from fact_sales_line
 where order_status <> 'cancelled' and order_date between $from and $to
 group by all
 order by item_id, date
