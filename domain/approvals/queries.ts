import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { ApprovalDecision, ApprovalStatus } from './tables.js';
import { OVERRIDE_ROLE } from './decisions.js';

export interface PendingApproval {
  requestId: number;
  documentType: string;
  documentId: number;
  department: string | null;
  /** Functional minor units. */
  amount: number;
  summary: string | null;
  requestDate: string;
  /** 1-based number of the step waiting for a decision. */
  step: number;
  steps: number;
  /** The role that step asks for. */
  role: string;
}

/**
 * Requests waiting for a decision, oldest first: all of them, those whose current step asks for
 * `role`, or those `approverId` may decide now (their role, or any step for a manager, and not
 * a request they already decided a step of).
 */
export async function pendingApprovals(db: Kysely<DB>, filter: { role?: string; approverId?: number } = {}): Promise<PendingApproval[]> {
  const { rows } = await sql<PendingApproval>`
    select r.id as "requestId", r.document_type as "documentType", r.document_id as "documentId", r.department, r.amount,
           r.summary, r.request_date as "requestDate", r.current_step + 1 as step, cardinality(r.steps) as steps,
           r.steps[r.current_step + 1] as role
      from approvals.requests r
     where r.status = 'pending'
       ${filter.role !== undefined ? sql`and r.steps[r.current_step + 1] = ${filter.role}` : sql``}
       ${filter.approverId !== undefined
         ? sql`and exists (select 1 from people.employees e where e.id = ${filter.approverId} and e.active
                            and (e.role = r.steps[r.current_step + 1] or e.role = ${OVERRIDE_ROLE}))
               and not exists (select 1 from approvals.decisions d where d.request_id = r.id and d.approver_id = ${filter.approverId})`
         : sql``}
     order by r.request_date, r.id`.execute(db);
  return rows;
}

export interface ApprovalDecisionRecord {
  step: number;
  role: string;
  approverId: number;
  approverName: string;
  approverRole: string;
  decision: ApprovalDecision;
  comment: string | null;
  date: string;
}

export interface ApprovalRequestRecord {
  requestId: number;
  status: ApprovalStatus;
  /** 'no rule' for automatic approvals. */
  reason: string | null;
  amount: number;
  department: string | null;
  summary: string | null;
  requestDate: string;
  closedDate: string | null;
  ruleId: number | null;
  steps: string[];
  decisions: ApprovalDecisionRecord[];
}

/** Every request of one document, oldest first, each with its decisions in step order. */
export async function approvalHistory(db: Kysely<DB>, documentType: string, documentId: number): Promise<ApprovalRequestRecord[]> {
  const { rows } = await sql<ApprovalRequestRecord>`
    select r.id as "requestId", r.status, r.reason, r.amount, r.department, r.summary, r.request_date as "requestDate",
           r.closed_date as "closedDate", r.rule_id as "ruleId", to_jsonb(r.steps) as steps,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'step', d.step_no + 1, 'role', d.step_role, 'approverId', d.approver_id, 'approverName', e.name,
                       'approverRole', d.approver_role, 'decision', d.decision, 'comment', d.comment, 'date', d.decision_date)
                       order by d.step_no)
                       from approvals.decisions d join people.employees e on e.id = d.approver_id
                      where d.request_id = r.id), '[]') as decisions
      from approvals.requests r
     where r.document_type = ${documentType} and r.document_id = ${documentId}
     order by r.id`.execute(db);
  return rows;
}

export interface ApprovalRuleRecord {
  ruleId: number;
  documentType: string;
  department: string | null;
  minAmount: number;
  maxAmount: number | null;
  steps: string[];
  supersededBy: number | null;
}

/** The rules in force (or, with `history`, every rule ever set), by document type and band. */
export async function approvalRules(db: Kysely<DB>, options: { documentType?: string; history?: boolean } = {}): Promise<ApprovalRuleRecord[]> {
  const { rows } = await sql<ApprovalRuleRecord>`
    select id as "ruleId", document_type as "documentType", department, min_amount as "minAmount", max_amount as "maxAmount",
           to_jsonb(steps) as steps, superseded_by as "supersededBy"
      from approvals.rules
     where true
       ${options.history ? sql`` : sql`and superseded_by is null`}
       ${options.documentType !== undefined ? sql`and document_type = ${options.documentType}` : sql``}
     order by document_type, department nulls first, min_amount, id`.execute(db);
  return rows;
}
