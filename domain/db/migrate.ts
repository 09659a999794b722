import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Database } from './connect.js';
import { DomainError } from '../kernel/errors.js';
import { projectRoot } from './project-root.js';

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

interface MigrationFile {
  name: string;
  text: string;
  sha256: string;
}

export function migrationFiles(dir = join(projectRoot(), 'sql', 'postgres')): MigrationFile[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, sha256: createHash('sha256').update(text).digest('hex') };
    });
}

/**
 * Applies the SQL files of sql/postgres in name order, each in its own transaction together
 * with its record, so a failed file leaves nothing behind. Idempotent; refuses to go on when a
 * file that was applied has since changed (write a new migration instead).
 */
export async function migrate(database: Database, files = migrationFiles()): Promise<MigrationResult> {
  await database.runScript(`
    create schema if not exists core;
    create table if not exists core.schema_migrations (
      name text primary key, sha256 text not null, applied_at timestamptz not null default now());`);
  const rows = await sql<{ name: string; sha256: string }>`select name, sha256 from core.schema_migrations`.execute(database.db);
  const applied = new Map(rows.rows.map((r) => [r.name, r.sha256]));
  const result: MigrationResult = { applied: [], alreadyApplied: [] };
  for (const file of files) {
    const recorded = applied.get(file.name);
    if (recorded === file.sha256) {
      result.alreadyApplied.push(file.name);
      continue;
    }
    if (recorded) {
      throw new DomainError('MIGRATION_CHANGED', `migration ${file.name} was applied but its content has changed since; add a new migration instead`, file.name);
    }
    await database.runScript(
      `begin;\n${file.text}\n;insert into core.schema_migrations (name, sha256) values ('${file.name}', '${file.sha256}');\ncommit;`,
    ).catch(async (error: unknown) => {
      await database.runScript('rollback').catch(() => {});
      throw new Error(`migration ${file.name} failed: ${(error as Error).message}`);
    });
    result.applied.push(file.name);
  }
  return result;
}
