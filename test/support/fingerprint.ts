import { sql, type Kysely } from 'kysely';
import { expect } from 'vitest';
import type { DB } from '../../domain/db/tables.js';
import { DomainError, documentCounts } from '../../domain/index.js';

/**
 * A snapshot of everything a command could have written, to prove that a rejected command
 * left no trace: the public document counts, the outbox and idempotency records, stock sums,
 * and the row count and a content hash of every table of the operational schemas.
 * (Sequences are not transactional in Postgres, so document numbers may skip; they are not compared.)
 */
export interface Fingerprint {
  documents: Record<string, number>;
  outbox: number;
  idempotencyKeys: number;
  stock: { onHand: string; reserved: string; value: string };
  tables: Record<string, string>;
}

const SCHEMAS = ['core', 'people', 'finance', 'crm', 'erp', 'scm', 'approvals'];
const tableLists = new WeakMap<object, string[]>();

async function operationalTables(db: Kysely<DB>): Promise<string[]> {
  const cached = tableLists.get(db);
  if (cached) return cached;
  const { rows } = await sql<{ name: string }>`
    select table_schema || '.' || table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema in (${sql.join(SCHEMAS)}) order by 1`.execute(db);
  const names = rows.map((r) => r.name);
  tableLists.set(db, names);
  return names;
}

export async function fingerprint(db: Kysely<DB>): Promise<Fingerprint> {
  const tables = await operationalTables(db);
  const parts = tables.map(
    (t) => sql`select ${t} as t, count(*)::text || ':' || md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as h from ${sql.table(t)} x`,
  );
  const [documents, hashed, totals] = await Promise.all([
    documentCounts(db),
    sql<{ t: string; h: string }>`${sql.join(parts, sql` union all `)}`.execute(db),
    // Sums as text: a corrupt row beyond 2^53 must not make the snapshot itself throw.
    sql<{ outbox: number; keys: number; on_hand: string; reserved: string; value: string }>`
      select (select count(*)::int from core.outbox) as outbox,
             (select count(*)::int from core.idempotency_keys) as keys,
             coalesce(sum(on_hand), 0)::text as on_hand, coalesce(sum(reserved), 0)::text as reserved, coalesce(sum(value), 0)::text as value
        from erp.stock`.execute(db),
  ]);
  const t = totals.rows[0]!;
  return {
    documents,
    outbox: t.outbox,
    idempotencyKeys: t.keys,
    stock: { onHand: t.on_hand, reserved: t.reserved, value: t.value },
    tables: Object.fromEntries(hashed.rows.map((r) => [r.t, r.h])),
  };
}

/** Names what differs between two fingerprints (empty when equal), for readable failures. */
export function fingerprintDiff(a: Fingerprint, b: Fingerprint): string[] {
  const out: string[] = [];
  const cmp = (path: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${path}: ${JSON.stringify(x)} → ${JSON.stringify(y)}`);
  };
  for (const k of new Set([...Object.keys(a.documents), ...Object.keys(b.documents)])) cmp(`documents.${k}`, a.documents[k], b.documents[k]);
  cmp('outbox', a.outbox, b.outbox);
  cmp('idempotencyKeys', a.idempotencyKeys, b.idempotencyKeys);
  cmp('stock', a.stock, b.stock);
  for (const k of new Set([...Object.keys(a.tables), ...Object.keys(b.tables)])) cmp(`table ${k}`, a.tables[k], b.tables[k]);
  return out;
}

/** Awaits a promise that must reject, and returns what it rejected with. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the command to be rejected, but it succeeded');
}

/**
 * Asserts that `run` is rejected with a DomainError of `code` (and `field`, when given) and
 * that the database is exactly as it was before. Returns the error.
 */
export async function expectRejectedWithoutTrace(
  db: Kysely<DB>,
  run: () => Promise<unknown>,
  code: string,
  field?: string,
): Promise<DomainError> {
  const before = await fingerprint(db);
  const error = await rejectionOf(run());
  expect(error, String(error)).toBeInstanceOf(DomainError);
  const e = error as DomainError;
  expect({ code: e.code, ...(field !== undefined ? { field: e.field } : {}) }, e.message).toEqual({ code, ...(field !== undefined ? { field } : {}) });
  expect(fingerprintDiff(before, await fingerprint(db))).toEqual([]);
  return e;
}
