import { join } from 'node:path';
import { dataDirectory } from '../domain/db/project-root.js';

/** The warehouse file: $LEDGERLOOP_DATA/warehouse.duckdb (default ./data/warehouse.duckdb). */
export function warehousePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataDirectory(env), 'warehouse.duckdb');
}
