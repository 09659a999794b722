import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { ScorecardGrade, SupplierStanding } from './tables.js';

/** A supplier's scorecard standing as recorded by scm.recordSupplierStandings. */
export interface StandingRecord {
  standing: SupplierStanding;
  score: number;
  grade: ScorecardGrade;
  reason: string;
  period: string;
  modelVersion: string;
  asOf: string;
  recordedBy: string;
  recordedAt: string;
}

export interface SupplierStandingView extends StandingRecord {
  supplierId: number;
  code: string;
  /** Every standing recorded for the supplier, newest first (the current one included). */
  history: StandingRecord[];
}

/** The supplier's current standing with its history; null when none was ever recorded (or no such supplier). */
export async function supplierStanding(db: Kysely<DB>, supplierId: number): Promise<SupplierStandingView | null> {
  const { rows } = await sql<StandingRecord & { current: boolean; code: string }>`
    select h.standing, h.score::float8 as score, h.grade, h.reason, h.period, h.model_version as "modelVersion", h.as_of as "asOf",
           h.recorded_by as "recordedBy", to_char(h.recorded_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "recordedAt",
           st.history_id = h.id as current, s.code
      from scm.supplier_standing_history h
      join scm.suppliers s on s.id = h.supplier_id
      join scm.supplier_standings st on st.supplier_id = h.supplier_id
     where h.supplier_id = ${supplierId}
     order by h.as_of desc, h.id desc`.execute(db);
  const now = rows.find((r) => r.current);
  if (!now) return null;
  const plain = ({ current: _c, code: _code, ...r }: StandingRecord & { current: boolean; code: string }): StandingRecord => r;
  return { supplierId, code: now.code, ...plain(now), history: rows.map(plain) };
}
