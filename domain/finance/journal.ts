import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';
import type { PostingLine } from './posting-rules.js';

export interface EntryDraft {
  date: string;
  sourceType: string;
  sourceId?: string | number;
  memo?: string;
  reversalOf?: number;
  lines: PostingLine[];
}

/**
 * Writes one balanced journal entry in a single statement (header and lines), resolving
 * account roles through finance.account_roles. Zero lines are dropped; an entry with nothing
 * left is not written and `null` is returned. The database re-checks balance at commit and
 * refuses a closed period.
 */
export async function postEntry(db: Kysely<DB>, actor: string, draft: EntryDraft, functionalCurrency: string): Promise<number | null> {
  const entry = await journalEntryCtes(db, actor, draft, functionalCurrency);
  if (!entry.posted) return null;
  const result = await sql<{ id: number }>`with ${entry.ctes} select id from je`.execute(db);
  return result.rows[0]!.id;
}

/** An entry as common table expressions, for a command's own final statement. */
export interface EntryCtes {
  /** `je as (insert … returning id), jl as (…)`; with no lines, `je` is one null id. */
  ctes: RawBuilder<unknown>;
  /** The new entry's id inside that statement: `(select id from je)`. */
  id: RawBuilder<number | null>;
  posted: boolean;
}

/**
 * The entry postEntry writes, as CTEs named `je` and `jl` to put in front of the command's last
 * statement (`with ${entry.ctes}, … values (…, ${entry.id}, …)`), so the document, its lines
 * and its journal entry are written in one round trip.
 */
export async function journalEntryCtes(db: Kysely<DB>, actor: string, draft: EntryDraft, functionalCurrency: string): Promise<EntryCtes> {
  const lines = draft.lines.filter((l) => l.amount !== 0);
  const id = sql<number | null>`(select id from je)`;
  if (lines.length === 0) return { ctes: sql`je as (select null::bigint as id)`, id, posted: false };
  await ensurePeriod(db, draft.date);
  const total = lines.reduce((s, l) => s + l.amount, 0);
  if (total !== 0) {
    throw new DomainError('UNBALANCED_ENTRY', `the entry for ${draft.sourceType} does not balance: debits exceed credits by ${total}`, 'lines');
  }
  const rows = lines.map((l, i) => ({
    n: i + 1,
    role: l.role ?? null,
    account: l.account ?? null,
    debit: l.amount > 0 ? l.amount : 0,
    credit: l.amount < 0 ? -l.amount : 0,
    currency: l.currency ?? functionalCurrency,
    amount_txn: l.amountTxn ?? l.amount,
    customer_id: l.customerId ?? null,
    supplier_id: l.supplierId ?? null,
    item_id: l.itemId ?? null,
    cost_center: l.costCenter ?? null,
  }));
  const period = draft.date.slice(0, 7);
  const ctes = sql`
    je as (
      insert into finance.journal_entries (entry_no, entry_date, period, source_type, source_id, memo, reversal_of, created_by)
      values ('JE-' || lpad(nextval('finance.journal_entry_no')::text, 8, '0'), ${draft.date}, ${period}, ${draft.sourceType},
              ${draft.sourceId === undefined ? null : String(draft.sourceId)}, ${draft.memo ?? ''}, ${draft.reversalOf ?? null}, ${actor})
      returning id
    ), jl as (
      insert into finance.journal_lines (entry_id, line_no, account_code, debit, credit, currency, amount_txn, customer_id, supplier_id, item_id, cost_center)
      select je.id, l.n, coalesce(l.account, r.account_code), l.debit, l.credit, l.currency, l.amount_txn, l.customer_id, l.supplier_id, l.item_id, l.cost_center
        from je, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as l(
          n int, role text, account text, debit bigint, credit bigint, currency text, amount_txn bigint,
          customer_id int, supplier_id int, item_id int, cost_center text)
        left join finance.account_roles r on r.role = l.role
    )`;
  return { ctes, id, posted: true };
}

/**
 * Refuses a posting date in a closed period with a clear error before any work is done, and
 * opens the month on first use. Commands that post call it first; postEntry checks again.
 */
export async function assertPeriodOpen(db: Kysely<DB>, date: string, field = 'date'): Promise<void> {
  const status = await ensurePeriod(db, date);
  if (status === 'closed') {
    throw new DomainError('PERIOD_CLOSED', `period ${date.slice(0, 7)} is closed; post a correction in an open period`, field);
  }
}

// Periods checked within the current transaction, so a command posting several entries asks once.
const knownOpen = new WeakMap<object, Set<string>>();

/** Records that `period` was found open in this transaction (by a query that already asked). */
export function rememberOpenPeriod(db: Kysely<DB>, period: string): void {
  if (db.isTransaction) knownOpen.set(db, (knownOpen.get(db) ?? new Set()).add(period));
}

async function ensurePeriod(db: Kysely<DB>, date: string): Promise<'open' | 'closed'> {
  const period = date.slice(0, 7);
  if (knownOpen.get(db)?.has(period)) return 'open';
  let { rows } = await sql<{ status: 'open' | 'closed' }>`select status from finance.periods where period = ${period}`.execute(db);
  if (rows.length === 0) {
    // A new month. Two statements on purpose: when a concurrent transaction creates the same
    // month, the insert waits for it and does nothing, and only a new statement sees its row.
    await sql`insert into finance.periods (period) values (${period}) on conflict do nothing`.execute(db);
    ({ rows } = await sql<{ status: 'open' | 'closed' }>`select status from finance.periods where period = ${period}`.execute(db));
  }
  const status = rows[0]!.status;
  if (status === 'open') rememberOpenPeriod(db, period);
  return status;
}
