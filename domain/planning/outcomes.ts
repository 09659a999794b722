import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { DECISION } from './proposals.js';

/**
 * Stores how a suggestion compared with what happened, measured by a later run (e.g. the demand
 * that came, the stock-out avoided or not, whether the customer ordered again) — for decided and
 * expired suggestions alike. One measurement per suggestion and date; measuring again on the same
 * date replaces it.
 */
export const recordOutcome = defineCommand(
  'planning.recordOutcome',
  z.object({ suggestionId: id, measuredAt: isoDate, outcome: z.record(z.string(), z.unknown()) }),
  async (tx, input) => {
    tx.emit({ aggregateType: DECISION, aggregateId: input.suggestionId, type: 'planning.outcome_recorded', payload: { measuredAt: input.measuredAt } });
    const { rows } = await sql<{ suggestion_id: number | null; status: string | null }>`
      with s as (select id, status from planning.suggestions where id = ${input.suggestionId}),
      o as (
        insert into planning.outcomes (suggestion_id, measured_on, outcome, recorded_by)
        select s.id, ${input.measuredAt}::date, ${JSON.stringify(input.outcome)}::jsonb, ${tx.actor} from s
        on conflict (suggestion_id, measured_on) do update set outcome = excluded.outcome, recorded_at = now(), recorded_by = excluded.recorded_by
        returning suggestion_id
      ), events as (${tx.eventsInsert()})
      select (select suggestion_id from o) as suggestion_id, (select status from s) as status`.execute(tx.db);
    const r = rows[0]!;
    if (r.suggestion_id === null) throw new DomainError('NOT_FOUND', `planning suggestion ${input.suggestionId} does not exist`, 'suggestionId');
    return { suggestionId: input.suggestionId, measuredAt: input.measuredAt, status: r.status };
  },
);
