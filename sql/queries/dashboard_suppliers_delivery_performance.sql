-- Each supplier's deliveries in the period, from the purchase order lines promised in it
-- (fact_purchase_line, not cancelled): lines due, the share on time in full (fully received by
-- the promised date with nothing rejected at inspection, as the Overview's OTIF counts it), the
-- mean days late of the lines fully received (negative = early), and of the units inspected the
-- share rejected. Lines still outstanding count as due but not on time in full. The period (on
-- the promised date), supplier, region (the supplier's current region), category and warehouse
-- filters apply. Suppliers with no line due are left out.
-- @param period_from date = 1900-01-01  First promised date.
-- @param period_to date = 9999-12-31  Last promised date.
-- @param supplier text = all  Supplier code, or all.
-- @param region text = all  Region code of the supplier, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
select s.code as supplier_code,
       any_value(s.legal_name) as supplier_name,
       count(*)::integer as lines_due,
       count(*) filter (where f.fully_received_date is not null and f.fully_received_date <= f.expected_date and coalesce(f.rejected_qty, 0) = 0)::integer as lines_otif,
       round(lines_otif / lines_due, 4) as otif_rate,
       round(avg(f.days_late) filter (where f.fully_received_date is not null), 1) as mean_days_late,
       coalesce(sum(f.accepted_qty + f.rejected_qty), 0)::bigint as inspected_qty,
       coalesce(sum(f.rejected_qty), 0)::bigint as rejected_qty,
       round(sum(f.rejected_qty) / nullif(sum(f.accepted_qty + f.rejected_qty), 0), 4) as reject_rate
  from fact_purchase_line f
  join dim_supplier s on s.supplier_id = f.supplier_id and s.is_current
  left join dim_product p using (product_key)
  left join dim_warehouse w using (warehouse_id)
 where f.po_status <> 'cancelled'
   and f.expected_date between $period_from and $period_to
   and ($supplier = 'all' or s.code = $supplier)
   and ($region = 'all' or s.region = $region)
   and ($category = 'all' or p.category = $category)
   and ($warehouse = 'all' or w.code = $warehouse)
 group by s.code
 order by s.code
