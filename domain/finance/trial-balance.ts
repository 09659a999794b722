import { sql, type Kysely } from 'kysely';
import type { AccountType, DB } from '../db/tables.js';

export interface TrialBalanceRow {
  account: string;
  name: string;
  type: AccountType;
  debit: number;
  credit: number;
  /** debit − credit */
  balance: number;
}

export interface TrialBalance {
  asOf: string;
  rows: TrialBalanceRow[];
  totalDebit: number;
  totalCredit: number;
  balanced: boolean;
}

/** Every account's balance up to and including `asOf`, on its debit or credit side. */
export async function trialBalance(db: Kysely<DB>, asOf: string): Promise<TrialBalance> {
  const { rows } = await sql<TrialBalanceRow>`
    select a.code as account, a.name, a.type,
           greatest(sum(l.debit - l.credit), 0)::bigint as debit,
           greatest(sum(l.credit - l.debit), 0)::bigint as credit,
           sum(l.debit - l.credit)::bigint as balance
      from finance.accounts a
      join finance.journal_lines l on l.account_code = a.code
      join finance.journal_entries e on e.id = l.entry_id and e.entry_date <= ${asOf}
     group by a.code, a.name, a.type
     order by a.code`.execute(db);
  const totalDebit = rows.reduce((s, r) => s + r.debit, 0);
  const totalCredit = rows.reduce((s, r) => s + r.credit, 0);
  return { asOf, rows, totalDebit, totalCredit, balanced: totalDebit === totalCredit };
}
