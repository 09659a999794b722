create table if not exists fact_supplier_audit (
  supplier_audit_id           integer not null,
  audit_no                    varchar not null,
  supplier_key                bigint,
  supplier_id                 integer not null,
  audit_date                  date not null,
  audit_date_key              integer not null,
  auditor_employee_id         integer,
  template_id                 integer not null,
  template_code               varchar not null,
  template_version            integer not null,
  template_name               varchar not null,
  template_scale              varchar not null,
  section_id                  integer not null,
  section_no                  integer not null,
  section_code                varchar not null,
  section_name                varchar not null,
  first_section_of_audit      boolean not null,
  section_weight_pct          integer not null,
  section_criteria            integer not null,
  section_score_pct           decimal(5, 2) not null,
  section_weighted_points     decimal(9, 4) not null,
  section_findings            integer not null,
  audit_score_pct             decimal(5, 2) not null,
  audit_findings              integer not null,
  audit_critical_findings     integer not null,
  audit_major_findings        integer not null,
  audit_corrective_actions    integer not null,
  audit_actions_open          integer not null,
  audit_actions_closed        integer not null,
  audit_actions_closed_late   integer not null,
  next_open_action_due_date   date,
  recorded_at                 timestamptz not null
);
comment on table fact_supplier_audit is 'On-site supplier audits, one row per audit and section of its template: the section''s weight and score, and the audit''s weighted total, findings and corrective actions. The audit_* columns and next_open_action_due_date belong to the whole audit and repeat on each of its section rows: filter on first_section_of_audit to count each audit once. Scores are percentages (five-point scores count × 20).';
comment on column fact_supplier_audit.supplier_audit_id is 'The audit (scm.supplier_audits.id); with section_id, the row''s business key.';
comment on column fact_supplier_audit.audit_no is 'Audit number (AUD-000123).';
comment on column fact_supplier_audit.supplier_key is 'dim_supplier version in force when the audit was recorded.';
comment on column fact_supplier_audit.supplier_id is 'Durable supplier id (dim_supplier.supplier_id); a re-extracted supplier replaces all its audit rows.';
comment on column fact_supplier_audit.audit_date is 'Date of the audit.';
comment on column fact_supplier_audit.audit_date_key is 'Audit date as YYYYMMDD, joins dim_date.';
comment on column fact_supplier_audit.auditor_employee_id is 'Employee who audited (dim_employee.employee_id), when recorded.';
comment on column fact_supplier_audit.template_id is 'Audit template version used (scm.audit_templates.id).';
comment on column fact_supplier_audit.template_code is 'Template code (MFG-AUDIT); one code has numbered versions.';
comment on column fact_supplier_audit.template_version is 'Version of the template code.';
comment on column fact_supplier_audit.template_name is 'Template name.';
comment on column fact_supplier_audit.template_scale is 'How criteria are scored: percent (0–100) or five_point (0–5, counted × 20).';
comment on column fact_supplier_audit.section_id is 'Template section (scm.audit_template_sections.id).';
comment on column fact_supplier_audit.section_no is 'Position of the section in the template (1 = first).';
comment on column fact_supplier_audit.section_code is 'Section code.';
comment on column fact_supplier_audit.section_name is 'Section name.';
comment on column fact_supplier_audit.first_section_of_audit is 'True on exactly one row per audit (its first section): filter on it to sum or count the audit_* columns once per audit.';
comment on column fact_supplier_audit.section_weight_pct is 'Weight of the section in the audit total, percent; the sections of a template weigh 100 together.';
comment on column fact_supplier_audit.section_criteria is 'Number of criteria scored in the section.';
comment on column fact_supplier_audit.section_score_pct is 'Section score, percent: Σ criterion weight × criterion score ÷ 100 (exact).';
comment on column fact_supplier_audit.section_weighted_points is 'section_weight_pct × section_score_pct ÷ 100: the section''s contribution to the audit score (exact); summed over an audit''s sections and rounded to hundredths it is audit_score_pct.';
comment on column fact_supplier_audit.section_findings is 'Findings raised against criteria of this section (findings naming no criterion count only in audit_findings).';
comment on column fact_supplier_audit.audit_score_pct is 'The audit''s weighted total score, percent, as recorded (repeated on each section row).';
comment on column fact_supplier_audit.audit_findings is 'Findings of the audit, all severities (repeated on each section row).';
comment on column fact_supplier_audit.audit_critical_findings is 'Findings of severity critical (repeated on each section row).';
comment on column fact_supplier_audit.audit_major_findings is 'Findings of severity major (repeated on each section row); the rest are minor.';
comment on column fact_supplier_audit.audit_corrective_actions is 'Corrective actions raised on the audit''s findings = audit_actions_open + audit_actions_closed (repeated on each section row).';
comment on column fact_supplier_audit.audit_actions_open is 'Corrective actions not yet closed at the last load (repeated on each section row).';
comment on column fact_supplier_audit.audit_actions_closed is 'Corrective actions closed (repeated on each section row).';
comment on column fact_supplier_audit.audit_actions_closed_late is 'Closed actions that were overdue: closed after their due date (repeated on each section row). Open actions overdue on a day D are those due before D; next_open_action_due_date < D says there is at least one.';
comment on column fact_supplier_audit.next_open_action_due_date is 'Earliest due date among the audit''s open corrective actions; null when none is open (repeated on each section row).';
comment on column fact_supplier_audit.recorded_at is 'When the audit was recorded; picks the dim_supplier version.';
