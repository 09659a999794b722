-- On-site audits for the supplier scorecard (warehouse/supplier-scores.ts), one row per audit and
-- section: the audit's weighted total and each section's score, percent. Every audit up to `to`
-- is returned, however old: the latest one before a period is carried into it.
-- @param to date = 9999-12-31  Last audit date to include.
select a.supplier_id,
       a.supplier_audit_id as audit_id,
       a.audit_date,
       a.audit_score_pct,
       a.section_code,
       a.section_score_pct
  from fact_supplier_audit a
 where a.audit_date <= $to
 order by a.supplier_id, a.audit_date, a.supplier_audit_id, a.section_no
