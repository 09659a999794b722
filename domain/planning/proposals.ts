import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { isoDate, money } from '../kernel/inputs.js';
import { budgetProposal, defaultExpiry, naturalKey, productionProposal, reEngagementProposal, replenishmentProposal, SUGGESTION_KINDS, type Proposal } from './kinds.js';
import type { SuggestionKind } from './tables.js';

/**
 * Outbox aggregates, both keyed by the suggestion's id. A forecast run's proposals and revisions
 * are events of the suggestion; what closes it (a planner's decision, an expiry) and what is
 * measured of it afterwards are events of its decision. The pipeline loads decided suggestions
 * only (fact_planning_decision), so only decision events make the warehouse stale: a forecast
 * that just proposes does not start another round (pipelines/pending.ts).
 */
export const SUGGESTION = 'planning_suggestion';
export const DECISION = 'planning_decision';

const common = {
  /** Why: forecast with its interval, projected stock, lead time, safety stock, chosen supplier and why... */
  rationale: z.record(z.string(), z.unknown()).default({}),
  /** Functional minor units at stake if nothing is done, for sorting. */
  valueAtStake: money.default(0),
  /** Last day worth deciding; default the needed-by / due date, or the day before a budget quarter. */
  expiresOn: isoDate.optional(),
};

export const suggestionInput = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('replenishment'), proposal: replenishmentProposal, ...common }),
  z.object({ kind: z.literal('production'), proposal: productionProposal, ...common }),
  z.object({ kind: z.literal('re_engagement'), proposal: reEngagementProposal, ...common }),
  z.object({ kind: z.literal('budget'), proposal: budgetProposal, ...common }),
]);
export type SuggestionInput = z.input<typeof suggestionInput>;

export interface UpsertResult {
  runId: string;
  created: number;
  updated: number;
  expired: number;
  /** Every suggestion of the run, in input order, with whether it is new or revised an open one. */
  suggestions: { suggestionId: number; naturalKey: string; outcome: 'created' | 'updated' }[];
  expiredIds: number[];
}

/**
 * Stores a forecast run's suggestions. An open suggestion with the same natural key (kind and
 * subject) is revised in place — proposal, rationale, value, run — instead of duplicated; open
 * suggestions of the run's kinds that it no longer proposes expire; decided suggestions are
 * never touched (a key decided before may be proposed afresh). `kinds` are the kinds the run
 * plans (default: those among its suggestions), so a run that finds nothing to replenish still
 * expires the stale replenishment suggestions. Runs take turns (a transaction-scoped lock).
 */
export const upsertSuggestions = defineCommand(
  'planning.upsertSuggestions',
  z.object({
    runId: z.string().trim().min(1).max(200),
    modelVersion: z.string().trim().min(1).max(100),
    /** The date the run's data runs to. */
    asOf: isoDate,
    /** When the run ran; default now. */
    runAt: z.iso.datetime({ offset: true }).optional(),
    kinds: z.array(z.enum(SUGGESTION_KINDS)).min(1).max(4).optional(),
    suggestions: z.array(suggestionInput).max(20_000),
  }),
  async (tx, input): Promise<UpsertResult> => {
    const kinds = [...new Set<SuggestionKind>(input.kinds ?? input.suggestions.map((s) => s.kind))];
    const seen = new Map<string, number>();
    const rows = input.suggestions.map((s, i) => {
      if (!kinds.includes(s.kind)) throw new DomainError('INVALID_INPUT', `a ${s.kind} suggestion in a run planning only ${kinds.join(', ')}`, `suggestions.${i}.kind`);
      const key = naturalKey(s as Proposal);
      const first = seen.get(key);
      if (first !== undefined) throw new DomainError('DUPLICATE', `suggestions ${first} and ${i} are both ${key}`, `suggestions.${i}`);
      seen.set(key, i);
      return { kind: s.kind, key, proposal: s.proposal, rationale: s.rationale, value: s.valueAtStake, expires_on: s.expiresOn ?? defaultExpiry(s as Proposal) };
    });
    if (kinds.length === 0) return { runId: input.runId, created: 0, updated: 0, expired: 0, suggestions: [], expiredIds: [] };

    await sql`select pg_advisory_xact_lock(hashtext('planning.upsertSuggestions'))`.execute(tx.db);
    const open = await tx.db.selectFrom('planning.suggestions').select(['id', 'natural_key']).where('status', '=', 'open').where('kind', 'in', kinds).orderBy('id').forUpdate().execute();
    const openIds = new Map(open.map((o) => [o.natural_key, o.id]));

    const { rows: written } = await sql<{ id: number; natural_key: string; kind: SuggestionKind; revision: number; value_at_stake: number }>`
      insert into planning.suggestions (kind, natural_key, proposal, rationale, value_at_stake, model_version, run_id, as_of, run_at, first_run_id, expires_on)
      select x.kind, x.key, x.proposal, x.rationale, x.value, ${input.modelVersion}, ${input.runId}, ${input.asOf}::date,
             coalesce(${input.runAt ?? null}::timestamptz, now()), ${input.runId}, x.expires_on
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(kind text, key text, proposal jsonb, rationale jsonb, value bigint, expires_on date)
      on conflict (natural_key) where status = 'open' do update
         set proposal = excluded.proposal, rationale = excluded.rationale, value_at_stake = excluded.value_at_stake,
             model_version = excluded.model_version, run_id = excluded.run_id, as_of = excluded.as_of, run_at = excluded.run_at,
             expires_on = excluded.expires_on, revision = planning.suggestions.revision + 1, updated_at = now()
      returning id, natural_key, kind, revision, value_at_stake`.execute(tx.db);
    const byKey = new Map(written.map((w) => [w.natural_key, w]));

    const expired = await expireWhere(tx, input.asOf, `not proposed by run ${input.runId}`, sql`kind = any(${kinds}::text[]) and not (natural_key = any(${rows.map((r) => r.key)}::text[]))`);

    const suggestions = rows.map((r) => {
      const w = byKey.get(r.key)!;
      const outcome = openIds.get(r.key) === w.id ? ('updated' as const) : ('created' as const);
      tx.emit({
        aggregateType: SUGGESTION, aggregateId: w.id, type: outcome === 'created' ? 'planning.suggestion_proposed' : 'planning.suggestion_revised',
        payload: { kind: r.kind, naturalKey: r.key, runId: input.runId, modelVersion: input.modelVersion, revision: w.revision, valueAtStake: w.value_at_stake },
      });
      return { suggestionId: w.id, naturalKey: r.key, outcome };
    });
    return {
      runId: input.runId,
      created: suggestions.filter((s) => s.outcome === 'created').length,
      updated: suggestions.filter((s) => s.outcome === 'updated').length,
      expired: expired.length,
      suggestions,
      expiredIds: expired,
    };
  },
);

/**
 * Expires the open suggestions past their last useful day (`expires_on` before `asOf`),
 * optionally of some kinds only; returns their ids.
 */
export const expireSuggestions = defineCommand(
  'planning.expireSuggestions',
  z.object({ asOf: isoDate, kinds: z.array(z.enum(SUGGESTION_KINDS)).min(1).max(4).optional() }),
  async (tx, input) => {
    const kinds = input.kinds ?? [...SUGGESTION_KINDS];
    const expired = await expireWhere(tx, input.asOf, `past its last useful day on ${input.asOf}`, sql`kind = any(${kinds}::text[]) and expires_on < ${input.asOf}::date`);
    return { asOf: input.asOf, expired: expired.length, expiredIds: expired };
  },
);

/** Moves matching open suggestions to expired, each with its decision and event. */
async function expireWhere(tx: Tx, asOf: string, reason: string, condition: ReturnType<typeof sql>): Promise<number[]> {
  const { rows } = await sql<{ id: number; kind: SuggestionKind; natural_key: string }>`
    with x as (
      update planning.suggestions set status = 'expired', updated_at = now()
       where status = 'open' and ${condition}
       returning id, kind, natural_key
    ), d as (
      insert into planning.decisions (suggestion_id, decision, decided_on, decided_by, reason)
      select id, 'expired', ${asOf}::date, ${tx.actor}, ${reason} from x
    )
    select id, kind, natural_key from x order by id`.execute(tx.db);
  for (const r of rows) {
    tx.emit({ aggregateType: DECISION, aggregateId: r.id, type: 'planning.suggestion_expired', payload: { kind: r.kind, naturalKey: r.natural_key, asOf, reason } });
  }
  return rows.map((r) => r.id);
}
