import { existsSync } from 'node:fs';
import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';
import { openReader, type Duck } from '../../pipelines/warehouse/duck.js';
import { bindParams, parseNamedQuery, QueryInputError, type ParamValue } from '../named-queries.js';
import { NoWarehouse, QueryRefused, QueryStopped } from '../query-errors.js';
import { bind, plain, type QueryResult } from '../read-only-query.js';
import { prepareReadOnly, refusing } from '../sandbox.js';
import { resultToParquet } from './parquet.js';
import type { WorkbenchQuery } from './link.js';

/**
 * Running analysts' queries from the workbench: each on its own sandboxed reader of the
 * warehouse (read-only, no files or network, settings locked, memory bounded; every statement
 * through sandbox.ts), with a row limit, a time limit, and cancelling by run id.
 *
 * Stopping uses DuckDB's interrupt on the run's connection. An interrupt that lands before the
 * query has started is lost (DuckDB clears the flag when a query begins), so a stopped run is
 * interrupted again every 50 ms until it ends, and a run whose id was cancelled before it
 * registered (the cancel request overtook the run request) stops as soon as it starts.
 */
export interface WorkbenchResult extends QueryResult {
  /** More rows than the limit came back; only the first `limit` are in `rows`. */
  truncated: boolean;
  limit: number;
  elapsedMs: number;
}

export const RUN_ID = /^[A-Za-z0-9_-]{8,64}$/;

/** What one person's query may take of the server. */
export const READER_LIMITS = { memoryLimit: '1GB', threads: 2 } as const;

interface ActiveRun {
  stopped: 'timeout' | 'cancelled' | null;
  connection: DuckDBConnection | null;
  timeoutSeconds: number;
  repeat: ReturnType<typeof setInterval> | null;
}

export class WorkbenchRuns {
  private readonly active = new Map<string, ActiveRun>();
  /** Ids cancelled before their run started, with when, forgotten after a minute. */
  private readonly cancelledEarly = new Map<string, number>();

  /**
   * Runs `query` on the warehouse at `path` under `runId`, handing the prepared, bound
   * statement to `read`. Throws QueryRefused (the sandbox or DuckDB said no), QueryStopped (time
   * limit or cancel), QueryInputError (parameters) or NoWarehouse.
   */
  async run<T>(path: string, runId: string, query: WorkbenchQuery, read: (prepared: DuckDBPreparedStatement, limit: number) => Promise<T>): Promise<T> {
    if (!RUN_ID.test(runId)) throw new QueryInputError('a run id is 8 to 64 letters, digits, - or _');
    if (this.active.has(runId)) throw new QueryInputError(`run ${runId} is running already`);
    if (!existsSync(path)) throw new NoWarehouse(`no warehouse at ${path}; run 'ledgerloop pipeline' first`);
    const run: ActiveRun = { stopped: null, connection: null, timeoutSeconds: query.timeoutSeconds, repeat: null };
    this.active.set(runId, run);
    const timer = setTimeout(() => this.stop(run, 'timeout'), query.timeoutSeconds * 1000);
    let duck: Duck | null = null;
    try {
      if (this.takeEarlyCancel(runId)) this.stop(run, 'cancelled');
      duck = await openReader(path, READER_LIMITS);
      run.connection = duck.connection;
      throwIfStopped(run);
      const prepared = await prepareReadOnly(duck.connection, query.sql);
      bind(prepared, boundParams(prepared, query));
      throwIfStopped(run);
      const result = await read(prepared, query.limit);
      throwIfStopped(run);
      return result;
    } catch (error) {
      if (run.stopped) throw stoppedError(run);
      throw error;
    } finally {
      clearTimeout(timer);
      if (run.repeat) clearInterval(run.repeat);
      this.active.delete(runId);
      duck?.close();
    }
  }

  /** Stops run `runId`; true when it was running. An id not (yet) running is remembered for a minute in case its run is still on the way. */
  cancel(runId: string): boolean {
    const run = this.active.get(runId);
    if (run) {
      this.stop(run, 'cancelled');
      return true;
    }
    if (RUN_ID.test(runId)) {
      const now = Date.now();
      for (const [id, at] of this.cancelledEarly) if (now - at > 60_000) this.cancelledEarly.delete(id);
      this.cancelledEarly.set(runId, now);
    }
    return false;
  }

  /** The ids of the runs under way. */
  running(): string[] {
    return [...this.active.keys()];
  }

  private takeEarlyCancel(runId: string): boolean {
    const at = this.cancelledEarly.get(runId);
    this.cancelledEarly.delete(runId);
    return at !== undefined && Date.now() - at <= 60_000;
  }

  private stop(run: ActiveRun, reason: 'timeout' | 'cancelled'): void {
    if (run.stopped) return;
    run.stopped = reason;
    const interrupt = () => run.connection?.interrupt();
    interrupt();
    run.repeat = setInterval(interrupt, 50);
  }
}

function throwIfStopped(run: ActiveRun): void {
  if (run.stopped) throw stoppedError(run);
}

function stoppedError(run: ActiveRun): QueryStopped {
  return run.stopped === 'timeout'
    ? new QueryStopped('timeout', `the query ran longer than its time limit of ${run.timeoutSeconds} s and was stopped; narrow it down, or raise the time limit`)
    : new QueryStopped('cancelled', 'the query was cancelled');
}

/**
 * The values for the $parameters the statement uses, from the editor text's `-- @param` header
 * (defaults) and the values given; a $name the header does not declare is refused.
 */
function boundParams(prepared: DuckDBPreparedStatement, query: WorkbenchQuery): Record<string, ParamValue> {
  const declared = parseNamedQuery(query.sql).params;
  const used = new Set<string>();
  for (let i = 1; i <= prepared.parameterCount; i++) used.add(prepared.parameterName(i));
  for (const name of used) {
    if (/^\d+$/.test(name)) throw new QueryInputError(`parameters are named here: write $name and declare it in the header (-- @param name date|integer|text = default  description), not $${name} or ?`);
    if (!declared.some((p) => p.name === name)) throw new QueryInputError(`the query uses $${name}, which its header does not declare: add a line -- @param ${name} date|integer|text = default  description`);
  }
  const all = bindParams(declared, query.params);
  return Object.fromEntries(Object.entries(all).filter(([name]) => used.has(name)));
}

/** Reads at most `limit` rows (one more tells whether there were more), as plain JSON-safe values. */
export async function readRows(prepared: DuckDBPreparedStatement, limit: number): Promise<QueryResult & { truncated: boolean }> {
  const reader = await refusing(() => prepared.streamAndReadUntil(limit + 1));
  const types = reader.columnTypes().map((t) => t.toString());
  const columns = reader.columnNames().map((name, i) => ({ name, type: types[i]! }));
  const rows = reader.getRowObjectsJson();
  return { columns, rows: rows.slice(0, limit).map((row) => plain(row, columns)), truncated: rows.length > limit };
}

/** The result as Parquet, at most `limit` rows (see parquet.ts). */
export async function readParquet(prepared: DuckDBPreparedStatement, limit: number): Promise<{ bytes: Uint8Array; rows: number; truncated: boolean }> {
  const result = await refusing(() => prepared.stream());
  return resultToParquet(result, limit);
}

/** The runs of this process: the workbench's endpoints share them, so a cancel finds its run. */
export const workbenchRuns = new WorkbenchRuns();

export async function runWorkbenchQuery(path: string, runId: string, query: WorkbenchQuery, runs: WorkbenchRuns = workbenchRuns): Promise<WorkbenchResult> {
  const started = performance.now();
  const result = await runs.run(path, runId, query, readRows);
  return { ...result, limit: query.limit, elapsedMs: Math.round(performance.now() - started) };
}

export { QueryRefused, QueryStopped };
