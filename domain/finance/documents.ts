import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { DocumentBase, RelatedDocument } from '../kernel/documents.js';
import { functionalCurrency } from '../core/currency.js';
import { financeSourceDocument } from './references.js';
import { erpSourceDocument } from '../erp/references.js';
import { scmSourceDocument } from '../scm/references.js';
import { crmSourceDocument } from '../crm/references.js';
import { peopleSourceDocument } from '../people/references.js';

export interface JournalLine {
  lineNo: number;
  account: { code: string; name: string; type: string };
  /** Functional minor units; one of the two is zero. */
  debit: number;
  credit: number;
  /** The underlying document's currency and the signed amount in it (debit positive). */
  currency: string;
  amountTxn: number;
  /** Subledger keys where the line carries them. */
  customer: { code: string; name: string } | null;
  supplier: { code: string; name: string } | null;
  item: { sku: string; name: string } | null;
  costCenter: string | null;
}

/** A journal entry: the posting behind a document, its lines by account, debit and credit in the functional currency. */
export interface JournalEntryDocument extends DocumentBase<'journal-entry'> {
  period: string;
  memo: string;
  /** What posted it, as the entry records it ('delivery' 412); the document itself is in `related` (relation 'source'). */
  source: { type: string; id: string | null };
  lines: JournalLine[];
  totals: { debit: number; credit: number };
}

export async function journalEntryDocument(db: Kysely<DB>, entryNo: string): Promise<JournalEntryDocument | null> {
  const { rows } = await sql<{
    id: number; entry_no: string; entry_date: string; period: string; source_type: string; source_id: string | null; memo: string;
    reversal_of: RelatedDocument | null; reversed_by: RelatedDocument | null; lines: JournalLine[];
  }>`
    select e.id, e.entry_no, e.entry_date, e.period, e.source_type, e.source_id, e.memo,
           (select jsonb_build_object('relation', 'reverses', 'kind', 'journal-entry', 'number', r.entry_no, 'date', r.entry_date)
              from finance.journal_entries r where r.id = e.reversal_of) as reversal_of,
           (select jsonb_build_object('relation', 'reversed by', 'kind', 'journal-entry', 'number', r.entry_no, 'date', r.entry_date)
              from finance.journal_entries r where r.reversal_of = e.id) as reversed_by,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'lineNo', l.line_no, 'account', jsonb_build_object('code', a.code, 'name', a.name, 'type', a.type), 'debit', l.debit, 'credit', l.credit,
                       'currency', l.currency, 'amountTxn', l.amount_txn, 'costCenter', l.cost_center,
                       'customer', case when c.id is null then null else jsonb_build_object('code', c.code, 'name', c.name) end,
                       'supplier', case when s.id is null then null else jsonb_build_object('code', s.code, 'name', s.legal_name) end,
                       'item', case when i.id is null then null else jsonb_build_object('sku', i.sku, 'name', i.name) end) order by l.line_no)
                       from finance.journal_lines l join finance.accounts a on a.code = l.account_code
                       left join crm.customers c on c.id = l.customer_id left join scm.suppliers s on s.id = l.supplier_id left join erp.items i on i.id = l.item_id
                      where l.entry_id = e.id), '[]') as lines
      from finance.journal_entries e where e.entry_no = ${entryNo}`.execute(db);
  const e = rows[0];
  if (!e) return null;
  const currency = await functionalCurrency(db);
  const source = e.source_id === null ? null : await sourceDocument(db, e.source_type, e.source_id);
  // Reversals name the reversed entry as their source too; show it once.
  const reversals = [e.reversal_of, e.reversed_by].flatMap((r) => (r ? [{ ...r, status: null, amount: null, currency: null }] : []));
  const counterparty = e.lines.find((l) => l.customer)?.customer ?? null;
  const supplier = e.lines.find((l) => l.supplier)?.supplier ?? null;
  return {
    kind: 'journal-entry',
    number: e.entry_no,
    date: e.entry_date,
    status: e.reversed_by ? 'reversed' : null,
    counterparty: counterparty ? { role: 'customer', ...counterparty } : supplier ? { role: 'supplier', ...supplier } : null,
    currency,
    period: e.period,
    memo: e.memo,
    source: { type: e.source_type, id: e.source_id },
    lines: e.lines,
    totals: { debit: e.lines.reduce((s, l) => s + l.debit, 0), credit: e.lines.reduce((s, l) => s + l.credit, 0) },
    related: [...(source && source.kind !== 'journal-entry' ? [source] : []), ...reversals],
  };
}

/**
 * The document a journal entry (or a stock move) names by source type and id, from whichever
 * area owns it; null when none does (a manual entry, an opening balance) or it is gone.
 */
export async function sourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  for (const resolve of [erpSourceDocument, scmSourceDocument, crmSourceDocument, peopleSourceDocument, financeSourceDocument]) {
    const found = await resolve(db, sourceType, sourceId);
    if (found) return found;
  }
  return null;
}
