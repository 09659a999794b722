import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of planning's tables (sql/postgres/0018_planning.sql), keyed `schema.table`;
 * merged into DB in domain/db/tables.ts. Money is integer minor units, dates 'YYYY-MM-DD'.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type SuggestionKind = 'replenishment' | 'production' | 're_engagement' | 'budget';
export type SuggestionStatus = 'open' | 'accepted' | 'modified' | 'rejected' | 'expired';
export type DecisionKind = Exclude<SuggestionStatus, 'open'>;

export interface PlanningSuggestions {
  id: Generated<number>; kind: SuggestionKind; natural_key: string; status: Defaulted<SuggestionStatus>;
  proposal: unknown; rationale: Defaulted<unknown>; value_at_stake: Defaulted<number>; model_version: string;
  run_id: string; as_of: string; run_at: ColumnType<Date, Date | string, Date | string>; first_run_id: string;
  revision: Defaulted<number>; expires_on: string; created_at: Timestamp; updated_at: Defaulted<Date>;
}
export interface PlanningDecisions {
  id: Generated<number>; suggestion_id: number; decision: DecisionKind; decided_on: string; decided_at: Timestamp; decided_by: string;
  reason: string | null; accepted: unknown | null; changes: Defaulted<unknown>; document_type: string | null; document_id: number | null;
  document_no: string | null;
}
export interface PlanningOutcomes {
  suggestion_id: number; measured_on: string; outcome: unknown; recorded_at: Timestamp; recorded_by: string;
}

export interface PlanningTables {
  'planning.suggestions': PlanningSuggestions;
  'planning.decisions': PlanningDecisions;
  'planning.outcomes': PlanningOutcomes;
}
