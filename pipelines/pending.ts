import { existsSync } from 'node:fs';
import { sql } from 'kysely';
import type { Database } from '../domain/db/connect.js';
import { eventsInWindow } from './extract/changes.js';
import { SNAPSHOT_INFO_SQL, snapshotInfo, type SnapshotInfoRow } from './extract/snapshot.js';
import { openReader } from './warehouse/duck.js';
import { readWatermark, type Watermark } from './warehouse/meta.js';
import { schemaVersion } from './warehouse/schema.js';

/**
 * What a pipeline run would do now, found without running one: build the warehouse (there is
 * none), rebuild it (its schema or its source database is another one), apply the events
 * committed since its last run, or nothing — it is current.
 */
export type WarehouseState =
  | { state: 'missing' }
  | { state: 'rebuild'; reason: string }
  | { state: 'stale'; events: number; watermark: Watermark }
  | { state: 'current'; watermark: Watermark };

/**
 * Aggregates whose events change nothing the warehouse holds: the planning inbox's suggestions
 * as the forecast proposes and revises them, the supplier scorecard's standings and the users
 * of the dashboards (access) live in the operational database only. Counting them would make
 * every forecast (which writes the first two) leave the warehouse "behind" and start another
 * round. Decisions on suggestions, their expiries and measured outcomes are events of
 * 'planning_decision' (domain/planning/proposals.ts): those are loaded (fact_planning_decision),
 * so they count.
 */
export const AGGREGATES_NOT_LOADED = ['planning_suggestion', 'supplier_scorecard', 'supplier_standing', 'access_user'] as const;

/**
 * Warehouse tables the models do not read: a pipeline run that wrote only these leaves the
 * forecasts current. The planning decisions are the forecast's own suggestions coming back
 * decided; re-running the models for them would only revise every open suggestion again (and
 * make a planner looking at one start over).
 */
export const TABLES_NOT_MODELLED = ['fact_planning_decision'] as const;

/** Whether a pipeline run that wrote `rowsWritten` (rows per table) brought the models anything new. */
export function wroteModelInputs(rowsWritten: Readonly<Record<string, number>>): boolean {
  return Object.entries(rowsWritten).some(([table, n]) => n > 0 && !(TABLES_NOT_MODELLED as readonly string[]).includes(table));
}

export async function warehouseState(database: Database, warehousePath: string): Promise<WarehouseState> {
  if (!existsSync(warehousePath)) return { state: 'missing' };
  const duck = await openReader(warehousePath);
  let watermark: Watermark | null;
  try {
    watermark = await readWatermark(duck).catch(() => null);
  } finally {
    duck.close();
  }
  if (!watermark) return { state: 'rebuild', reason: 'the warehouse has no watermark' };
  if (watermark.schemaVersion !== schemaVersion()) return { state: 'rebuild', reason: 'the warehouse schema (sql/warehouse) changed' };
  const { rows } = await sql.raw<SnapshotInfoRow>(SNAPSHOT_INFO_SQL).execute(database.db);
  const info = snapshotInfo(database.kind, rows[0]!);
  if (info.identity !== watermark.sourceIdentity) return { state: 'rebuild', reason: 'it was loaded from another database' };
  if (watermark.xmin > info.xmin) return { state: 'rebuild', reason: 'the database is older than the warehouse (restored?)' };
  const window = { kind: 'changes', since: watermark.xmin, seen: watermark.snapshot } as const;
  const ignored = AGGREGATES_NOT_LOADED.map((a) => `'${a}'`).join(', ');
  const counted = await sql.raw<{ n: number }>(`select count(*)::int as n from core.outbox e where ${eventsInWindow(window)} and e.aggregate_type not in (${ignored})`).execute(database.db);
  const events = counted.rows[0]!.n;
  return events > 0 ? { state: 'stale', events, watermark } : { state: 'current', watermark };
}
