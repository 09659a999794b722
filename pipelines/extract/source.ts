import type { Kysely } from 'kysely';
import type { DB } from '../../domain/db/tables.js';
import type { Database } from '../../domain/db/connect.js';
import type { Duck } from '../warehouse/duck.js';
import type { SnapshotInfo } from './snapshot.js';
import type { ReadWindow, StageSpec } from './stage-spec.js';
import { withEmbeddedSnapshot } from './embedded.js';
import { withServerSnapshot } from './server.js';

/**
 * One consistent view of the operational database: a read-only repeatable-read transaction.
 * Everything a run reads — its watermark, the staged rows and the figures it reconciles
 * against — comes from this one snapshot.
 */
export interface SourceSnapshot {
  readonly info: SnapshotInfo;
  /** Kysely bound to the snapshot's transaction, for queries that must see the same state. */
  readonly db: Kysely<DB>;
  /**
   * Copies the rows of `spec` in `window` into its DuckDB staging table; returns how many. Up to
   * `lanes` calls may run at once, each with its own DuckDB connection.
   */
  stage(spec: StageSpec, window: ReadWindow, duck: Duck, onRows: (rows: number) => void): Promise<number>;
  /** How many stages can be read at the same time: connections in the snapshot (server), or 1 (embedded). */
  readonly lanes: number;
  /** The planner's estimate of each table's rows (absent when unknown). */
  estimateRows(tables: readonly string[]): Promise<Map<string, number>>;
  /**
   * Runs `task` in this same snapshot alongside the staging: on a second connection that imports
   * the snapshot (server), or on the one connection between stages (embedded). The result may be
   * awaited after the snapshot has closed.
   */
  parallel<T>(task: (db: Kysely<DB>) => Promise<T>): Promise<T>;
}

export interface SourceOptions {
  /** Server only: the connection string (Database.location hides the password). */
  url?: string | undefined;
  /** Server only: folder for CSV chunks. */
  scratch: string;
}

/** Opens the snapshot on whichever engine `database` is, runs `fn` in it, and closes it. */
export function withSourceSnapshot<T>(database: Database, options: SourceOptions, fn: (snapshot: SourceSnapshot) => Promise<T>): Promise<T> {
  if (database.kind === 'embedded') return withEmbeddedSnapshot(database.db, fn);
  const url = options.url ?? (database.location.includes('***') ? undefined : database.location);
  if (!url) throw new Error(`the pipeline needs the connection string of ${database.location}: pass sourceUrl (or set DATABASE_URL)`);
  return withServerSnapshot(url, options.scratch, fn);
}
