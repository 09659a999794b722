-- Purchase order lines promised in the period (fact_purchase_line, not cancelled): what was
-- ordered and promised against what arrived and when, and what inspection rejected.
--   promised_date   the delivery date the supplier promised;
--   received_date   the day the whole quantity had arrived, else the latest receipt so far;
--   days_late       received_date − promised_date once fully received (negative = early); for a
--                   line still outstanding after its promised date, the days it is overdue on the
--                   ledger's latest posting day (the data's "through" day); null when neither;
--   outcome         on time in full (fully received by the promised date, nothing rejected),
--                   late, rejects (fully received on time but some units rejected), overdue
--                   (outstanding after the promise) or open (not yet due).
-- The period (on the promised date), supplier, region (of the receiving warehouse), category
-- and warehouse filters apply. Newest promise first.
-- @param period_from date = 1900-01-01  First promised date.
-- @param period_to date = 9999-12-31  Last promised date.
-- @param supplier text = all  Supplier code, or all.
-- @param region text = all  Region code of the receiving warehouse, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
with through as (
  select max(entry_date) as day from fact_gl_line
)
select f.po_no,
       f.line_no,
       s.code as supplier_code,
       p.sku,
       p.name as item_name,
       w.code as warehouse_code,
       f.order_date,
       f.expected_date as promised_date,
       coalesce(f.fully_received_date, f.last_receipt_date) as received_date,
       case when f.fully_received_date is not null then f.days_late
            when f.expected_date < (select day from through) then date_diff('day', f.expected_date, (select day from through)) end as days_late,
       f.ordered_qty,
       f.received_qty,
       f.rejected_qty,
       case when f.fully_received_date is null and f.expected_date < (select day from through) then 'overdue'
            when f.fully_received_date is null then 'open'
            when f.fully_received_date > f.expected_date then 'late'
            when coalesce(f.rejected_qty, 0) > 0 then 'rejects'
            else 'on time in full' end as outcome
  from fact_purchase_line f
  join dim_supplier s on s.supplier_key = f.supplier_key
  left join dim_product p using (product_key)
  left join dim_warehouse w using (warehouse_id)
 where f.po_status <> 'cancelled'
   and f.expected_date between $period_from and $period_to
   and ($supplier = 'all' or s.code = $supplier)
   and ($region = 'all' or w.region = $region)
   and ($category = 'all' or p.category = $category)
   and ($warehouse = 'all' or w.code = $warehouse)
 order by f.expected_date desc, f.po_no desc, f.line_no
