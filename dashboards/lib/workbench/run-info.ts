import { tableFromIPC } from 'apache-arrow';

/** What the server says about a run besides its rows, in the Arrow schema's `ledgerloop` metadata. */
export interface RunInfo {
  /** Names and DuckDB types, in order. */
  columns: { name: string; type: string }[];
  /** More rows than the limit came back; only the first `limit` were sent. */
  truncated: boolean;
  limit: number;
  rows: number;
  elapsedMs: number;
}

/** A run's answer: its rows (numbers as numbers, dates and text as text) and what the server says about it. */
export function readRun(bytes: Uint8Array): { info: RunInfo; rows: Record<string, unknown>[] } {
  const table = tableFromIPC(bytes);
  const meta = table.schema.metadata.get('ledgerloop');
  if (!meta) throw new Error('the answer has no run information');
  return { info: JSON.parse(meta) as RunInfo, rows: table.toArray().map((row) => row.toJSON() as Record<string, unknown>) };
}
