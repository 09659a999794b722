import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { SCALE_MAX, scoreAudit, scoreText, weightProblem, type WeightedSection } from './scoring.js';
import type { AuditScale, FindingSeverity } from './tables.js';

/**
 * On-site supplier audits: versioned templates per supplier type (weighted sections of weighted
 * criteria), audits scored against a template with findings, and corrective actions with an
 * owner and a due date, closed when done. Scores feed the supplier capability profile.
 */

const templateCode = z.string().regex(/^[A-Z0-9_-]{1,24}$/, 'capitals, digits, _ or -, at most 24');
const criterionCode = z.string().regex(/^[A-Z0-9_.-]{1,32}$/, 'capitals, digits, _, . or -, at most 32');
const weight = z.number().int().min(1).max(100);

export const defineAuditTemplate = defineCommand(
  'scm.defineAuditTemplate',
  z.object({
    code: templateCode,
    name: z.string().trim().min(1).max(200),
    supplierType: z.string().regex(/^[a-z][a-z_]{0,29}$/, 'lower-case letters and _, at most 30'),
    scale: z.enum(['percent', 'five_point']),
    effectiveFrom: isoDate,
    sections: z
      .array(
        z.object({
          code: templateCode,
          name: z.string().trim().min(1).max(200),
          weight,
          criteria: z.array(z.object({ code: criterionCode, name: z.string().trim().min(1).max(300), weight, guidance: z.string().trim().max(2000).optional() })).min(1).max(50),
        }),
      )
      .min(1)
      .max(20),
  }),
  async (tx, input) => {
    const problem = weightProblem(input.sections);
    if (problem) throw new DomainError('INVALID_INPUT', problem.message, problem.path);
    const previous = await tx.db.selectFrom('scm.audit_templates').select(['version', 'effective_from']).where('code', '=', input.code).orderBy('version', 'desc').executeTakeFirst();
    if (previous && input.effectiveFrom < previous.effective_from) {
      throw new DomainError('INVALID_INPUT', `version ${previous.version} of ${input.code} is effective from ${previous.effective_from}; a revision cannot start earlier`, 'effectiveFrom');
    }
    const version = (previous?.version ?? 0) + 1;
    const sections = input.sections.map((s, i) => ({ section_no: i + 1, code: s.code, name: s.name, weight: s.weight }));
    const criteria = input.sections.flatMap((s) => s.criteria.map((c, j) => ({ section: s.code, criterion_no: j + 1, code: c.code, name: c.name, guidance: c.guidance ?? null, weight: c.weight })));
    const { rows } = await sql<{ id: number }>`
      with t as (
        insert into scm.audit_templates (code, version, name, supplier_type, scale, effective_from, created_by)
        values (${input.code}, ${version}, ${input.name}, ${input.supplierType}, ${input.scale}, ${input.effectiveFrom}, ${tx.actor})
        returning id
      ), s as (
        insert into scm.audit_template_sections (template_id, section_no, code, name, weight)
        select t.id, x.section_no, x.code, x.name, x.weight
          from t, jsonb_to_recordset(${JSON.stringify(sections)}::jsonb) as x(section_no int, code text, name text, weight int)
        returning id, code
      ), c as (
        insert into scm.audit_template_criteria (section_id, template_id, criterion_no, code, name, guidance, weight)
        select s.id, t.id, x.criterion_no, x.code, x.name, x.guidance, x.weight
          from t, s join jsonb_to_recordset(${JSON.stringify(criteria)}::jsonb) as x(section text, criterion_no int, code text, name text, guidance text, weight int) on x.section = s.code
      )
      select id from t`.execute(tx.db);
    const templateId = rows[0]!.id;
    tx.emit({ aggregateType: 'audit_template', aggregateId: templateId, type: 'audit_template.defined', payload: { code: input.code, version, supplierType: input.supplierType, effectiveFrom: input.effectiveFrom } });
    return { templateId, code: input.code, version };
  },
);

export interface AuditTemplate {
  templateId: number;
  code: string;
  version: number;
  name: string;
  supplierType: string;
  scale: AuditScale;
  effectiveFrom: string;
  sections: { sectionId: number; code: string; name: string; weight: number; criteria: { criterionId: number; code: string; name: string; weight: number; guidance: string | null }[] }[];
}

/** A template by id, or the version of a code in force on a date. */
export async function auditTemplate(db: Kysely<DB>, which: { templateId: number } | { code: string; date: string }): Promise<AuditTemplate | undefined> {
  const { rows } = await sql<AuditTemplate>`
    select t.id as "templateId", t.code, t.version, t.name, t.supplier_type as "supplierType", t.scale, t.effective_from as "effectiveFrom",
           (select jsonb_agg(jsonb_build_object('sectionId', s.id, 'code', s.code, 'name', s.name, 'weight', s.weight,
                     'criteria', (select jsonb_agg(jsonb_build_object('criterionId', c.id, 'code', c.code, 'name', c.name, 'weight', c.weight, 'guidance', c.guidance)
                                                   order by c.criterion_no)
                                    from scm.audit_template_criteria c where c.section_id = s.id)) order by s.section_no)
              from scm.audit_template_sections s where s.template_id = t.id) as sections
      from scm.audit_templates t
     where ${'templateId' in which ? sql`t.id = ${which.templateId}` : sql`t.code = ${which.code} and t.effective_from <= ${which.date}::date`}
     order by t.effective_from desc, t.version desc limit 1`.execute(db);
  return rows[0];
}

const finding = z.object({
  criterion: criterionCode.optional(),
  severity: z.enum(['minor', 'major', 'critical']),
  description: z.string().trim().min(1).max(2000),
  actions: z.array(z.object({ description: z.string().trim().min(1).max(2000), ownerId: id, dueOn: isoDate })).max(10).default([]),
});

/**
 * Records an audit of a supplier against a template (by id, or the version of a code in force on
 * the audit date, which must be for the supplier's type): a score for every criterion, findings,
 * and corrective actions with owners and due dates. Returns the weighted total and section scores.
 */
export const recordSupplierAudit = defineCommand(
  'scm.recordSupplierAudit',
  z
    .object({
      supplierId: id,
      templateId: id.optional(),
      templateCode: templateCode.optional(),
      date: isoDate,
      auditorId: id.optional(),
      summary: z.string().trim().max(4000).optional(),
      scores: z.array(z.object({ criterion: criterionCode, score: z.number().int().min(0).max(100), comment: z.string().trim().max(2000).optional() })).min(1).max(1000),
      findings: z.array(finding).max(200).default([]),
    })
    .refine((x) => (x.templateId === undefined) !== (x.templateCode === undefined), { message: 'give either templateId or templateCode', path: ['templateId'] }),
  async (tx, input) => {
    const templateField = input.templateId !== undefined ? 'templateId' : 'templateCode';
    const people = [...new Set([...(input.auditorId ? [input.auditorId] : []), ...input.findings.flatMap((f) => f.actions.map((a) => a.ownerId))])];
    const [supplier, template, active] = await Promise.all([
      tx.db.selectFrom('scm.suppliers').select(['code', 'supplier_type']).where('id', '=', input.supplierId).executeTakeFirst(),
      auditTemplate(tx.db, input.templateId !== undefined ? { templateId: input.templateId } : { code: input.templateCode!, date: input.date }),
      people.length === 0 ? Promise.resolve([]) : tx.db.selectFrom('people.employees').select('id').where('id', 'in', people).where('active', '=', true).execute(),
    ]);
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    if (!template) throw new DomainError('NOT_FOUND', input.templateId !== undefined ? `audit template ${input.templateId} does not exist` : `no version of audit template ${input.templateCode} is in force on ${input.date}`, templateField);
    if (template.supplierType !== supplier.supplier_type) {
      throw new DomainError('NOT_ALLOWED', `template ${template.code} v${template.version} is for ${template.supplierType} suppliers; ${supplier.code} is ${supplier.supplier_type ? `a ${supplier.supplier_type}` : 'of no recorded type'}`, templateField);
    }
    if (input.date < template.effectiveFrom) throw new DomainError('INVALID_INPUT', `template ${template.code} v${template.version} is in force from ${template.effectiveFrom}`, 'date');
    const isActive = new Set(active.map((e) => e.id));
    if (input.auditorId !== undefined && !isActive.has(input.auditorId)) throw new DomainError('NOT_FOUND', `employee ${input.auditorId} does not exist or has left`, 'auditorId');

    const criteria = new Map(template.sections.flatMap((s) => s.criteria.map((c) => [c.code, c.criterionId] as const)));
    const scores = new Map<string, number>();
    input.scores.forEach((s, i) => {
      if (!criteria.has(s.criterion)) throw new DomainError('NOT_FOUND', `template ${template.code} v${template.version} has no criterion ${s.criterion}`, `scores.${i}.criterion`);
      if (scores.has(s.criterion)) throw new DomainError('DUPLICATE', `criterion ${s.criterion} is scored twice`, `scores.${i}.criterion`);
      if (s.score > SCALE_MAX[template.scale]) throw new DomainError('INVALID_INPUT', `scores on template ${template.code} run from 0 to ${SCALE_MAX[template.scale]}`, `scores.${i}.score`);
      scores.set(s.criterion, s.score);
    });
    const unscored = [...criteria.keys()].filter((c) => !scores.has(c));
    if (unscored.length > 0) throw new DomainError('INVALID_INPUT', `every criterion needs a score; missing: ${unscored.join(', ')}`, 'scores');
    input.findings.forEach((f, i) => {
      if (f.criterion !== undefined && !criteria.has(f.criterion)) throw new DomainError('NOT_FOUND', `template ${template.code} v${template.version} has no criterion ${f.criterion}`, `findings.${i}.criterion`);
      f.actions.forEach((a, j) => {
        if (!isActive.has(a.ownerId)) throw new DomainError('NOT_FOUND', `employee ${a.ownerId} does not exist or has left`, `findings.${i}.actions.${j}.ownerId`);
        if (a.dueOn < input.date) throw new DomainError('INVALID_INPUT', 'a corrective action cannot be due before the audit', `findings.${i}.actions.${j}.dueOn`);
      });
    });

    const weights: WeightedSection[] = template.sections;
    const result = scoreAudit(template.scale, weights, scores);
    const scoreRows = input.scores.map((s) => ({ criterion_id: criteria.get(s.criterion)!, score: s.score, comment: s.comment ?? null }));
    const findingRows = input.findings.map((f, i) => ({ finding_no: i + 1, criterion_id: f.criterion ? criteria.get(f.criterion)! : null, severity: f.severity, description: f.description }));
    const actionRows = input.findings.flatMap((f, i) => f.actions.map((a, j) => ({ finding_no: i + 1, action_no: j + 1, description: a.description, owner_id: a.ownerId, due_on: a.dueOn })));
    const { rows } = await sql<{ id: number; audit_no: string; actions: number[] }>`
      with a as (
        insert into scm.supplier_audits (audit_no, supplier_id, template_id, audit_date, auditor_id, total_score, summary, created_by)
        values ('AUD-' || lpad(nextval('scm.audit_no')::text, 6, '0'), ${input.supplierId}, ${template.templateId}, ${input.date},
                ${input.auditorId ?? null}::int, ${scoreText(result.total)}::numeric, ${input.summary ?? null}, ${tx.actor})
        returning id, audit_no, template_id
      ), sc as (
        insert into scm.supplier_audit_scores (audit_id, template_id, criterion_id, score, comment)
        select a.id, a.template_id, x.criterion_id, x.score, x.comment
          from a, jsonb_to_recordset(${JSON.stringify(scoreRows)}::jsonb) as x(criterion_id int, score smallint, comment text)
      ), f as (
        insert into scm.audit_findings (audit_id, template_id, finding_no, criterion_id, severity, description)
        select a.id, a.template_id, x.finding_no, x.criterion_id, x.severity, x.description
          from a, jsonb_to_recordset(${JSON.stringify(findingRows)}::jsonb) as x(finding_no int, criterion_id int, severity text, description text)
        returning id, finding_no
      ), ca as (
        insert into scm.corrective_actions (finding_id, action_no, description, owner_id, due_on, created_by)
        select f.id, x.action_no, x.description, x.owner_id, x.due_on, ${tx.actor}
          from f join jsonb_to_recordset(${JSON.stringify(actionRows)}::jsonb) as x(finding_no int, action_no int, description text, owner_id int, due_on date)
            on x.finding_no = f.finding_no
        returning id
      )
      select a.id, a.audit_no, (select coalesce(jsonb_agg(ca.id order by ca.id), '[]') from ca) as actions from a`.execute(tx.db);
    const audit = rows[0]!;
    const totalScore = result.total / 100;
    tx.emit({
      aggregateType: 'supplier',
      aggregateId: input.supplierId,
      type: 'supplier.audited',
      payload: {
        auditId: audit.id, auditNo: audit.audit_no, template: `${template.code} v${template.version}`, date: input.date, totalScore,
        findings: input.findings.length, critical: input.findings.filter((f) => f.severity === 'critical').length, correctiveActions: audit.actions.length,
      },
    });
    return {
      auditId: audit.id,
      auditNo: audit.audit_no,
      totalScore,
      sections: result.sections.map((s) => ({ code: s.code, score: s.score / 100 })),
      correctiveActionIds: audit.actions,
    };
  },
);

export const closeCorrectiveAction = defineCommand(
  'scm.closeCorrectiveAction',
  z.object({ actionId: id, date: isoDate, note: z.string().trim().min(1).max(2000) }),
  async (tx, input) => {
    const { rows } = await sql<{ closed_on: string | null; audit_date: string; supplier_id: number; audit_no: string }>`
      select ca.closed_on, a.audit_date, a.supplier_id, a.audit_no
        from scm.corrective_actions ca join scm.audit_findings f on f.id = ca.finding_id join scm.supplier_audits a on a.id = f.audit_id
       where ca.id = ${input.actionId} for update of ca`.execute(tx.db);
    const action = rows[0];
    if (!action) throw new DomainError('NOT_FOUND', `corrective action ${input.actionId} does not exist`, 'actionId');
    if (action.closed_on) throw new DomainError('CONFLICT', `corrective action ${input.actionId} was already closed on ${action.closed_on}`, 'actionId');
    if (input.date < action.audit_date) throw new DomainError('INVALID_INPUT', `the action comes from audit ${action.audit_no} of ${action.audit_date}`, 'date');
    tx.emit({ aggregateType: 'supplier', aggregateId: action.supplier_id, type: 'corrective_action.closed', payload: { actionId: input.actionId, auditNo: action.audit_no, date: input.date } });
    await sql`
      with u as (
        update scm.corrective_actions set closed_on = ${input.date}, closed_by = ${tx.actor}, closing_note = ${input.note} where id = ${input.actionId}
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { actionId: input.actionId };
  },
);

export interface SupplierAuditScore {
  supplierId: number;
  supplierCode: string;
  auditId: number;
  auditNo: string;
  auditDate: string;
  template: string;
  /** Weighted total, percent. */
  totalScore: number;
  /** The total of the audit before, for the trend; null for a first audit. */
  previousScore: number | null;
  audits: number;
  sections: { code: string; name: string; weight: number; score: number }[];
  openCorrectiveActions: number;
}

/**
 * The latest audit of every audited supplier: its weighted total, each section's score (percent),
 * the previous total and the open corrective actions. The audit side of the capability profile.
 */
export async function supplierAuditScores(db: Kysely<DB>): Promise<SupplierAuditScore[]> {
  const { rows } = await sql<SupplierAuditScore>`
    with ranked as (
      select a.*, row_number() over (partition by a.supplier_id order by a.audit_date desc, a.id desc) as k,
             count(*) over (partition by a.supplier_id) as n
        from scm.supplier_audits a)
    select r.supplier_id as "supplierId", s.code as "supplierCode", r.id as "auditId", r.audit_no as "auditNo", r.audit_date as "auditDate",
           t.code || ' v' || t.version as template, r.total_score::float8 as "totalScore", p.total_score::float8 as "previousScore", r.n::int as audits,
           (select jsonb_agg(jsonb_build_object('code', sec.code, 'name', sec.name, 'weight', sec.weight, 'score', sec.score) order by sec.section_no)
              from (select ts.code, ts.name, ts.weight, ts.section_no,
                           round(sum(c.weight * case when t.scale = 'five_point' then x.score * 20 else x.score end)::numeric / 100, 2)::float8 as score
                      from scm.supplier_audit_scores x
                      join scm.audit_template_criteria c on c.id = x.criterion_id
                      join scm.audit_template_sections ts on ts.id = c.section_id
                     where x.audit_id = r.id group by ts.id) sec) as sections,
           (select count(*)::int from scm.corrective_actions ca join scm.audit_findings f on f.id = ca.finding_id
              join scm.supplier_audits a2 on a2.id = f.audit_id where a2.supplier_id = r.supplier_id and ca.closed_on is null) as "openCorrectiveActions"
      from ranked r
      join scm.suppliers s on s.id = r.supplier_id
      join scm.audit_templates t on t.id = r.template_id
      left join ranked p on p.supplier_id = r.supplier_id and p.k = 2
     where r.k = 1
     order by s.code`.execute(db);
  return rows;
}

export interface OpenCorrectiveAction {
  actionId: number;
  supplierId: number;
  supplierCode: string;
  auditNo: string;
  auditDate: string;
  severity: FindingSeverity;
  finding: string;
  description: string;
  ownerId: number;
  ownerName: string;
  dueOn: string;
  /** Due before asOf (when given). */
  overdue: boolean;
}

/** Corrective actions not yet closed, by due date; of one supplier when given. */
export async function openCorrectiveActions(db: Kysely<DB>, options: { asOf?: string; supplierId?: number } = {}): Promise<OpenCorrectiveAction[]> {
  const { rows } = await sql<OpenCorrectiveAction>`
    select ca.id as "actionId", a.supplier_id as "supplierId", s.code as "supplierCode", a.audit_no as "auditNo", a.audit_date as "auditDate",
           f.severity, f.description as finding, ca.description, ca.owner_id as "ownerId", e.name as "ownerName", ca.due_on as "dueOn",
           coalesce(ca.due_on < ${options.asOf ?? null}::date, false) as overdue
      from scm.corrective_actions ca
      join scm.audit_findings f on f.id = ca.finding_id
      join scm.supplier_audits a on a.id = f.audit_id
      join scm.suppliers s on s.id = a.supplier_id
      join people.employees e on e.id = ca.owner_id
     where ca.closed_on is null ${options.supplierId !== undefined ? sql`and a.supplier_id = ${options.supplierId}` : sql``}
     order by ca.due_on, ca.id`.execute(db);
  return rows;
}
