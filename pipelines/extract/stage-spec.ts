/**
 * A staging table: one Postgres SELECT whose rows are copied, unchanged, into a temporary
 * DuckDB table of the same name. Transforms read staging tables only, so one set of transforms
 * serves both engines however the rows travelled (CSV from the server, pages from PGlite).
 *
 * Stage columns use five plain types so that a CSV field and a PGlite value both map onto them
 * without loss: timestamps travel as microseconds since the epoch (`*_us`, BIGINT) and exchange
 * rates as integers scaled by 10^8 (`rate_e8`), never as floating point.
 */
export type StageType = 'INTEGER' | 'BIGINT' | 'VARCHAR' | 'DATE' | 'BOOLEAN';

export interface StageColumn {
  readonly name: string;
  readonly type: StageType;
}

/**
 * Which source rows a run reads: all of them, or those of aggregates changed since the previous
 * run — whose events have a tx_id at or above its snapshot's xmin (`since`) and were not yet
 * visible in its snapshot (`seen`, as pg_current_snapshot() text; null when not recorded).
 */
export type ReadWindow = { readonly kind: 'full' } | ChangeWindow;
export interface ChangeWindow {
  readonly kind: 'changes';
  readonly since: bigint;
  readonly seen: string | null;
}

export interface StageSpec {
  /** The DuckDB staging table, `stg_…`. */
  readonly name: string;
  readonly columns: readonly StageColumn[];
  /** A unique, orderable column of the query's rows, for keyset pagination. */
  readonly key: string;
  /** The table whose size estimates this stage's row count (for progress). */
  readonly driver: string;
  /** The Postgres query selecting `columns` in order, or null when the window needs none of it. */
  query(window: ReadWindow): string | null;
}

/** `{ id: 'INTEGER', … }` → the column list, in declaration order. */
export function columns(spec: Record<string, StageType>): StageColumn[] {
  return Object.entries(spec).map(([name, type]) => ({ name, type }));
}

/**
 * DDL of the staging table for `spec`, created in the run's in-memory database (not as a
 * temporary table, which only its own connection could see: stages are loaded side by side).
 */
export function stagingTableSql(spec: StageSpec): string {
  return `create or replace table ${spec.name} (${spec.columns.map((c) => `${c.name} ${c.type}`).join(', ')})`;
}

/** A timestamptz as exact microseconds since the epoch (Postgres 14+ `extract` is numeric). */
export const micros = (expression: string) => `(extract(epoch from ${expression}) * 1000000)::bigint`;

/** An exchange rate as an exact integer scaled by 10^8 (rates are numeric(18, 8)). */
export const rateE8 = (expression: string) => `(${expression} * 100000000)::bigint`;
