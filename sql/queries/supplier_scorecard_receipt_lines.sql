-- Goods receipt lines for the supplier scorecard (warehouse/supplier-scores.ts): whether the
-- receipt came announced by an ASN and how late against its promise, and the inspection's
-- rejected units (null when the line was not inspected).
-- @param from date = 1900-01-01  First receipt date to include.
-- @param to date = 9999-12-31  Last receipt date to include.
select r.supplier_id,
       r.receipt_id,
       r.receipt_date,
       r.asn_id,
       r.days_after_asn_promise,
       r.inspected,
       r.received_qty,
       r.rejected_qty
  from fact_receipt_inspection r
 where r.receipt_date between $from and $to
 order by r.supplier_id, r.receipt_date, r.receipt_line_id
