import { sql } from 'kysely';
import type { Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { documentType as documentTypeSchema, department as departmentSchema } from './rules.js';
import { isoDate, money } from '../kernel/inputs.js';
import { z } from 'zod';

export interface ApprovalRequestInput {
  /** The kind of document, e.g. 'quote_discount', 'return', 'purchase_order'. */
  documentType: string;
  /** The document's id in its own area. */
  documentId: number;
  /** What is at stake, functional minor units; picks the amount band. */
  amount: number;
  department?: string | undefined;
  /** One line for the approver's inbox. */
  summary?: string | undefined;
  date: string;
}

export interface ApprovalRequestResult {
  requestId: number;
  /** 'approved' when no rule matched (reason 'no rule'); the caller then proceeds itself. */
  status: 'approved' | 'pending';
  /** The role that must decide first, when pending. */
  nextRole?: string;
}

const requestInput = z.object({
  documentType: documentTypeSchema,
  documentId: z.number().int().positive(),
  amount: money,
  department: departmentSchema.optional(),
  summary: z.string().max(500).optional(),
  date: isoDate,
});

/**
 * Submits a document for approval inside the calling command's transaction. The most specific
 * active rule applies: one for the request's department beats one for any department, then the
 * highest lower bound not above the amount (and the amount below the rule's upper bound). With
 * no matching rule the request is recorded as approved at once ('no rule'). A new request for
 * the same document supersedes its earlier pending one. One statement.
 */
export async function requestApproval(tx: Tx, req: ApprovalRequestInput): Promise<ApprovalRequestResult> {
  const parsed = requestInput.safeParse(req);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('INVALID_INPUT', `approval request: ${issue.path.join('.')}: ${issue.message}`, issue.path.join('.') || undefined);
  }
  const r = parsed.data;
  const department = r.department ?? null;
  const { rows } = await sql<{ id: number; status: 'approved' | 'pending'; steps: string[]; superseded: number[] }>`
    with rule as (
      select id, steps from approvals.rules
       where document_type = ${r.documentType} and superseded_by is null
         and min_amount <= ${r.amount} and (max_amount is null or ${r.amount} < max_amount)
         and (department is null or department = ${department})
       order by (department is not null) desc, min_amount desc, id desc
       limit 1
    ), old as (
      update approvals.requests set status = 'superseded', closed_date = ${r.date}
       where document_type = ${r.documentType} and document_id = ${r.documentId} and status = 'pending'
      returning id
    ), ins as (
      -- Reads old's count, so the supersede runs first and the one-pending index never sees two.
      insert into approvals.requests (document_type, document_id, department, amount, summary, request_date, rule_id, steps, status, reason, closed_date, created_by)
      select ${r.documentType}, ${r.documentId}, ${department}, ${r.amount}, ${r.summary ?? null}, ${r.date},
             rule.id, coalesce(rule.steps, '{}'), case when rule.id is null then 'approved' else 'pending' end,
             case when rule.id is null then 'no rule' end, case when rule.id is null then ${r.date}::date end, ${tx.actor}
        from (select count(*) from old) o left join rule on true
      returning id, status, to_jsonb(steps) as steps
    )
    select ins.id, ins.status, ins.steps, coalesce((select jsonb_agg(id) from old), '[]') as superseded from ins`.execute(tx.db);
  const row = rows[0]!;
  tx.emit({
    aggregateType: 'approval_request',
    aggregateId: row.id,
    type: row.status === 'approved' ? 'approval.auto_approved' : 'approval.requested',
    payload: { documentType: r.documentType, documentId: r.documentId, amount: r.amount, department, steps: row.steps, supersedes: row.superseded },
  });
  return row.status === 'pending' ? { requestId: row.id, status: 'pending', nextRole: row.steps[0]! } : { requestId: row.id, status: 'approved' };
}

/**
 * Refuses to let a document past its approval gate unless its latest request is approved:
 * APPROVAL_REQUIRED (never requested), APPROVAL_PENDING or APPROVAL_REJECTED. The request row
 * is share-locked, so a decision cannot change it before the caller commits.
 */
export async function assertApproved(tx: Tx, documentType: string, documentId: number, field?: string): Promise<void> {
  const { rows } = await sql<{ id: number; status: string; current_step: number; steps: string[] }>`
    select id, status, current_step, to_jsonb(steps) as steps from approvals.requests
     where document_type = ${documentType} and document_id = ${documentId}
     order by id desc limit 1 for share`.execute(tx.db);
  const latest = rows[0];
  const what = `${documentType.replaceAll('_', ' ')} ${documentId}`;
  if (!latest) throw new DomainError('APPROVAL_REQUIRED', `${what} needs approval and none was requested`, field);
  if (latest.status === 'pending') {
    throw new DomainError('APPROVAL_PENDING', `${what} awaits approval (request ${latest.id}, step ${latest.current_step + 1} of ${latest.steps.length}: ${latest.steps[latest.current_step]})`, field);
  }
  if (latest.status === 'rejected') throw new DomainError('APPROVAL_REJECTED', `${what} was rejected (request ${latest.id})`, field);
  if (latest.status !== 'approved') throw new DomainError('APPROVAL_REQUIRED', `${what} has no current approval request`, field);
}

/**
 * Withdraws a document's pending request (the document was cancelled before anyone decided): it
 * leaves the approvers' lists, closed as superseded with reason 'withdrawn'. Returns whether
 * there was one. Decided requests stay as they were.
 */
export async function withdrawApproval(tx: Tx, documentType: string, documentId: number, date: string): Promise<boolean> {
  const { rows } = await sql<{ id: number }>`
    update approvals.requests set status = 'superseded', reason = 'withdrawn', closed_date = ${date}
     where document_type = ${documentType} and document_id = ${documentId} and status = 'pending'
    returning id`.execute(tx.db);
  for (const r of rows) tx.emit({ aggregateType: 'approval_request', aggregateId: r.id, type: 'approval.withdrawn', payload: { documentType, documentId } });
  return rows.length > 0;
}
