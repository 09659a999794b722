import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrate, migrationFiles } from '../domain/db/migrate.js';
import { freshDatabase, type TestDatabase } from './support/database.js';

describe('migrations', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.drop());

  it('records every file once and is idempotent', async () => {
    const again = await migrate(database);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(migrationFiles().map((f) => f.name));
    const rows = await sql<{ n: number }>`select count(*)::int as n from core.schema_migrations`.execute(database.db);
    expect(rows.rows[0]!.n).toBe(migrationFiles().length);
  });

  it('refuses an applied migration whose content changed', async () => {
    const files = migrationFiles();
    const changed = files.map((f, i) => (i === 0 ? { ...f, sha256: 'different' } : f));
    await expect(migrate(database, changed)).rejects.toMatchObject({ code: 'MIGRATION_CHANGED', field: files[0]!.name });
  });

  it('creates one schema per area', async () => {
    const rows = await sql<{ nspname: string }>`select nspname from pg_namespace where nspname in ('core','people','finance','crm','erp','scm') order by 1`.execute(database.db);
    expect(rows.rows.map((r) => r.nspname)).toEqual(['core', 'crm', 'erp', 'finance', 'people', 'scm']);
  });
});
