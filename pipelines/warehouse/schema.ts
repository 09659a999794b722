import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../domain/db/project-root.js';
import type { Duck } from './duck.js';

/**
 * The warehouse schema: sql/warehouse/*.sql, one file per table with its documentation as
 * COMMENT ON statements. Applied on every run (CREATE TABLE IF NOT EXISTS); its hash is kept
 * with the watermark, and a warehouse built from other files is rebuilt in full rather than
 * patched.
 */
export interface SchemaFile {
  table: string;
  text: string;
}

export function schemaFiles(dir = join(projectRoot(), 'sql', 'warehouse')): SchemaFile[] {
  return readdirSync(dir)
    .filter((f) => /^[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({ table: f.slice(0, -4), text: readFileSync(join(dir, f), 'utf8') }));
}

export function schemaVersion(files = schemaFiles()): string {
  const hash = createHash('sha256');
  for (const f of files) hash.update(f.table).update('\0').update(f.text).update('\0');
  return hash.digest('hex').slice(0, 16);
}

export async function applySchema(duck: Duck, files = schemaFiles()): Promise<void> {
  for (const f of files) await duck.run(f.text);
}

/**
 * The model output tables (sql/warehouse/models/*.sql): written by `ledgerloop forecast`, not by
 * the pipeline, and kept across the pipeline's full rebuilds (they hold history: past forecasts
 * are compared with what happened). Not part of the pipeline's schema version.
 */
export function modelSchemaFiles(dir = join(projectRoot(), 'sql', 'warehouse', 'models')): SchemaFile[] {
  return schemaFiles(dir);
}

/** Drops `table` and creates it again, empty, from its file (its comments included). */
export async function recreateTable(duck: Duck, table: string, files = schemaFiles()): Promise<void> {
  const file = files.find((f) => f.table === table);
  if (!file) throw new Error(`no sql/warehouse/${table}.sql`);
  await duck.run(`drop table if exists ${table}`);
  await duck.run(file.text);
}
