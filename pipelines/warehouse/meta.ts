import { literal, toNumber, type Duck } from './duck.js';
import { applySchema, modelSchemaFiles } from './schema.js';

/** The watermark and the run log, kept inside the warehouse file they describe. */
export const SOURCE = 'operational';

export interface Watermark {
  xmin: bigint;
  /** The snapshot the run read, as pg_current_snapshot() text. */
  snapshot: string;
  sourceIdentity: string;
  schemaVersion: string;
  runId: number;
}

export async function readWatermark(duck: Duck): Promise<Watermark | null> {
  const rows = await duck.all<{ xmin: bigint; snapshot: string; source_identity: string; schema_version: string; run_id: bigint }>(
    `select xmin, snapshot, source_identity, schema_version, run_id from meta_watermark where source = ${literal(SOURCE)}`,
  );
  const row = rows[0];
  return row ? { xmin: row.xmin, snapshot: row.snapshot, sourceIdentity: row.source_identity, schemaVersion: row.schema_version, runId: toNumber(row.run_id) } : null;
}

export async function writeWatermark(duck: Duck, w: Watermark & { snapshotAt: Date }): Promise<void> {
  await duck.run(`delete from meta_watermark where source = ${literal(SOURCE)}`);
  await duck.run(`insert into meta_watermark (source, source_identity, xmin, snapshot, snapshot_at, run_id, schema_version)
                  values (${literal(SOURCE)}, ${literal(w.sourceIdentity)}, ${w.xmin}, ${literal(w.snapshot)}, ${timestamp(w.snapshotAt)}, ${w.runId}, ${literal(w.schemaVersion)})`);
}

export async function nextRunId(duck: Duck): Promise<number> {
  const rows = await duck.all<{ n: bigint | null }>('select max(run_id) as n from meta_pipeline_run');
  return toNumber(rows[0]?.n ?? 0n) + 1;
}

export interface RunRecord {
  runId: number;
  startedAt: Date;
  finishedAt: Date | null;
  status: 'succeeded' | 'failed' | 'crashed';
  mode: string;
  source: string;
  watermarkFrom: bigint | null;
  watermarkTo: bigint | null;
  snapshotAt: Date | null;
  rowsExtracted: Record<string, number> | null;
  rowsWritten: Record<string, number> | null;
  rowsAfter: Record<string, number> | null;
  figuresChecked: number | null;
  error: string | null;
  pid: number;
}

export async function recordRun(duck: Duck, r: RunRecord): Promise<void> {
  const json = (v: Record<string, number> | null) => (v === null ? 'null' : literal(JSON.stringify(v)));
  const opt = (v: bigint | number | null) => (v === null ? 'null' : String(v));
  await duck.run(`insert into meta_pipeline_run values (
    ${r.runId}, ${timestamp(r.startedAt)}, ${r.finishedAt ? timestamp(r.finishedAt) : 'null'}, ${literal(r.status)}, ${literal(r.mode)},
    ${literal(r.source)}, ${opt(r.watermarkFrom)}, ${opt(r.watermarkTo)}, ${r.snapshotAt ? timestamp(r.snapshotAt) : 'null'},
    ${json(r.rowsExtracted)}, ${json(r.rowsWritten)}, ${json(r.rowsAfter)}, ${opt(r.figuresChecked)},
    ${r.error === null ? 'null' : literal(r.error)}, ${r.pid})`);
}

/** Row counts of the given tables, as recorded in rows_after and checked by readers. */
export async function tableCounts(duck: Duck, tables: readonly string[]): Promise<Record<string, number>> {
  if (tables.length === 0) return {};
  const rows = await duck.all<{ t: string; n: bigint }>(tables.map((t) => `select ${literal(t)} as t, count(*) as n from ${t}`).join(' union all '));
  return Object.fromEntries(rows.map((r) => [r.t, toNumber(r.n)]));
}

const timestamp = (d: Date) => `make_timestamptz(${BigInt(d.getTime()) * 1000n})`;

/**
 * Whether the run log records the run of process `pid` that started at `startedAt`: a process
 * that died after publishing its run (or its failure) but before releasing its lock did not
 * crash that run.
 */
export async function runRecorded(duck: Duck, pid: number, startedAt: Date): Promise<boolean> {
  const rows = await duck.all<{ n: bigint }>(
    `select count(*) as n from meta_pipeline_run where pid = ${pid} and epoch_ms(started_at) = ${startedAt.getTime()}`,
  );
  return toNumber(rows[0]?.n) > 0;
}

/**
 * Copies what a full rebuild must not lose from the warehouse at `previous` into the one `duck`
 * is building from nothing: the pipeline's run log, so the log continues rather than starting
 * over, and the model outputs with their history (sql/warehouse/models), which only
 * `ledgerloop forecast` writes. Best effort per table: a table in an older shape is left behind.
 */
export async function carryHistory(duck: Duck, previous: string): Promise<void> {
  try {
    await duck.run(`attach ${literal(previous)} as previous_warehouse (read_only)`);
  } catch {
    return; // unreadable: the history starts over
  }
  try {
    const present = new Set(
      (await duck.all<{ table_name: string }>(`select table_name from duckdb_tables() where database_name = 'previous_warehouse'`)).map((r) => r.table_name),
    );
    const models = modelSchemaFiles();
    await applySchema(duck, models);
    for (const table of ['meta_pipeline_run', ...models.map((m) => m.table)]) {
      if (!present.has(table)) continue;
      try {
        await duck.run(`insert into ${table} by name select * from previous_warehouse.${table}`);
      } catch {
        /* another shape: this table's history starts over */
      }
    }
  } finally {
    await duck.run('detach previous_warehouse');
  }
}
