-- Lots received from suppliers in the period, with their receipt inspection
-- (fact_receipt_inspection, one row per receipt line that formed a lot): the lot, receipt,
-- purchase order, supplier, item and warehouse, the quantity received and its value (minor
-- units), and what inspection accepted and rejected with the defect codes (null before any
-- inspection). The entry point of a lot trace. Every global filter applies: the period to the
-- receipt date, region and warehouse to the receiving warehouse, category to the item's current
-- category, supplier to the supplier.
-- @param period_from date = 2024-01-01  First receipt date.
-- @param period_to date = 2024-12-31  Last receipt date.
-- @param region text = all  Region code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param category text = all  Item category code, or all.
-- @param supplier text = all  Supplier code, or all.
select r.lot_no, strftime(r.receipt_date, '%Y-%m-%d') as receipt_date, r.receipt_no, r.po_no,
       s.code as supplier_code, s.legal_name as supplier_name, p.sku, w.code as warehouse,
       r.received_qty, r.received_value_functional as received_value,
       r.accepted_qty, r.rejected_qty, r.defect_codes
  from fact_receipt_inspection r
  join dim_warehouse w using (warehouse_id)
  join dim_product p on p.item_id = r.item_id and p.is_current
  join dim_supplier s on s.supplier_id = r.supplier_id and s.is_current
 where r.lot_no is not null
   and r.receipt_date between $period_from::date and $period_to::date
   and ($region = 'all' or w.region = $region)
   and ($warehouse = 'all' or w.code = $warehouse)
   and ($category = 'all' or p.category = $category)
   and ($supplier = 'all' or s.code = $supplier)
 order by r.receipt_date desc, r.receipt_no desc, r.lot_no
