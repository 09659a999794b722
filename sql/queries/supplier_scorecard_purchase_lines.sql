-- Purchase order lines for the supplier scorecard (warehouse/supplier-scores.ts): what was
-- ordered, when it was promised and fully received, at what price against the supplier's price
-- list, and the value received in the functional currency. Cancelled orders are left out.
-- @param from date = 1900-01-01  First order or expected date to include.
-- @param to date = 9999-12-31  Last order date to include.
select f.supplier_id,
       f.item_id,
       f.order_date,
       f.expected_date,
       f.po_status,
       f.ordered_qty,
       f.received_qty,
       f.fully_received_date,
       f.unit_price,
       f.list_unit_price,
       f.received_value_functional
  from fact_purchase_line f
 where f.po_status <> 'cancelled'
   and (f.order_date >= $from or f.expected_date >= $from)
   and f.order_date <= $to
 order by f.supplier_id, f.order_date, f.purchase_order_line_id
