import { micros } from './stage-spec.js';

/**
 * What a run learns from its source snapshot before reading any rows: the watermark it will
 * keep, the snapshot's time, which database this is, and the functional currency.
 */
export interface SnapshotInfo {
  /** pg_snapshot_xmin of the snapshot: every transaction below it had finished. */
  xmin: bigint;
  takenAt: Date;
  /** Engine, database and its first event: a different value means a different database. */
  identity: string;
  functionalCurrency: string | null;
}

export const SNAPSHOT_INFO_SQL = `
  select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
         ${micros('now()')}::text as now_us,
         current_database() || ':' || (select d.oid::text from pg_database d where d.datname = current_database()) as db,
         (select e.id::text || '@' || ${micros('e.occurred_at')}::text from core.outbox e order by e.id limit 1) as first_event,
         (select s.value #>> '{}' from core.settings s where s.key = 'functional_currency') as functional`;

export interface SnapshotInfoRow {
  xmin: string;
  now_us: string;
  db: string;
  first_event: string | null;
  functional: string | null;
}

export function snapshotInfo(kind: string, row: SnapshotInfoRow): SnapshotInfo {
  return {
    xmin: BigInt(row.xmin),
    takenAt: new Date(Number(BigInt(row.now_us) / 1000n)),
    identity: `${kind}:${row.db}:${row.first_event ?? 'no-events'}`,
    functionalCurrency: row.functional,
  };
}

/** Planner's row estimate of a table (for progress), null when it has never been analysed. */
export const estimateSql = (table: string) =>
  `select greatest(c.reltuples, 0)::bigint::text as n from pg_class c where c.oid = to_regclass('${table.replace(/'/g, "''")}')`;
