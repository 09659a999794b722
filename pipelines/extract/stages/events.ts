import { eventsInWindow } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * The window's events of the given aggregate types, for dating dimension changes: a member that
 * changed gets its new version from the time of its latest event. A full build starts every
 * member at its creation, so it reads none.
 */
export function eventsStage(aggregateTypes: readonly string[]): StageSpec {
  for (const t of aggregateTypes) if (!/^[a-z_]+$/.test(t)) throw new Error(`not an aggregate type: ${t}`);
  return {
    name: 'stg_events',
    columns: columns({ id: 'BIGINT', aggregate_type: 'VARCHAR', aggregate_id: 'VARCHAR', occurred_at_us: 'BIGINT' }),
    key: 'id',
    driver: 'core.outbox',
    query: (window) =>
      window.kind === 'full'
        ? null
        : `select e.id, e.aggregate_type, e.aggregate_id, ${micros('e.occurred_at')} as occurred_at_us
             from core.outbox e
            where ${eventsInWindow(window)} and e.aggregate_type in (${aggregateTypes.map((t) => `'${t}'`).join(', ')})`,
  };
}
