import { periodLedgerFromRows, type DateWindow, type PeriodLedger } from '../../../warehouse/models/statements/index.js';

/**
 * The general ledger per account and calendar month, as sql/queries/dashboard_finance_account_months
 * returns it, and the ledger of any run of those months: the first month's opening balance and
 * the months' debits and credits summed — what gl_account_movements gives for the same dates —
 * so one query feeds every statement, comparative and monthly figure of the Finance page.
 */
export interface AccountMonthRow {
  month: string;
  account_code: string;
  name: string;
  type: string;
  parent_code: string | null;
  roles: unknown;
  opening: number;
  debit: number;
  credit: number;
  postings: number;
}

/**
 * The PeriodLedger of `window`: the months from the month of window.from to the month of
 * window.to. The window's days label the ledger (the statements count days from them); the
 * amounts are those of the whole months, so a window ends inside a month only where the data
 * does (its last posting day). Refused when the rows do not hold every month of the window.
 */
export function ledgerFromMonths(rows: readonly AccountMonthRow[], window: DateWindow): PeriodLedger {
  const first = window.from.slice(0, 7);
  const last = window.to.slice(0, 7);
  const byAccount = new Map<string, { row: AccountMonthRow; opening: number | null; debit: number; credit: number; postings: number; months: Set<string> }>();
  const months = new Set<string>();
  for (const r of rows) {
    if (r.month < first || r.month > last) continue;
    months.add(r.month);
    const a = byAccount.get(r.account_code) ?? { row: r, opening: null, debit: 0, credit: 0, postings: 0, months: new Set<string>() };
    if (a.months.has(r.month)) throw new RangeError(`account ${r.account_code} has two rows for ${r.month}`);
    a.months.add(r.month);
    if (r.month === first) a.opening = Number(r.opening);
    a.debit += Number(r.debit);
    a.credit += Number(r.credit);
    if (r.month === last) a.postings = Number(r.postings);
    byAccount.set(r.account_code, a);
  }
  const expected = monthsBetween(first, last);
  const missing = expected.filter((m) => !months.has(m));
  if (missing.length > 0) throw new RangeError(`the ledger rows do not cover ${missing.join(', ')}`);
  return periodLedgerFromRows(
    [...byAccount.values()].map((a) => {
      if (a.months.size !== expected.length) throw new RangeError(`account ${a.row.account_code} lacks some months of ${first} to ${last}`);
      return { account_code: a.row.account_code, name: a.row.name, type: a.row.type, parent_code: a.row.parent_code, roles: a.row.roles, opening: a.opening, debit: a.debit, credit: a.credit, postings: a.postings };
    }),
    window.from,
    window.to,
  );
}

/** Every month YYYY-MM from `first` to `last`, both included. */
export function monthsBetween(first: string, last: string): string[] {
  const out: string[] = [];
  let y = Number(first.slice(0, 4));
  let m = Number(first.slice(5, 7));
  for (let guard = 0; guard < 1200; guard++) {
    const month = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}`;
    if (month > last) break;
    out.push(month);
    m += 1;
    if (m > 12) {
      m = 1;
      y += 1;
    }
  }
  return out;
}

/**
 * The month the books begin, when they begin inside the rows' months: the first month with any
 * posting, nothing having been posted before it. Null when the rows' first month already opens
 * with balances (the books began earlier) or nothing was ever posted. Windows reaching back
 * before it have no data there, and day-based figures (DSO, DIO, DPO) would count empty days.
 */
export function booksBegin(rows: readonly AccountMonthRow[]): string | null {
  const months = [...new Set(rows.map((r) => r.month))].sort();
  const first = months[0];
  if (first === undefined || rows.some((r) => r.month === first && Number(r.opening) !== 0)) return null;
  return months.find((m) => rows.some((r) => r.month === m && (Number(r.debit) !== 0 || Number(r.credit) !== 0))) ?? null;
}
