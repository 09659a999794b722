-- Purchase occasions per customer and day through a date, for the purchase-frequency model
-- (BG/NBD counts days with an order, Gamma-Gamma values them): the net value ordered that day,
-- cancelled orders left out. Money: minor units of the functional currency.
-- @param as_of date = 9999-12-31  Last day of the observation period.
select s.customer_id,
       s.order_date,
       sum(s.ordered_net_functional) as order_value_functional,
       count(distinct s.order_id) as orders
  from fact_sales_line s
 where s.order_status <> 'cancelled'
   and s.order_date <= $as_of
 group by s.customer_id, s.order_date
 order by s.customer_id, s.order_date
