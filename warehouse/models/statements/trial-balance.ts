import { checkLedger, closing, total, type AccountType, type PeriodLedger } from './types.js';

export interface TrialBalanceLine {
  account: string;
  name: string;
  type: AccountType;
  debit: number;
  credit: number;
  /** debit − credit at the end of the period */
  balance: number;
}

export interface TrialBalanceReport {
  asOf: string;
  rows: TrialBalanceLine[];
  totalDebit: number;
  totalCredit: number;
  balanced: boolean;
}

/**
 * Every account's closing balance on its debit or credit side, as finance.trialBalance gives
 * it: accounts that were ever posted to (or, without posting counts, that carry a balance or
 * moved), in code order.
 */
export function statementTrialBalance(ledger: PeriodLedger): TrialBalanceReport {
  const accounts = checkLedger(ledger);
  const rows = ledger.movements
    .filter((m) => (m.postings === undefined ? m.opening !== 0 || m.debit !== 0 || m.credit !== 0 : m.postings > 0))
    .map((m) => {
      const a = accounts.get(m.account)!;
      const balance = closing(m);
      return { account: a.code, name: a.name, type: a.type, debit: Math.max(balance, 0), credit: Math.max(-balance, 0), balance };
    })
    .sort((x, y) => (x.account < y.account ? -1 : x.account > y.account ? 1 : 0));
  const totalDebit = total(rows.map((r) => r.debit));
  const totalCredit = total(rows.map((r) => r.credit));
  return { asOf: ledger.to, rows, totalDebit, totalCredit, balanced: totalDebit === totalCredit };
}
