-- Who supplies each item and at what price, from purchase history through a day: per item and
-- supplier, the purchase lines, the latest unit price (minor units of the order currency) and
-- its currency, the mean days from order to full receipt, and the latest order date.
-- @param as_of date = 9999-12-31  Last order day to look at.
select item_id, supplier_id, count(*) as lines,
       arg_max(unit_price, order_date) as last_unit_price, arg_max(currency, order_date) as currency,
       avg(date_diff('day', order_date, fully_received_date)) filter (where fully_received_date is not null) as mean_lead_days,
       max(order_date) as last_order_date
  from fact_purchase_line
 where order_date <= $as_of and po_status <> 'cancelled'
 group by all
 order by item_id, supplier_id
