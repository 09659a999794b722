import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * DuckDB opened for the pipeline (read-write, on the `.next` copy) or for a reader (read-only,
 * no file or network access, configuration locked). One connection each.
 */
export interface Duck {
  readonly connection: DuckDBConnection;
  /** Runs statements; returns the rows changed by the last one. */
  run(sql: string): Promise<number>;
  /** Rows as plain JS values (BIGINT as bigint, DATE and TIMESTAMPTZ as Date). */
  all<T extends Record<string, unknown>>(sql: string): Promise<T[]>;
  /** Another connection to the same database (its own transactions, the same tables); closing it leaves this one open. */
  fork(): Promise<Duck>;
  close(): void;
}

/**
 * DuckDB's buffer limit for a run: it spills to disk beyond it. With it the process stays under
 * 1 GB at 10 million sales lines (934 MB measured with every process fact). It holds only while
 * every large operator can spill: a query that probes several large hash joins in one pipeline
 * cannot, which is why the sales-line transform aggregates what happened to each line in one
 * pass (pipelines/transform/fact-sales-line.ts).
 */
export const DEFAULT_MEMORY_LIMIT = '384MB';

export interface WriterSettings {
  /** DuckDB memory limit, e.g. '512MB'; large operations spill to `<file>.tmp`. */
  memoryLimit?: string;
  threads?: number;
}

export async function openWriter(path: string, settings: WriterSettings = {}): Promise<Duck> {
  const instance = await DuckDBInstance.create(path, writerConfig(`${path}.tmp`, settings));
  return wrap(instance, await instance.connect());
}

/**
 * A run's DuckDB: in memory, with the writer's settings, spilling to `tempDirectory`. Staging
 * tables (temporary) fill it while the warehouse file is still being prepared; `attachWarehouse`
 * then makes that file the database unqualified names refer to.
 */
export async function openStaging(tempDirectory: string, settings: WriterSettings = {}): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:', writerConfig(tempDirectory, settings));
  return wrap(instance, await instance.connect());
}

/** The name a run attaches its warehouse file under. */
export const ATTACHED = 'warehouse_next';

/**
 * Attaches the warehouse file (created if absent) read-write and makes it the default database;
 * names not found there are looked up in the in-memory one, where the staging tables are.
 */
export async function attachWarehouse(duck: Duck, path: string): Promise<void> {
  await duck.run(`attach ${literal(path)} as ${ATTACHED}`);
  await duck.run(`use ${ATTACHED}`);
  await duck.run(`set search_path = '${ATTACHED}.main,memory.main'`);
}

function writerConfig(tempDirectory: string, settings: WriterSettings): Record<string, string> {
  return {
    memory_limit: settings.memoryLimit ?? DEFAULT_MEMORY_LIMIT,
    threads: String(settings.threads ?? 2),
    temp_directory: tempDirectory,
    // Bulk loads need no insertion order; letting it go saves memory.
    preserve_insertion_order: 'false',
    // No compaction of row groups with deleted rows at every checkpoint: after an incremental
    // run replaced a few thousand rows it would rewrite whole row groups of the largest facts,
    // seconds for a few milliseconds' change. A run turns it on when deleted rows pile up
    // (pipelines/warehouse/compaction.ts).
    max_vacuum_tasks: '0',
  };
}

/**
 * Opens a warehouse file for reading only; every query sees the file as it was when opened.
 * Without `files`, queries cannot read or write other files or the network either, and the
 * configuration is locked so they cannot turn that back on. `files` is for exports;
 * `memoryLimit` and `threads` bound what one person's query may take of a shared server.
 */
export async function openReader(path: string, { files = false, memoryLimit, threads }: { files?: boolean; memoryLimit?: string; threads?: number } = {}): Promise<Duck> {
  const instance = await DuckDBInstance.create(path, {
    access_mode: 'READ_ONLY',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    ...(files ? {} : { enable_external_access: 'false' }),
    ...(memoryLimit ? { memory_limit: memoryLimit } : {}),
    ...(threads ? { threads: String(threads) } : {}),
  });
  const duck = await wrap(instance, await instance.connect());
  // Locked after the time zone is set, so a query cannot change any setting.
  await duck.run('set lock_configuration = true');
  return duck;
}

/** An in-memory DuckDB, for the schema when no warehouse exists yet and for unit tests. */
export async function openMemory(): Promise<Duck> {
  const instance = await DuckDBInstance.create(':memory:');
  return wrap(instance, await instance.connect());
}

async function wrap(instance: DuckDBInstance, connection: DuckDBConnection, ownsInstance = true): Promise<Duck> {
  // Dates and timestamps are compared and printed in UTC whatever the machine's zone: set for
  // the whole instance, so every later connection (fork) has it, even once a reader's
  // configuration is locked.
  if (ownsInstance) await connection.run(`set global TimeZone = 'UTC'`);
  return {
    connection,
    run: async (sql) => Number((await connection.run(sql)).rowsChanged),
    all: async <T extends Record<string, unknown>>(sql: string) => (await connection.runAndReadAll(sql)).getRowObjectsJS() as T[],
    fork: async () => wrap(instance, await instance.connect(), false),
    close: () => {
      connection.closeSync();
      if (ownsInstance) instance.closeSync();
    },
  };
}

/** A SQL string literal. */
export const literal = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** A bigint from DuckDB as a JavaScript number, refused beyond the exact integer range. */
export function toNumber(value: unknown): number {
  if (value === null || value === undefined) return 0;
  const n = typeof value === 'bigint' ? Number(value) : Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${String(value)} is beyond JavaScript's exact integer range`);
  return n;
}
