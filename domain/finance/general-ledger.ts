import { sql, type Kysely } from 'kysely';
import type { AccountType, DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';

export interface GeneralLedgerAccount {
  code: string;
  name: string;
  type: AccountType;
  parent: string | null;
}

export interface GeneralLedgerEntry {
  entryNo: string;
  date: string;
  memo: string;
  lines: { account: string; debit: number; credit: number }[];
}

export interface GeneralLedger {
  currency: { code: string; minorUnits: number };
  accounts: GeneralLedgerAccount[];
  entries: GeneralLedgerEntry[];
}

/** Every journal entry up to and including `asOf`, in date and entry order, with the chart and the functional currency. */
export async function generalLedger(db: Kysely<DB>, asOf = '9999-12-31'): Promise<GeneralLedger> {
  const { rows: currency } = await sql<{ code: string; minor_units: number }>`
    select c.code, c.minor_units from core.settings s join core.currencies c on c.code = s.value #>> '{}'
     where s.key = 'functional_currency'`.execute(db);
  if (!currency[0]) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency yet');
  const accounts = await db.selectFrom('finance.accounts').select(['code', 'name', 'type', 'parent_code as parent']).orderBy('code').execute();
  const { rows } = await sql<{ entry_no: string; entry_date: string; memo: string; account_code: string; debit: number; credit: number }>`
    select e.entry_no, to_char(e.entry_date, 'YYYY-MM-DD') as entry_date, e.memo, l.account_code, l.debit, l.credit
      from finance.journal_entries e join finance.journal_lines l on l.entry_id = e.id
     where e.entry_date <= ${asOf}
     order by e.entry_date, e.id, l.line_no`.execute(db);
  const entries: GeneralLedgerEntry[] = [];
  for (const r of rows) {
    let e = entries.at(-1);
    if (e?.entryNo !== r.entry_no) entries.push((e = { entryNo: r.entry_no, date: r.entry_date, memo: r.memo, lines: [] }));
    e.lines.push({ account: r.account_code, debit: Number(r.debit), credit: Number(r.credit) });
  }
  return { currency: { code: currency[0].code.trim(), minorUnits: Number(currency[0].minor_units) }, accounts, entries };
}
