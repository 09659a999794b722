import type { Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** Customers created by an actor, in creation order (the simulator finds its own this way). */
export async function customersCreatedBy(db: Kysely<DB>, actor: string) {
  return db.selectFrom('crm.customers').select(['id', 'code', 'region', 'currency']).where('created_by', '=', actor).orderBy('id').execute();
}
