import { add, minor, type AccountMovement, type PeriodLedger, type StatementAccount } from './types.js';

/** A posted journal line: date, account, debit or credit (minor units). */
export interface LedgerLine {
  date: string;
  account: string;
  debit: number;
  credit: number;
}

/**
 * Summarises dated lines into the movements of [from, to]: what the gl_account_movements query
 * does in the warehouse, for callers that hold the lines themselves (tests, other sources).
 * Lines after `to` are left out; every account in `accounts` gets a movement.
 */
export function periodLedger(lines: readonly LedgerLine[], accounts: readonly StatementAccount[], from: string, to: string): PeriodLedger {
  const by = new Map<string, AccountMovement>(accounts.map((a) => [a.code, { account: a.code, opening: 0, debit: 0, credit: 0, postings: 0 }]));
  for (const l of lines) {
    if (l.date > to) continue;
    const m = by.get(l.account);
    if (!m) throw new RangeError(`line on unknown account ${l.account}`);
    m.postings = (m.postings ?? 0) + 1;
    if (l.date < from) m.opening = add(m.opening, l.debit - l.credit);
    else {
      m.debit = add(m.debit, l.debit);
      m.credit = add(m.credit, l.credit);
    }
  }
  return { from, to, accounts, movements: [...by.values()] };
}

/**
 * A PeriodLedger from rows shaped like the gl_account_movements query's (account_code, name,
 * type, parent_code, roles, opening, debit, credit, postings); amounts may come as number,
 * bigint or text and must be exact integers.
 */
export function periodLedgerFromRows(rows: readonly Record<string, unknown>[], from: string, to: string): PeriodLedger {
  const types = ['asset', 'liability', 'equity', 'revenue', 'expense'];
  const accounts: StatementAccount[] = [];
  const movements: AccountMovement[] = [];
  for (const r of rows) {
    const code = String(r.account_code);
    if (!types.includes(String(r.type))) throw new RangeError(`account ${code} has an unknown type '${String(r.type)}'`);
    const roles = Array.isArray(r.roles) ? r.roles.map(String) : typeof r.roles === 'string' ? (JSON.parse(r.roles) as string[]) : [];
    accounts.push({ code, name: String(r.name), type: r.type as StatementAccount['type'], parent: r.parent_code == null ? null : String(r.parent_code), roles });
    movements.push({
      account: code,
      opening: minor(r.opening as number, `${code} opening`),
      debit: minor(r.debit as number, `${code} debit`),
      credit: minor(r.credit as number, `${code} credit`),
      postings: minor(r.postings as number, `${code} postings`),
    });
  }
  return { from, to, accounts, movements };
}
