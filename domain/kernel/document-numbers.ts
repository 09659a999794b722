import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/**
 * Reserves a document's id and number before its rows are written, so the stock moves and
 * journal entry it causes can point at it and the immutable header is written once, complete.
 * `table` is `schema.table` with a serial `id`; numbers are `PREFIX-0000001`, unique, not gapless.
 */
export async function nextDocument(db: Kysely<DB>, table: string, numberSequence: string, prefix: string): Promise<{ id: number; number: string }> {
  const { rows } = await sql<{ id: number; number: string }>`
    select nextval(pg_get_serial_sequence(${table}, 'id'))::int as id,
           ${prefix} || '-' || lpad(nextval(${numberSequence}::regclass)::text, 7, '0') as number`.execute(db);
  return rows[0]!;
}
