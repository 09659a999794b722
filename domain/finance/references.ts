import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import type { RelatedDocument } from '../kernel/documents.js';
import { functionalCurrencySql } from '../core/currency.js';

/** Documents that posted journal entries, as the entries name them: source type and the document's id. */
export interface PostingSource {
  sourceType: string;
  sourceIds: (number | string)[];
}

/**
 * The journal entries other areas' documents posted (relation 'posting'), and the entries that
 * reversed any of them (relation 'reversal'), oldest first. Found by the entries' source
 * (indexed), so a document with several postings — a production order's operations and its
 * close, a payment and its exchange differences — shows them all. Amounts are the entry's
 * total debit in the functional currency.
 */
export async function postingsOf(db: Kysely<DB>, sources: PostingSource[]): Promise<RelatedDocument[]> {
  const pairs = sources.flatMap((s) => s.sourceIds.map((id) => ({ t: s.sourceType, i: String(id) })));
  if (pairs.length === 0) return [];
  const { rows } = await sql<RelatedDocument>`
    with wanted as (select t, i from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as w(t text, i text)),
    posted as (
      select e.id, 'posting' as relation from finance.journal_entries e join wanted w on e.source_type = w.t and e.source_id = w.i
    ), entries as (
      select id, relation from posted
      union all
      select r.id, 'reversal' from finance.journal_entries r where r.reversal_of in (select id from posted)
    )
    select x.relation, 'journal-entry' as kind, e.entry_no as number, e.entry_date as date, null::text as status,
           (select sum(l.debit) from finance.journal_lines l where l.entry_id = e.id)::bigint as amount,
           ${functionalCurrencySql} as currency
      from entries x join finance.journal_entries e on e.id = x.id
     order by e.entry_date, e.id`.execute(db);
  return rows;
}

/** The journal entry a reversal names by number (its source id); null for any other source. */
export async function financeSourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  if (sourceType !== 'reversal') return null;
  const { rows } = await sql<RelatedDocument>`
    select 'reverses' as relation, 'journal-entry' as kind, e.entry_no as number, e.entry_date as date, null::text as status,
           (select sum(l.debit) from finance.journal_lines l where l.entry_id = e.id)::bigint as amount,
           ${functionalCurrencySql} as currency
      from finance.journal_entries e where e.entry_no = ${sourceId}`.execute(db);
  return rows[0] ?? null;
}
