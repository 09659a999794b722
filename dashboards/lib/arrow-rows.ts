import { tableFromIPC } from 'apache-arrow';

/** An Arrow IPC stream (as the server sends query results) back into plain rows for Plot and tables. */
export function rowsFromIPC<T = Record<string, unknown>>(bytes: Uint8Array): T[] {
  return tableFromIPC(bytes).toArray().map((row) => row.toJSON() as T);
}
