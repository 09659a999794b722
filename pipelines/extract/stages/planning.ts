import { changedAggregateIds } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * Decided planning suggestions: each decision with its suggestion as it stood when decided (a
 * decided suggestion never changes again) and the latest outcome measured of it. The proposal,
 * the proposal as accepted, the changes and the outcome travel as JSON text; the transform reads
 * their fields. Decisions, expiries and outcomes are events of aggregate planning_decision, whose
 * id is the suggestion's; open suggestions (planning_suggestion, rewritten by every forecast run)
 * are not read.
 */
export const planningDecisionsStage: StageSpec = {
  name: 'stg_planning_decisions',
  columns: columns({
    suggestion_id: 'INTEGER', decision_id: 'INTEGER', kind: 'VARCHAR', natural_key: 'VARCHAR', value_at_stake: 'BIGINT',
    model_version: 'VARCHAR', first_run_id: 'VARCHAR', run_id: 'VARCHAR', as_of: 'DATE', revision: 'INTEGER', expires_on: 'DATE',
    proposed_at_us: 'BIGINT', proposal: 'VARCHAR', decision: 'VARCHAR', decided_on: 'DATE', decided_at_us: 'BIGINT', decided_by: 'VARCHAR',
    reason: 'VARCHAR', accepted: 'VARCHAR', changes: 'VARCHAR', document_type: 'VARCHAR', document_id: 'INTEGER', document_no: 'VARCHAR',
    outcomes: 'INTEGER', measured_on: 'DATE', outcome: 'VARCHAR', outcome_recorded_at_us: 'BIGINT',
  }),
  key: 'suggestion_id',
  driver: 'planning.decisions',
  query: (window) => `
    select d.suggestion_id, d.id as decision_id, s.kind, s.natural_key, s.value_at_stake, s.model_version, s.first_run_id, s.run_id,
           s.as_of, s.revision, s.expires_on, ${micros('s.created_at')} as proposed_at_us, s.proposal::text as proposal,
           d.decision, d.decided_on, ${micros('d.decided_at')} as decided_at_us, d.decided_by, d.reason, d.accepted::text as accepted,
           d.changes::text as changes, d.document_type, d.document_id, d.document_no,
           coalesce(o.outcomes, 0) as outcomes, o.measured_on, o.outcome::text as outcome, ${micros('o.recorded_at')} as outcome_recorded_at_us
      from planning.decisions d join planning.suggestions s on s.id = d.suggestion_id
      left join lateral (
        select l.measured_on, l.outcome, l.recorded_at, (select count(*)::int from planning.outcomes c where c.suggestion_id = d.suggestion_id) as outcomes
          from planning.outcomes l where l.suggestion_id = d.suggestion_id order by l.measured_on desc limit 1
      ) o on true
     ${window.kind === 'full' ? '' : `where d.suggestion_id in (${changedAggregateIds('planning_decision', window)})`}`,
};
