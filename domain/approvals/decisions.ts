import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';

/** What a document's area learns when one of its approval requests is finally decided. */
export interface ApprovalOutcome {
  documentId: number;
  requestId: number;
  status: 'approved' | 'rejected';
  date: string;
}

export type ApprovalHandler = (tx: Tx, e: ApprovalOutcome) => Promise<void>;

const handlers = new Map<string, Set<ApprovalHandler>>();

/**
 * Registers what happens to documents of a type when a request reaches its final status through
 * `decide` (not when a request is approved automatically: that caller sees 'approved' and acts
 * itself). Handlers run inside the deciding transaction, so a failing handler undoes the decision.
 * Returns a function that removes the handler.
 */
export function onApprovalDecided(documentType: string, handler: ApprovalHandler): () => void {
  const set = handlers.get(documentType) ?? new Set<ApprovalHandler>();
  set.add(handler);
  handlers.set(documentType, set);
  return () => void set.delete(handler);
}

/**
 * The general manager (role 'manager') may decide any step of any chain; everyone else only a
 * step that asks for their own role. The database checks the same rule on every decision row.
 */
export const OVERRIDE_ROLE = 'manager';

/**
 * Approves or rejects the current step of a pending request. The approver must be active and
 * hold the step's role (or be a manager), and may decide only one step of a request; a reject
 * ends the chain, the last approve completes it. Each decision is an append-only audit row.
 * Concurrent decisions on one request queue on its row lock: the first wins, the rest are told
 * the step is already decided.
 */
export const decide = defineCommand(
  'approvals.decide',
  z.object({
    requestId: id,
    approverId: id,
    decision: z.enum(['approve', 'reject']),
    comment: z.string().trim().max(1000).optional(),
    date: isoDate,
  }),
  async (tx, input) => {
    const { rows } = await sql<{
      document_type: string; document_id: number; status: string; current_step: number; steps: string[]; request_date: string;
      approver_role: string | null; approver_active: boolean | null; decided_step: number | null;
    }>`
      select r.document_type, r.document_id, r.status, r.current_step, to_jsonb(r.steps) as steps, r.request_date,
             e.role as approver_role, e.active as approver_active,
             (select d.step_no from approvals.decisions d where d.request_id = r.id and d.approver_id = ${input.approverId}) as decided_step
        from approvals.requests r left join people.employees e on e.id = ${input.approverId}
       where r.id = ${input.requestId}
         for update of r`.execute(tx.db);
    const request = rows[0];
    if (!request) throw new DomainError('NOT_FOUND', `approval request ${input.requestId} does not exist`, 'requestId');
    if (request.status !== 'pending') {
      throw new DomainError('CONFLICT', `approval request ${input.requestId} is already ${request.status}; a decided step cannot be changed`, 'requestId');
    }
    if (request.approver_role === null) throw new DomainError('NOT_FOUND', `employee ${input.approverId} does not exist`, 'approverId');
    if (!request.approver_active) throw new DomainError('NOT_ALLOWED', `employee ${input.approverId} is not active`, 'approverId');
    const step = request.current_step;
    const role = request.steps[step]!;
    if (request.approver_role !== role && request.approver_role !== OVERRIDE_ROLE) {
      throw new DomainError('NOT_ALLOWED', `step ${step + 1} of request ${input.requestId} needs a ${role}; employee ${input.approverId} is a ${request.approver_role}`, 'approverId');
    }
    if (request.decided_step !== null) {
      throw new DomainError('NOT_ALLOWED', `employee ${input.approverId} already decided step ${request.decided_step + 1} of request ${input.requestId}; another approver must decide`, 'approverId');
    }
    if (input.date < request.request_date) throw new DomainError('INVALID_INPUT', `a decision cannot precede its request (${request.request_date})`, 'date');

    const last = step + 1 === request.steps.length;
    const status: 'pending' | 'approved' | 'rejected' = input.decision === 'reject' ? 'rejected' : last ? 'approved' : 'pending';
    const nextRole = status === 'pending' ? request.steps[step + 1] : undefined;
    tx.emit({
      aggregateType: 'approval_request',
      aggregateId: input.requestId,
      type: status === 'pending' ? 'approval.step_approved' : `approval.${status}`,
      payload: { documentType: request.document_type, documentId: request.document_id, step: step + 1, role, approverId: input.approverId, decision: input.decision, comment: input.comment ?? null },
    });
    await sql`
      with d as (
        insert into approvals.decisions (request_id, step_no, step_role, approver_id, approver_role, decision, comment, decision_date, created_by)
        values (${input.requestId}, ${step}, ${role}, ${input.approverId}, ${request.approver_role}, ${input.decision}, ${input.comment ?? null}, ${input.date}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      update approvals.requests
         set current_step = ${input.decision === 'approve' ? step + 1 : step}, status = ${status},
             closed_date = ${status === 'pending' ? null : input.date}
       where id = ${input.requestId}`.execute(tx.db);

    if (status !== 'pending') {
      for (const handler of handlers.get(request.document_type) ?? []) {
        await handler(tx, { documentId: request.document_id, requestId: input.requestId, status, date: input.date });
      }
    }
    return nextRole === undefined ? { requestId: input.requestId, status } : { requestId: input.requestId, status, nextRole };
  },
);
