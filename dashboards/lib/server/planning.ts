import { core, DomainError, planning, scm } from '../../../domain/index.js';
import type { Changes } from '../planning-changes.js';
import { dashboardContext } from './context.js';
import { suggestionView, type SuggestionView } from '../suggestion-view.js';
import { PAGE_SIZE, type InboxView } from '../planning-params.js';

/**
 * The planning inbox through the planning area of the domain library: open suggestions a page
 * at a time (sorted and paged by the database), the latest decisions, the acceptance rate, and
 * accepting or rejecting one.
 */
export async function inbox(view: InboxView) {
  const { db } = dashboardContext().database;
  const rows = await planning.listSuggestions(db, { status: 'open', kind: view.kind ?? undefined, sort: view.sort, limit: PAGE_SIZE + 1, offset: (view.page - 1) * PAGE_SIZE });
  const decided = (await Promise.all((['accepted', 'modified', 'rejected'] as const).map((status) => planning.listSuggestions(db, { status, sort: 'newest', limit: 8 }))))
    .flat()
    .filter((s) => s.decision)
    .sort((a, b) => b.decision!.decidedAt.getTime() - a.decision!.decidedAt.getTime() || b.suggestionId - a.suggestionId)
    .slice(0, 8)
    .map((s) => ({
      id: s.suggestionId, kind: s.kind, status: s.status, title: suggestionView(s).title, decidedBy: s.decision!.decidedBy, decidedOn: s.decision!.decidedOn,
      reason: s.decision!.reason, document: s.decision!.documentType ? `${s.decision!.documentType.replace('_', ' ')} ${s.decision!.documentNo ?? s.decision!.documentId}` : null,
    }));
  const stats = await planning.acceptanceStats(db, { from: '1900-01-01', to: '9999-12-31' });
  return { suggestions: rows.slice(0, PAGE_SIZE).map(suggestionView) as SuggestionView[], hasNext: rows.length > PAGE_SIZE, decided, stats };
}

export type Decision = { suggestionId: number; status: string; document: string | null; decidedBy: string };

/**
 * Accepts or rejects a suggestion as the serving planner, on the simulated company's last day
 * (today without one). `key` comes from the browser, one per decision: a double click or a
 * retry with it returns the first decision instead of making a second document.
 */
export async function decide(input: { action: 'accept' | 'modify' | 'reject'; suggestionId: number; revision: number | undefined; key: string | undefined; reason: string | undefined; changes?: Changes }): Promise<Decision> {
  const { database, actor, plannerId } = dashboardContext();
  const ctx = { db: database.db, actor };
  const date = (await core.simulationState(database.db))?.lastDate ?? new Date().toISOString().slice(0, 10);
  const options = input.key ? { idempotencyKey: `dashboard:${input.key}` } : {};
  const common = { suggestionId: input.suggestionId, date, ...(input.revision === undefined ? {} : { revision: input.revision }) };
  const requester = plannerId === null ? {} : { requesterId: plannerId };
  const result = input.action === 'accept'
    ? await planning.acceptSuggestion(ctx, { ...common, ...requester }, options)
    : input.action === 'modify'
      ? await planning.modifySuggestion(ctx, { ...common, ...requester, changes: input.changes ?? {}, ...(input.reason ? { reason: input.reason } : {}) }, options)
      : await planning.rejectSuggestion(ctx, { ...common, reason: input.reason ?? '' }, options);
  const document = result.document ? `${result.document.type.replace('_', ' ')} ${result.document.number ?? result.document.id}` : null;
  return { suggestionId: result.suggestionId, status: result.status, document, decidedBy: result.decidedBy };
}

/** The open suggestion's kind and proposal, to read a planner's changes against; null when there is none. */
export async function proposalOf(suggestionId: number): Promise<{ kind: string; proposal: Record<string, unknown> } | null> {
  const s = await planning.suggestion(dashboardContext().database.db, suggestionId);
  return s ? { kind: s.kind, proposal: s.proposal as Record<string, unknown> } : null;
}

/** Suppliers a purchase order may go to today (approved, not blocked), for the "change and accept" form. */
export async function supplierChoices(): Promise<{ id: number; code: string }[]> {
  const { database } = dashboardContext();
  const date = (await core.simulationState(database.db))?.lastDate ?? new Date().toISOString().slice(0, 10);
  return (await scm.orderableSuppliers(database.db, date)).filter((s) => s.categories.length > 0).map((s) => ({ id: s.supplierId, code: s.code }));
}

export { DomainError };
