import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';
import { SUGGESTION_KINDS } from './kinds.js';
import type { DecisionKind, SuggestionKind, SuggestionStatus } from './tables.js';

export interface SuggestionDecision {
  decisionId: number;
  decision: DecisionKind;
  decidedOn: string;
  decidedAt: Date;
  decidedBy: string;
  reason: string | null;
  /** The proposal as accepted (with any changes). */
  accepted: Record<string, unknown> | null;
  changes: Record<string, { before: unknown; after: unknown }>;
  documentType: string | null;
  documentId: number | null;
  documentNo: string | null;
}

export interface SuggestionRecord {
  suggestionId: number;
  kind: SuggestionKind;
  naturalKey: string;
  status: SuggestionStatus;
  proposal: Record<string, unknown>;
  rationale: Record<string, unknown>;
  valueAtStake: number;
  modelVersion: string;
  runId: string;
  firstRunId: string;
  asOf: string;
  runAt: Date;
  revision: number;
  expiresOn: string;
  createdAt: Date;
  updatedAt: Date;
  decision: SuggestionDecision | null;
}

export interface OutcomeRecord { measuredAt: string; outcome: Record<string, unknown>; recordedBy: string; recordedAt: Date }

const SORTS = {
  value_at_stake: sql`s.value_at_stake desc, s.id`,
  expires_on: sql`s.expires_on, s.value_at_stake desc, s.id`,
  newest: sql`s.id desc`,
} as const;
export type SuggestionSort = keyof typeof SORTS;
export const SUGGESTION_SORTS = Object.keys(SORTS) as SuggestionSort[];
const STATUSES: readonly SuggestionStatus[] = ['open', 'accepted', 'modified', 'rejected', 'expired'];

const columns = sql`
  s.id as "suggestionId", s.kind, s.natural_key as "naturalKey", s.status, s.proposal, s.rationale, s.value_at_stake as "valueAtStake",
  s.model_version as "modelVersion", s.run_id as "runId", s.first_run_id as "firstRunId", s.as_of as "asOf", s.run_at as "runAt",
  s.revision, s.expires_on as "expiresOn", s.created_at as "createdAt", s.updated_at as "updatedAt",
  case when d.id is null then null else jsonb_build_object(
    'decisionId', d.id, 'decision', d.decision, 'decidedOn', d.decided_on, 'decidedAt', d.decided_at, 'decidedBy', d.decided_by, 'reason', d.reason,
    'accepted', d.accepted, 'changes', d.changes, 'documentType', d.document_type, 'documentId', d.document_id, 'documentNo', d.document_no) end as decision`;

/**
 * The region a suggestion concerns: its warehouse's (replenishment, production) or its
 * customer's (re-engagement); null for a budget, which is the company's. Readers limited to one
 * region see only its suggestions.
 */
const suggestionRegion = sql`case s.kind
  when 're_engagement' then (select c.region from crm.customers c where c.id = (s.proposal->>'customerId')::int)
  when 'budget' then null
  else (select w.region from erp.warehouses w where w.id = (s.proposal->>'warehouseId')::int) end`;

/** The region suggestion `suggestionId` concerns (see above); null for a budget or when there is no such suggestion. */
export async function regionOfSuggestion(db: Kysely<DB>, suggestionId: number): Promise<string | null> {
  const { rows } = await sql<{ region: string | null }>`select ${suggestionRegion} as region from planning.suggestions s where s.id = ${suggestionId}`.execute(db);
  return rows[0]?.region ?? null;
}

// jsonb gives the timestamp back as text; the record's other timestamps are Dates.
const withDates = (r: SuggestionRecord): SuggestionRecord =>
  r.decision ? { ...r, decision: { ...r.decision, decidedAt: new Date(r.decision.decidedAt as unknown as string) } } : r;

/**
 * Suggestions for the planners' list: by status and kind (default all), largest value at stake
 * first unless sorted otherwise, a page at a time; with `region`, only that region's.
 */
export async function listSuggestions(
  db: Kysely<DB>,
  options: { status?: SuggestionStatus | undefined; kind?: SuggestionKind | undefined; limit?: number | undefined; offset?: number | undefined; sort?: SuggestionSort | undefined; region?: string | undefined } = {},
): Promise<SuggestionRecord[]> {
  const limit = options.limit ?? 50;
  const offset = options.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw new DomainError('INVALID_INPUT', 'limit is a whole number from 1 to 1000', 'limit');
  if (!Number.isInteger(offset) || offset < 0) throw new DomainError('INVALID_INPUT', 'offset is a whole number from 0', 'offset');
  if (options.status !== undefined && !STATUSES.includes(options.status)) throw new DomainError('INVALID_INPUT', `status is one of ${STATUSES.join(', ')}`, 'status');
  if (options.kind !== undefined && !SUGGESTION_KINDS.includes(options.kind)) throw new DomainError('INVALID_INPUT', `kind is one of ${SUGGESTION_KINDS.join(', ')}`, 'kind');
  const order = SORTS[options.sort ?? 'value_at_stake'];
  if (!order) throw new DomainError('INVALID_INPUT', `sort is one of ${SUGGESTION_SORTS.join(', ')}`, 'sort');
  const { rows } = await sql<SuggestionRecord>`
    select ${columns}
      from planning.suggestions s left join planning.decisions d on d.suggestion_id = s.id
     where (${options.status ?? null}::text is null or s.status = ${options.status ?? null}::text)
       and (${options.kind ?? null}::text is null or s.kind = ${options.kind ?? null}::text)
       and (${options.region ?? null}::text is null or ${suggestionRegion} = ${options.region ?? null}::text)
     order by ${order}
     limit ${limit} offset ${offset}`.execute(db);
  return rows.map(withDates);
}

/** One suggestion with its decision and the outcomes measured since; null when there is none. */
export async function suggestion(db: Kysely<DB>, suggestionId: number): Promise<(SuggestionRecord & { outcomes: OutcomeRecord[] }) | null> {
  const { rows } = await sql<SuggestionRecord & { outcomes: OutcomeRecord[] }>`
    select ${columns},
           coalesce((select jsonb_agg(jsonb_build_object('measuredAt', o.measured_on, 'outcome', o.outcome, 'recordedBy', o.recorded_by, 'recordedAt', o.recorded_at) order by o.measured_on)
                       from planning.outcomes o where o.suggestion_id = s.id), '[]') as outcomes
      from planning.suggestions s left join planning.decisions d on d.suggestion_id = s.id
     where s.id = ${suggestionId}`.execute(db);
  const r = rows[0];
  if (!r) return null;
  return { ...withDates(r), outcomes: r.outcomes.map((o) => ({ ...o, recordedAt: new Date(o.recordedAt as unknown as string) })) };
}

export interface AcceptanceStats {
  kind: SuggestionKind;
  accepted: number;
  modified: number;
  rejected: number;
  expired: number;
  /** (accepted + modified) ÷ (accepted + modified + rejected); null when planners decided none. */
  acceptanceRate: number | null;
  /** Of the accepted ones, the share accepted with changes; null when none was accepted. */
  modifiedShare: number | null;
  /** Value at stake of the suggestions accepted (with or without changes), minor units. */
  valueAccepted: number;
}

/**
 * How planners received each kind of suggestion decided from `from` to `to` (business dates,
 * inclusive): one row per kind, zeros included; with `region`, that region's suggestions only.
 * Expired suggestions are counted but are not part of the rate (nobody decided them).
 */
export async function acceptanceStats(db: Kysely<DB>, range: { from: string; to: string; region?: string | undefined }): Promise<AcceptanceStats[]> {
  if (range.to < range.from) throw new DomainError('INVALID_INPUT', 'the range ends before it starts', 'to');
  const { rows } = await sql<{ kind: SuggestionKind; accepted: number; modified: number; rejected: number; expired: number; value_accepted: number }>`
    select k.kind,
           count(d.id) filter (where d.decision = 'accepted')::int as accepted,
           count(d.id) filter (where d.decision = 'modified')::int as modified,
           count(d.id) filter (where d.decision = 'rejected')::int as rejected,
           count(d.id) filter (where d.decision = 'expired')::int as expired,
           coalesce(sum(s.value_at_stake) filter (where d.decision in ('accepted', 'modified')), 0)::bigint as value_accepted
      from unnest(${[...SUGGESTION_KINDS]}::text[]) as k(kind)
      left join planning.suggestions s on s.kind = k.kind and (${range.region ?? null}::text is null or ${suggestionRegion} = ${range.region ?? null}::text)
      left join planning.decisions d on d.suggestion_id = s.id and d.decided_on between ${range.from}::date and ${range.to}::date
     group by k.kind order by array_position(${[...SUGGESTION_KINDS]}::text[], k.kind)`.execute(db);
  return rows.map((r) => {
    const taken = r.accepted + r.modified;
    const decided = taken + r.rejected;
    return {
      kind: r.kind, accepted: r.accepted, modified: r.modified, rejected: r.rejected, expired: r.expired,
      acceptanceRate: decided === 0 ? null : taken / decided,
      modifiedShare: taken === 0 ? null : r.modified / taken,
      valueAccepted: r.value_accepted,
    };
  });
}

/**
 * Decided suggestions (accepted, modified or rejected) with no outcome measured yet, oldest
 * decision first: what a forecast run measures against what happened once their dates pass.
 */
export async function suggestionsToMeasure(db: Kysely<DB>, limit = 500): Promise<SuggestionRecord[]> {
  if (!Number.isInteger(limit) || limit < 1 || limit > 5000) throw new DomainError('INVALID_INPUT', 'limit is a whole number from 1 to 5000', 'limit');
  const { rows } = await sql<SuggestionRecord>`
    select ${columns}
      from planning.suggestions s join planning.decisions d on d.suggestion_id = s.id
     where s.status in ('accepted', 'modified', 'rejected')
       and not exists (select 1 from planning.outcomes o where o.suggestion_id = s.id)
     order by d.decided_at, s.id
     limit ${limit}`.execute(db);
  return rows.map(withDates);
}
