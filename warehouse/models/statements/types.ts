/**
 * Shared inputs of the financial statements. Money is integer minor units of the functional
 * currency, as fact_gl_line carries it (BIGINT); a value that does not fit a safe JavaScript
 * integer is refused rather than rounded.
 */

/** The account types of finance.accounts / dim_account.type. */
export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export interface StatementAccount {
  code: string;
  name: string;
  type: AccountType;
  /** The heading this account sits under (dim_account.parent_code); null at the top. */
  parent: string | null;
  /** Posting roles (dim_account.roles): bank, receivables, inventory, payables, … */
  roles?: readonly string[];
}

/**
 * One account over a window: its balance before the window (debit − credit, so debit-positive)
 * and its debits and credits inside it.
 */
export interface AccountMovement {
  account: string;
  opening: number;
  debit: number;
  credit: number;
  /** Lines posted to the account up to the end of the window (0 = never used). */
  postings?: number;
}

/** The general ledger summarised over [from, to], both dates inclusive (YYYY-MM-DD). */
export interface PeriodLedger {
  from: string;
  to: string;
  accounts: readonly StatementAccount[];
  movements: readonly AccountMovement[];
}

export class StatementInvariantError extends Error {
  override readonly name = 'StatementInvariantError';
}

/** A minor-unit amount as the warehouse returns it (number, bigint or decimal text) → an exact number. */
export function minor(value: unknown, what = 'amount'): number {
  if (value === null || value === undefined) return 0;
  const exact = typeof value === 'number' ? Number.isSafeInteger(value) : (typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) && Number.isSafeInteger(Number(value));
  if (!exact) throw new RangeError(`${what} ${String(value)} is not a whole number of minor units within the exact integer range`);
  return Number(value);
}

/** a + b, refused beyond the exact integer range: a total is never silently rounded. */
export function add(a: number, b: number): number {
  const s = a + b;
  if (!Number.isSafeInteger(s)) throw new RangeError(`total ${a} + ${b} is beyond the exact integer range`);
  return s;
}

export const total = (values: Iterable<number>): number => {
  let s = 0;
  for (const v of values) s = add(s, v);
  return s;
};

export const closing = (m: AccountMovement): number => add(add(m.opening, m.debit), -m.credit);

export const isProfitAndLoss = (type: AccountType) => type === 'revenue' || type === 'expense';

/**
 * Checks the ledger is usable: every movement names a known account, amounts are exact
 * integers, and it balances (openings sum to zero, debits equal credits). Every statement
 * invariant rests on that, so a ledger that does not balance is refused here.
 */
export function checkLedger(ledger: PeriodLedger): Map<string, StatementAccount> {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(ledger.from) || !/^\d{4}-\d{2}-\d{2}$/.test(ledger.to) || ledger.from > ledger.to) {
    throw new RangeError(`the period must run from one date to a later one as YYYY-MM-DD, not ${ledger.from} to ${ledger.to}`);
  }
  const accounts = new Map(ledger.accounts.map((a) => [a.code, a]));
  let opening = 0;
  let debit = 0;
  let credit = 0;
  for (const m of ledger.movements) {
    if (!accounts.has(m.account)) throw new StatementInvariantError(`movement on unknown account ${m.account}`);
    for (const [k, v] of [['opening', m.opening], ['debit', m.debit], ['credit', m.credit]] as const) minor(v, `${m.account} ${k}`);
    if (m.debit < 0 || m.credit < 0) throw new StatementInvariantError(`account ${m.account}: debits and credits are never negative`);
    opening = add(opening, m.opening);
    debit = add(debit, m.debit);
    credit = add(credit, m.credit);
  }
  if (opening !== 0) throw new StatementInvariantError(`the ledger does not balance before ${ledger.from}: opening balances sum to ${opening}`);
  if (debit !== credit) throw new StatementInvariantError(`the ledger does not balance from ${ledger.from} to ${ledger.to}: debits ${debit}, credits ${credit}`);
  return accounts;
}

/** The top heading of an account's branch (dim_account.root_code). */
export function rootOf(code: string, accounts: ReadonlyMap<string, StatementAccount>): StatementAccount {
  let a = accounts.get(code)!;
  for (let guard = 0; a.parent && accounts.has(a.parent); guard++) {
    if (guard > 100) throw new StatementInvariantError(`the account hierarchy loops at ${code}`);
    a = accounts.get(a.parent)!;
  }
  return a;
}

export const hasRole = (a: StatementAccount, role: string) => (a.roles ?? []).includes(role);

/** −x without a negative zero (which JSON and deep equality would show). */
export const negate = (x: number): number => (x === 0 ? 0 : -x);
