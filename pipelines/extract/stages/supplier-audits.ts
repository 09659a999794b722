import { changedAggregateIds } from '../changes.js';
import { columns, micros, type ChangeWindow, type ReadWindow, type StageSpec } from '../stage-spec.js';
import { parentsAndChildren } from '../scoped-join.js';

/**
 * Supplier audits. Recording an audit and closing one of its corrective actions both emit on
 * the supplier's aggregate, so a window re-reads every audit of the suppliers it touched.
 */
const ofChangedSuppliers = (window: ChangeWindow) => `a.supplier_id in (${changedAggregateIds('supplier', window)})`;
const auditsOf = (window: ReadWindow) => (window.kind === 'full' ? 'scm.supplier_audits a' : `(select * from scm.supplier_audits a where ${ofChangedSuppliers(window)}) a`);

/** One row per audit, with its findings and corrective actions counted. */
export const supplierAuditsStage: StageSpec = {
  name: 'stg_supplier_audits',
  columns: columns({
    id: 'INTEGER', audit_no: 'VARCHAR', supplier_id: 'INTEGER', template_id: 'INTEGER', audit_date: 'DATE', auditor_id: 'INTEGER',
    total_score_hundredths: 'INTEGER', findings: 'INTEGER', critical_findings: 'INTEGER', major_findings: 'INTEGER', actions: 'INTEGER',
    actions_open: 'INTEGER', actions_closed: 'INTEGER', actions_closed_late: 'INTEGER', next_open_due_on: 'DATE', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.supplier_audits',
  query: (window) => `
    select a.id, a.audit_no, a.supplier_id, a.template_id, a.audit_date, a.auditor_id, (a.total_score * 100)::int as total_score_hundredths,
           f.findings, f.critical_findings, f.major_findings, k.actions, k.actions_open, k.actions_closed, k.actions_closed_late, k.next_open_due_on,
           ${micros('a.created_at')} as created_at_us
      from ${auditsOf(window)}
     cross join lateral (
       select count(*)::int as findings, count(*) filter (where f.severity = 'critical')::int as critical_findings,
              count(*) filter (where f.severity = 'major')::int as major_findings
         from scm.audit_findings f where f.audit_id = a.id) f
     cross join lateral (
       select count(*)::int as actions, count(*) filter (where ca.closed_on is null)::int as actions_open,
              count(*) filter (where ca.closed_on is not null)::int as actions_closed,
              count(*) filter (where ca.closed_on > ca.due_on)::int as actions_closed_late,
              min(ca.due_on) filter (where ca.closed_on is null) as next_open_due_on
         from scm.audit_findings f join scm.corrective_actions ca on ca.finding_id = f.id where f.audit_id = a.id) k`,
};

/**
 * Each audit's score per template section: Σ criterion weight × score in percent (a five-point
 * score counts × 20), which is the section's score in hundredths of a percent, exactly. The key
 * packs the audit and section ids (both int4) into one orderable bigint.
 */
export const auditSectionScoresStage: StageSpec = {
  name: 'stg_audit_section_scores',
  columns: columns({ id: 'BIGINT', audit_id: 'INTEGER', section_id: 'INTEGER', criteria: 'INTEGER', score_hundredths: 'BIGINT', findings: 'INTEGER' }),
  key: 'id',
  driver: 'scm.supplier_audit_scores',
  query: (window) => `
    select a.id::bigint * 2147483648 + c.section_id as id, a.id as audit_id, c.section_id, count(*)::int as criteria,
           sum(c.weight * case when t.scale = 'five_point' then x.score * 20 else x.score end)::bigint as score_hundredths,
           (select count(*) from scm.audit_findings f join scm.audit_template_criteria fc on fc.id = f.criterion_id
             where f.audit_id = a.id and fc.section_id = c.section_id)::int as findings
      from ${parentsAndChildren(window, { table: 'scm.supplier_audits', alias: 'a' }, { table: 'scm.supplier_audit_scores', alias: 'x', key: 'audit_id' }, ofChangedSuppliers)}
      join scm.audit_template_criteria c on c.id = x.criterion_id
      join scm.audit_templates t on t.id = a.template_id
     group by a.id, c.section_id`,
};

/** Audit templates' sections: reference data (templates are immutable), read whole. */
export const auditTemplateSectionsStage: StageSpec = {
  name: 'stg_audit_template_sections',
  columns: columns({
    id: 'INTEGER', template_id: 'INTEGER', template_code: 'VARCHAR', template_version: 'INTEGER', template_name: 'VARCHAR', scale: 'VARCHAR',
    supplier_type: 'VARCHAR', section_no: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', weight: 'INTEGER',
  }),
  key: 'id',
  driver: 'scm.audit_template_sections',
  query: () => `
    select s.id, s.template_id, t.code as template_code, t.version as template_version, t.name as template_name, t.scale, t.supplier_type,
           s.section_no, s.code, s.name, s.weight
      from scm.audit_template_sections s join scm.audit_templates t on t.id = s.template_id`,
};
