import { micros } from './stage-spec.js';

/**
 * What a run learns from its source snapshot before reading any rows: the watermark it will
 * keep, the snapshot's time, which database this is, and the functional currency.
 */
export interface SnapshotInfo {
  /** pg_snapshot_xmin of the snapshot: every transaction below it had finished. */
  xmin: bigint;
  /** The snapshot itself (pg_current_snapshot() as text): which transactions it could see. */
  snapshot: string;
  takenAt: Date;
  /** Engine, database and its first event: a different value means a different database. */
  identity: string;
  functionalCurrency: string | null;
}

export const SNAPSHOT_INFO_SQL = `
  select pg_snapshot_xmin(pg_current_snapshot())::text as xmin,
         pg_current_snapshot()::text as snapshot,
         ${micros('now()')}::text as now_us,
         current_database() || ':' || (select d.oid::text from pg_database d where d.datname = current_database()) as db,
         (select e.id::text || '@' || ${micros('e.occurred_at')}::text from core.outbox e order by e.id limit 1) as first_event,
         (select s.value #>> '{}' from core.settings s where s.key = 'functional_currency') as functional`;

export interface SnapshotInfoRow {
  xmin: string;
  snapshot: string;
  now_us: string;
  db: string;
  first_event: string | null;
  functional: string | null;
}

export function snapshotInfo(kind: string, row: SnapshotInfoRow): SnapshotInfo {
  return {
    xmin: BigInt(row.xmin),
    snapshot: row.snapshot,
    takenAt: new Date(Number(BigInt(row.now_us) / 1000n)),
    identity: `${kind}:${row.db}:${row.first_event ?? 'no-events'}`,
    functionalCurrency: row.functional,
  };
}

/** Planner's row estimates of tables (for progress), leaving out those never analysed. */
export const estimateSql = (tables: readonly string[]) =>
  `select t.name, c.reltuples::bigint::text as n
     from unnest(array[${tables.map((t) => `'${t.replace(/'/g, "''")}'`).join(', ') || `''`}]::text[]) t(name)
     join pg_class c on c.oid = to_regclass(t.name)
    where c.reltuples > 0`;

export function estimates(rows: readonly { name: string; n: string }[]): Map<string, number> {
  return new Map(rows.map((r) => [r.name, Number(r.n)]));
}
