-- Weekly demand per item and warehouse: the quantity ordered in each ISO week (Monday start),
-- cancelled quantities left out. Weeks without orders are absent (the demand model fills them
-- with zeros). The history every demand forecast is fitted on.
-- @param from date = 1900-01-01  First day of the history.
-- @param to date = 9999-12-31  Last day of the history.
select s.item_id,
       s.warehouse_id,
       date_trunc('week', s.order_date)::date as week_start,
       sum(s.ordered_qty - s.cancelled_qty) as qty
  from fact_sales_line s
 where s.order_status <> 'cancelled'
   and s.order_date between $from and $to
 group by all
having sum(s.ordered_qty - s.cancelled_qty) > 0
 order by s.item_id, s.warehouse_id, week_start
