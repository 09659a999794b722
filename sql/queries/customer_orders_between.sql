-- A customer's orders in a window, to measure a re-engagement follow-up against what happened:
-- how many orders, their net value (minor units of the functional currency) and the first date.
-- @param customer_id integer  The customer.
-- @param from date  First day of the window.
-- @param to date  Last day of the window.
select count(distinct order_id) as orders, coalesce(sum(ordered_net_functional), 0) as value_functional, min(order_date) as first_order_date
  from fact_sales_line
 where customer_id = $customer_id and order_date between $from and $to and order_status <> 'cancelled'
