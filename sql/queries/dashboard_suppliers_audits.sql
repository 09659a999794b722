-- One supplier's on-site audits (fact_supplier_audit), one row per audit and section of its
-- template: the audit's date, template, weighted total score (percent), findings by severity
-- and corrective actions (open, closed, closed late, the next open one's due date), and the
-- section's weight and score. first_section_of_audit marks one row per audit. Newest first.
-- The global filters do not apply: every audit of the supplier is shown.
-- @param code text  Supplier code.
select a.audit_no,
       a.audit_date,
       a.template_code || ' v' || a.template_version as template,
       a.template_name,
       a.audit_score_pct::double as audit_score,
       a.audit_findings as findings,
       a.audit_critical_findings as critical_findings,
       a.audit_major_findings as major_findings,
       a.audit_actions_open as actions_open,
       a.audit_actions_closed as actions_closed,
       a.audit_actions_closed_late as actions_closed_late,
       a.next_open_action_due_date,
       a.section_no,
       a.section_name,
       a.section_weight_pct as section_weight,
       a.section_score_pct::double as section_score,
       a.section_findings,
       a.first_section_of_audit
  from fact_supplier_audit a
  join dim_supplier s on s.supplier_id = a.supplier_id and s.is_current
 where s.code = $code
 order by a.audit_date desc, a.audit_no desc, a.section_no
