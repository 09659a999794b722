import { json } from '@sveltejs/kit';
import { tableToIPC, tableFromIPC } from 'apache-arrow';
import { QueryInputError } from '../../../warehouse/named-queries.js';
import { NoWarehouse, QueryRefused, QueryStopped } from '../../../warehouse/query-errors.js';
import { listNamedQueries, saveNamedQuery, type NamedQueryEntry, type SaveQueryInput } from '../../../warehouse/saved-queries.js';
import { documentedSchema, type DocumentedTable } from '../../../warehouse/schema-doc.js';
import { WorkbenchInputError, type WorkbenchQuery } from '../../../warehouse/workbench/link.js';
import { readParquet, readRows, runWorkbenchQuery, workbenchRuns } from '../../../warehouse/workbench/runs.js';
import { dashboardContext } from './context.js';
import { toArrowIPC } from './arrow.js';
import { csvChunks } from './csv.js';
import type { RunInfo } from '../workbench/run-info.js';

/**
 * The SQL workbench's server side: the documented schema, the named queries, running and
 * cancelling a query (warehouse/workbench/runs.ts does the work), downloads, and saving.
 */
export async function workbenchSchema(): Promise<DocumentedTable[]> {
  return (await documentedSchema(dashboardContext().warehousePath)).tables;
}

export function namedQueries(): NamedQueryEntry[] {
  return listNamedQueries();
}

/** A run's rows as Arrow IPC, its column types and whether it was cut at the limit in the schema's `ledgerloop` metadata. */
export async function runToIPC(runId: string, query: WorkbenchQuery): Promise<Uint8Array> {
  const result = await runWorkbenchQuery(dashboardContext().warehousePath, runId, query);
  const table = tableFromIPC(toArrowIPC(result));
  const info: RunInfo = { columns: result.columns, truncated: result.truncated, limit: result.limit, elapsedMs: result.elapsedMs, rows: result.rows.length };
  table.schema.metadata.set('ledgerloop', JSON.stringify(info));
  return tableToIPC(table, 'stream');
}

export function cancelRun(runId: string): boolean {
  return workbenchRuns.cancel(runId);
}

/** The query's rows (at most its limit) as a CSV or Parquet download. */
export async function download(query: WorkbenchQuery, format: 'csv' | 'parquet', filename: string): Promise<Response> {
  const runId = `download-${crypto.randomUUID()}`;
  const path = dashboardContext().warehousePath;
  if (format === 'parquet') {
    const parquet = await workbenchRuns.run(path, runId, query, readParquet);
    return new Response(parquet.bytes as BodyInit, { headers: { 'content-type': 'application/vnd.apache.parquet', 'content-disposition': `attachment; filename="${filename}.parquet"`, 'x-ledgerloop-truncated': String(parquet.truncated) } });
  }
  const result = await workbenchRuns.run(path, runId, query, readRows);
  const text = [...csvChunks(result.columns.map((c) => c.name), result.rows)].join('');
  return new Response(text, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}.csv"`, 'x-ledgerloop-truncated': String(result.truncated) } });
}

/**
 * Saves the analyst's query as $LEDGERLOOP_DATA/queries/NAME.sql (checked against the
 * warehouse first: warehouse/saved-queries.ts).
 */
export async function saveQuery(input: SaveQueryInput): Promise<NamedQueryEntry> {
  const saved = await saveNamedQuery(dashboardContext().warehousePath, input);
  // Audit log: record here who saved which query (the signed-in user, saved.name, input.replace).
  return saved;
}

export type WorkbenchErrorKind = 'input' | 'refused' | 'timeout' | 'cancelled' | 'no-warehouse';

/** What went wrong, for the page: a one-line message, its kind and the HTTP status; null for an unexpected error. */
export function workbenchProblem(error: unknown): { status: number; kind: WorkbenchErrorKind; message: string } | null {
  if (error instanceof QueryStopped) return { status: 400, kind: error.reason, message: error.message };
  if (error instanceof QueryRefused) return { status: 400, kind: 'refused', message: error.message };
  if (error instanceof QueryInputError || error instanceof WorkbenchInputError) return { status: 400, kind: 'input', message: error.message };
  if (error instanceof NoWarehouse) return { status: 503, kind: 'no-warehouse', message: error.message };
  return null;
}

/** Runs `fn`, answering an expected failure as JSON {message, kind} with its status. */
export async function answering(fn: () => Promise<Response>): Promise<Response> {
  try {
    return await fn();
  } catch (error) {
    const problem = workbenchProblem(error);
    if (!problem) throw error;
    return json({ message: problem.message, kind: problem.kind }, { status: problem.status });
  }
}
