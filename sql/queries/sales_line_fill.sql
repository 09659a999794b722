-- Sales order lines for fill rates: what was ordered, what was delivered and when the line's last
-- delivery was (the warehouse keeps a line's first and last delivery dates, not each delivery's
-- quantity, and no promised date).
-- @param from date = 1900-01-01  First order date to include.
-- @param to date = 9999-12-31  Last order date to include.
select item_id, warehouse_id, order_date::varchar as order_date, order_status, ordered_qty, delivered_qty,
       last_delivery_date::varchar as last_delivery_date
  from fact_sales_line
 where order_date between $from and $to
 order by order_date, sales_order_line_id
