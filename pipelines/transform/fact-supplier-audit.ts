import { auditSectionScoresStage, auditTemplateSectionsStage, supplierAuditsStage } from '../extract/stages/supplier-audits.js';
import type { FactTable } from './table.js';

/** Hundredths as an exact decimal with two places. */
const hundredths = (x: string, precision = 5) => `(${x}::decimal(18, 0) * 0.01::decimal(3, 2))::decimal(${precision}, 2)`;

/**
 * Supplier audits, one row per audit and template section: the section's weight and score, and
 * the audit's weighted total, findings and corrective actions (repeated on each of its sections;
 * first_section_of_audit picks one row per audit). Scores are exact: a section's score is
 * Σ criterion weight × score ÷ 100, the audit's Σ section weight × section score ÷ 100 rounded to
 * hundredths, as the database re-derives it (sql/postgres/0012).
 */
export const factSupplierAudit: FactTable = {
  kind: 'fact',
  table: 'fact_supplier_audit',
  stages: [supplierAuditsStage, auditSectionScoresStage, auditTemplateSectionsStage],
  replaceKey: ['supplier_id'],
  dimensionKeys: [{ column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' }],
  dateColumns: ['audit_date', 'next_open_action_due_date'],
  partitionDate: 'audit_date',
  sourceRows: 'select count(*) from scm.supplier_audits a join scm.audit_template_sections s on s.template_id = a.template_id',
  transform: () => `
    select a.id as supplier_audit_id, a.audit_no, a.supplier_id, a.audit_date, date_key(a.audit_date) as audit_date_key,
           a.auditor_id as auditor_employee_id, a.template_id, s.template_code, s.template_version, s.template_name, s.scale as template_scale,
           s.id as section_id, s.section_no, s.code as section_code, s.name as section_name, s.section_no = min(s.section_no) over (partition by a.id) as first_section_of_audit,
           s.weight as section_weight_pct, x.criteria as section_criteria, ${hundredths('x.score_hundredths')} as section_score_pct,
           ((x.score_hundredths * s.weight)::decimal(18, 0) * 0.0001::decimal(5, 4))::decimal(9, 4) as section_weighted_points,
           x.findings as section_findings, ${hundredths('a.total_score_hundredths')} as audit_score_pct,
           a.findings as audit_findings, a.critical_findings as audit_critical_findings, a.major_findings as audit_major_findings,
           a.actions as audit_corrective_actions, a.actions_open as audit_actions_open, a.actions_closed as audit_actions_closed,
           a.actions_closed_late as audit_actions_closed_late, a.next_open_due_on as next_open_action_due_date,
           make_timestamptz(a.created_at_us) as recorded_at
      from stg_supplier_audits a
      join stg_audit_section_scores x on x.audit_id = a.id
      join stg_audit_template_sections s on s.id = x.section_id`,
};
