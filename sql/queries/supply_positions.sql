-- What each item has and has coming per warehouse on a day, for replenishment planning: the
-- quantity on hand at the end of the day, and every open purchase line and open production
-- order with the date it is expected (a purchase line's promised date, a production order's
-- due date). Items that are bought or made (dim_product.procurement) and standard cost.
-- @param as_of date = 9999-12-31  The day the plan starts from.
with on_hand as (
  select item_id, warehouse_id, arg_max(on_hand_qty, date) as qty
    from fact_inventory_daily where date <= $as_of group by all
), incoming as (
  select item_id, warehouse_id, expected_date as due, open_qty as qty, 'purchase' as source, po_no as document_no
    from fact_purchase_line where po_status = 'open' and open_qty > 0 and order_date <= $as_of
  union all
  select item_id, warehouse_id, due_date, open_qty, 'production', order_no
    from fact_production_order where status not in ('closed', 'cancelled') and open_qty > 0 and order_date <= $as_of
)
select p.item_id, p.sku, p.procurement, p.standard_cost_functional, w.warehouse_id, coalesce(h.qty, 0) as on_hand_qty,
       i.due, i.qty as incoming_qty, i.source, i.document_no
  from dim_product p
  cross join (select distinct warehouse_id from fact_inventory_daily) w
  left join on_hand h on h.item_id = p.item_id and h.warehouse_id = w.warehouse_id
  left join incoming i on i.item_id = p.item_id and i.warehouse_id = w.warehouse_id
 where p.is_current and p.active
 order by p.item_id, w.warehouse_id, i.due
