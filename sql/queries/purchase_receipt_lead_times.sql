-- Purchase order lines for lead times learned from receipts: order date, the date the supplier
-- promised and the date the whole line had arrived (null while some is outstanding), per item
-- and supplier. Lines of cancelled orders are left out.
-- @param from date = 1900-01-01  First order date to include.
-- @param to date = 9999-12-31  Last order date to include.
select item_id, supplier_id, order_date::varchar as order_date, expected_date::varchar as expected_date,
       fully_received_date::varchar as fully_received_date
  from fact_purchase_line
 where po_status <> 'cancelled' and order_date between $from and $to
 order by order_date, purchase_order_line_id
