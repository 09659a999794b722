import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import type { DB } from '../db/tables.js';
import { defineCommand, type Tx } from '../kernel/command.js';

/**
 * The audit log: who did what, when and from where. Access writes its own entries (sign-ins,
 * sign-outs, user changes) in the transaction of the change; other areas call `recordAudit`
 * inside theirs (a planning decision, a saved query), so an entry exists exactly when the
 * change does. Entries are never changed or deleted (the table refuses it).
 */
export interface AuditEntry {
  /** 'area.verb': login.succeeded, user.added, planning.suggestion_accepted, query.saved… */
  action: string;
  /** What it concerned: 'user:ann', 'planning_suggestion:12', 'query:top_customers'. */
  subject?: string | null | undefined;
  /** The client's address, when the change came from the browser. */
  ip?: string | null | undefined;
  detail?: Record<string, unknown> | undefined;
}

export interface AuditRecord {
  id: number;
  at: Date;
  actor: string;
  action: string;
  subject: string | null;
  ip: string | null;
  detail: Record<string, unknown>;
}

const ACTION = /^[a-z][a-z_]*\.[a-z][a-z_]*$/;

/** Writes one entry as `actor`, in the caller's transaction. */
export async function writeAudit(db: Tx['db'], actor: string, entry: AuditEntry): Promise<void> {
  await sql`insert into access.audit_log (actor, action, subject, ip, detail)
            values (${actor.slice(0, 200)}, ${entry.action}, ${entry.subject?.slice(0, 200) ?? null}, ${entry.ip?.slice(0, 100) ?? null}, ${JSON.stringify(entry.detail ?? {})}::jsonb)`.execute(db);
}

/**
 * Records an entry in the audit log as the context's actor. Called inside another command's
 * transaction it joins it, so the entry commits (or not) with the change it describes.
 */
export const recordAudit = defineCommand(
  'access.recordAudit',
  z.object({
    action: z.string().regex(ACTION, "an action as 'area.verb' in lower case"),
    subject: z.string().trim().min(1).max(200).nullish(),
    ip: z.string().max(100).nullish(),
    detail: z.record(z.string(), z.unknown()).optional(),
  }),
  async (tx, input) => {
    await writeAudit(tx.db, tx.actor, input);
    return { recorded: true };
  },
);

/**
 * The log, newest first, a page at a time: `beforeId` continues after the last entry of the
 * previous page; `action` keeps one action or, ending in '.', one area ('login.'); `actor` one actor.
 */
export async function listAudit(db: Kysely<DB>, options: { limit?: number; beforeId?: number; action?: string; actor?: string } = {}): Promise<AuditRecord[]> {
  const limit = Math.min(Math.max(options.limit ?? 100, 1), 1000);
  let q = db.selectFrom('access.audit_log').select(['id', 'at', 'actor', 'action', 'subject', 'ip', 'detail']).orderBy('id', 'desc').limit(limit);
  if (options.beforeId !== undefined) q = q.where('id', '<', options.beforeId);
  if (options.action) q = options.action.endsWith('.') ? q.where('action', 'like', `${options.action.replace(/[%_\\]/g, '\\$&')}%`) : q.where('action', '=', options.action);
  if (options.actor) q = q.where('actor', '=', options.actor);
  const rows = await q.execute();
  return rows.map((r) => ({ ...r, detail: (r.detail ?? {}) as Record<string, unknown> }));
}
