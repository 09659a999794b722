import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of the supplier standings (sql/postgres/0019_scm_supplier_standing.sql), keyed
 * `schema.table`; merged into DB in domain/db/tables.ts. Scores are numeric strings (the type
 * parsers keep numerics exact), dates 'YYYY-MM-DD' strings.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;

export type SupplierStanding = 'preferred' | 'approved' | 'watch' | 'blocked';
export type ScorecardGrade = 'A' | 'B' | 'C' | 'D';

export interface ScmSupplierStandingHistory {
  id: Generated<number>; supplier_id: number; standing: SupplierStanding; score: string; grade: ScorecardGrade; reason: string;
  /** The scorecard period: 'YYYY-MM' or 'YYYY-Qn'. */
  period: string; model_version: string; as_of: string; recorded_by: string; recorded_at: Timestamp;
}

/** The standing in force; written only by the history's trigger. */
export interface ScmSupplierStandings {
  supplier_id: number; history_id: number; standing: SupplierStanding; score: string; grade: ScorecardGrade; reason: string;
  period: string; model_version: string; as_of: string; recorded_at: Date;
}

export interface ScmStandingTables {
  'scm.supplier_standing_history': ScmSupplierStandingHistory;
  'scm.supplier_standings': ScmSupplierStandings;
}
