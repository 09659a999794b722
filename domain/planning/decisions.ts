import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { applyChanges, proposalChanges, type FieldChange } from './kinds.js';
import { createDocument, type CreatedDocument } from './documents.js';
import { DECISION } from './proposals.js';
import { recordAudit } from '../access/index.js';
import type { DecisionKind, SuggestionKind, SuggestionStatus } from './tables.js';

export interface DecisionResult {
  suggestionId: number;
  decisionId: number;
  status: Exclude<DecisionKind, 'expired'>;
  decidedBy: string;
  decidedOn: string;
  /** ISO timestamp. */
  decidedAt: string;
  /** {field: {before, after}} of a modification; empty otherwise. */
  changes: Record<string, FieldChange>;
  /** The document acceptance created; null for a rejection. */
  document: CreatedDocument | null;
}

interface OpenSuggestion { id: number; kind: SuggestionKind; proposal: Record<string, unknown>; value_at_stake: number }

/**
 * Locks the suggestion and makes sure it is still open. Two planners (or a double click) take
 * turns on the row lock; the later one finds it decided and is told by whom and when. An
 * idempotent retry never gets here: the command's key returns the first result.
 */
async function lockOpen(tx: Tx, suggestionId: number, revision: number | undefined): Promise<OpenSuggestion> {
  const { rows } = await sql<OpenSuggestion & { status: SuggestionStatus; revision: number; run_id: string }>`
    select id, kind, status, proposal, value_at_stake, revision, run_id from planning.suggestions where id = ${suggestionId} for update`.execute(tx.db);
  const s = rows[0];
  if (!s) throw new DomainError('NOT_FOUND', `planning suggestion ${suggestionId} does not exist`, 'suggestionId');
  if (s.status === 'open') {
    // The planner decided on what they saw; a forecast run that revised it since wins.
    if (revision !== undefined && revision !== s.revision) {
      throw new DomainError('CONFLICT', `planning suggestion ${suggestionId} was revised by run ${s.run_id} (revision ${s.revision}, not ${revision}); look at it again`, 'revision');
    }
    return s;
  }
  // A statement of its own, so it sees the decision committed while this one waited for the lock.
  const d = await tx.db.selectFrom('planning.decisions').select(['decided_by', 'decided_at', 'decided_on', 'document_type', 'document_no', 'document_id'])
    .where('suggestion_id', '=', suggestionId).executeTakeFirst();
  const decidedAt = d?.decided_at.toISOString() ?? null;
  const document = d?.document_type ? ` (${d.document_type.replace('_', ' ')} ${d.document_no ?? d.document_id})` : '';
  throw new DomainError(
    'ALREADY_DECIDED',
    `planning suggestion ${suggestionId} was already ${s.status}${d ? ` by ${d.decided_by} on ${d.decided_on} at ${decidedAt}` : ''}${document}`,
    'suggestionId',
    { status: s.status, decidedBy: d?.decided_by ?? null, decidedOn: d?.decided_on ?? null, decidedAt, documentType: d?.document_type ?? null, documentId: d?.document_id ?? null },
  );
}

/** Closes the suggestion with its decision and event in one statement, and notes it in the audit log (access). */
async function record(tx: Tx, s: OpenSuggestion, decision: Exclude<DecisionKind, 'expired'>, fields: {
  date: string; reason?: string | undefined; accepted?: Record<string, unknown>; changes?: Record<string, FieldChange>; document?: CreatedDocument;
}): Promise<DecisionResult> {
  const changes = fields.changes ?? {};
  const document = fields.document ?? null;
  tx.emit({
    aggregateType: DECISION, aggregateId: s.id, type: `planning.suggestion_${decision}`,
    payload: { kind: s.kind, date: fields.date, valueAtStake: s.value_at_stake, ...(fields.reason ? { reason: fields.reason } : {}), ...(decision === 'modified' ? { changes } : {}), ...(document ? { document } : {}) },
  });
  const { rows } = await sql<{ id: number; decided_at: Date }>`
    with events as (${tx.eventsInsert()}), s as (
      update planning.suggestions set status = ${decision}, updated_at = now() where id = ${s.id} and status = 'open' returning id
    )
    insert into planning.decisions (suggestion_id, decision, decided_on, decided_by, reason, accepted, changes, document_type, document_id, document_no)
    select s.id, ${decision}, ${fields.date}::date, ${tx.actor}, ${fields.reason ?? null}::text, ${fields.accepted ? JSON.stringify(fields.accepted) : null}::jsonb,
           ${JSON.stringify(changes)}::jsonb, ${document?.type ?? null}::text, ${document?.id ?? null}::int, ${document?.number ?? null}::text
      from s
    returning id, decided_at`.execute(tx.db);
  const d = rows[0];
  // The row was locked and open a moment ago; nothing else can have closed it.
  if (!d) throw new DomainError('CONFLICT', `planning suggestion ${s.id} changed while it was being decided`, 'suggestionId');
  await recordAudit(tx.context, {
    action: `planning.suggestion_${decision}`, subject: `planning_suggestion:${s.id}`,
    detail: { kind: s.kind, decisionId: d.id, valueAtStake: s.value_at_stake, ...(fields.reason ? { reason: fields.reason } : {}), ...(document ? { document: `${document.type} ${document.number ?? document.id}` } : {}) },
  });
  return { suggestionId: s.id, decisionId: d.id, status: decision, decidedBy: tx.actor, decidedOn: fields.date, decidedAt: d.decided_at.toISOString(), changes, document };
}

/** The revision the planner looked at; refused (CONFLICT) when a run has revised it since. */
const revision = z.number().int().min(0).optional();

const documentOptions = {
  /** Business date of the decision, and of the document it creates. */
  date: isoDate,
  revision,
  /** Replenishment: the employee (the planner) the purchase requisition is raised for. */
  requesterId: id.optional(),
  /** Replenishment: a purchase order to the suggested supplier at once instead of a requisition. */
  replenishAs: z.enum(['requisition', 'purchase_order']).optional(),
};

/**
 * Accepts an open suggestion as proposed: the owning area creates the real document (a purchase
 * requisition or order, a production order, a follow-up in the rep's plan, budget lines) in the
 * same transaction, exactly once. ALREADY_DECIDED when someone decided it first; a retry with the
 * same idempotency key returns the first result.
 */
export const acceptSuggestion = defineCommand(
  'planning.acceptSuggestion',
  z.object({ suggestionId: id, ...documentOptions }),
  async (tx, input) => {
    const s = await lockOpen(tx, input.suggestionId, input.revision);
    const document = await createDocument(tx, s.id, s.kind, s.proposal, input);
    return record(tx, s, 'accepted', { date: input.date, accepted: s.proposal, document });
  },
);

/**
 * Accepts an open suggestion with changes — quantity, supplier, dates, the rep, budget lines,
 * as its kind allows — recording each change's before and after; the document is made from the
 * changed proposal.
 */
export const modifySuggestion = defineCommand(
  'planning.modifySuggestion',
  z.object({ suggestionId: id, ...documentOptions, changes: proposalChanges, reason: z.string().trim().min(1).max(1000).optional() }),
  async (tx, input) => {
    const s = await lockOpen(tx, input.suggestionId, input.revision);
    const { after, diff } = applyChanges(s.kind, s.proposal, input.changes);
    const document = await createDocument(tx, s.id, s.kind, after, input);
    return record(tx, s, 'modified', { date: input.date, reason: input.reason, accepted: after, changes: diff, document });
  },
);

/** Rejects an open suggestion; the reason is required (it is what the next model learns from). */
export const rejectSuggestion = defineCommand(
  'planning.rejectSuggestion',
  z.object({ suggestionId: id, date: isoDate, revision, reason: z.string().trim().min(1, 'a rejection needs a reason').max(1000) }),
  async (tx, input) => {
    const s = await lockOpen(tx, input.suggestionId, input.revision);
    return record(tx, s, 'rejected', { date: input.date, reason: input.reason });
  },
);
