import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import type { RelatedDocument } from '../kernel/documents.js';
import { functionalCurrencySql } from '../core/currency.js';

/** Each people source type of a journal entry: the payroll or expense document it names, by id. */
const SOURCES: Record<string, (id: number) => RawBuilder<RelatedDocument>> = {
  payroll_run: (id) => sql`select 'payroll-run' as kind, run_no as number, run_date as date, null::text as status, gross as amount, ${functionalCurrencySql} as currency
                             from people.payroll_runs where id = ${id}`,
  payroll_payment: (id) => sql`select 'payroll-payment' as kind, payment_no as number, payment_date as date, kind as status, amount, ${functionalCurrencySql} as currency
                                 from people.payroll_payments where id = ${id}`,
  operating_expense: (id) => sql`select 'operating-expense' as kind, expense_no as number, expense_date as date, null::text as status, amount, currency::text as currency
                                   from people.operating_expenses where id = ${id}`,
  expense_payment: (id) => sql`select 'expense-payment' as kind, payment_no as number, payment_date as date, null::text as status, amount, currency::text as currency
                                 from people.expense_payments where id = ${id}`,
};

/** The payroll or expense document a journal entry names (source type and id); null when the source is not the people area's. */
export async function peopleSourceDocument(db: Kysely<DB>, sourceType: string, sourceId: string): Promise<RelatedDocument | null> {
  const query = SOURCES[sourceType];
  if (!query || !/^\d{1,9}$/.test(sourceId)) return null;
  const { rows } = await query(Number(sourceId)).execute(db);
  return rows[0] ? { ...rows[0], relation: 'source' } : null;
}
