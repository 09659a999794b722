import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

export async function listEmployees(db: Kysely<DB>) {
  return db.selectFrom('people.employees').select(['id', 'code', 'name', 'role', 'region', 'active']).orderBy('id').execute();
}
