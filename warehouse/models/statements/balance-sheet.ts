import { incomeStatement, sectionsOf, type StatementLine, type StatementSection } from './income-statement.js';
import { add, checkLedger, closing, hasRole, isProfitAndLoss, negate, StatementInvariantError, total, type PeriodLedger } from './types.js';

/**
 * Retained earnings as the statements see them: the retained-earnings account plus every result
 * not yet closed into it (Ledgerloop posts no closing entries, so revenue and expense accounts
 * carry the results of all earlier periods).
 */
export interface RetainedEarningsRollForward {
  /** Before `from`: the retained-earnings account(s) plus earlier unclosed results. */
  opening: number;
  /** The period's result, equal to the income statement's. */
  netIncome: number;
  /** Posted straight to retained earnings in the period (dividends, corrections), credit-positive. */
  directPostings: number;
  closing: number;
}

export interface BalanceSheet {
  asOf: string;
  /** The period whose result is shown apart from earlier results. */
  from: string;
  assets: StatementSection[];
  liabilities: StatementSection[];
  /** Equity accounts (the retained-earnings account is shown in retainedEarnings instead). */
  equity: StatementSection[];
  retainedEarnings: RetainedEarningsRollForward;
  totalAssets: number;
  totalLiabilities: number;
  /** Equity accounts + retained earnings including the period's unclosed result. */
  totalEquity: number;
  balanced: boolean;
}

/** Assets, liabilities and equity at `to`, the period's unclosed result among equity. */
export function balanceSheet(ledger: PeriodLedger): BalanceSheet {
  const accounts = checkLedger(ledger);
  const isRetained = (code: string) => hasRole(accounts.get(code)!, 'retained_earnings');
  const presented = (m: PeriodLedger['movements'][number], type: string) => (type === 'asset' ? closing(m) : negate(closing(m)));
  const assets = sectionsOf(ledger, accounts, ['asset'], (m, a) => presented(m, a.type));
  const liabilities = sectionsOf(ledger, accounts, ['liability'], (m, a) => presented(m, a.type));
  const equity = sectionsOf({ ...ledger, movements: ledger.movements.filter((m) => !isRetained(m.account)) }, accounts, ['equity'], (m, a) => presented(m, a.type));

  const pl = ledger.movements.filter((m) => isProfitAndLoss(accounts.get(m.account)!.type));
  const re = ledger.movements.filter((m) => isRetained(m.account));
  const netIncome = incomeStatement(ledger).netIncome;
  const retainedEarnings: RetainedEarningsRollForward = {
    opening: negate(total([...pl, ...re].map((m) => m.opening))),
    netIncome,
    directPostings: total(re.map((m) => m.credit - m.debit)),
    closing: negate(total([...pl, ...re].map(closing))),
  };
  if (add(add(retainedEarnings.opening, netIncome), retainedEarnings.directPostings) !== retainedEarnings.closing) {
    throw new StatementInvariantError('retained earnings do not roll forward: opening + result + direct postings ≠ closing');
  }
  const totalAssets = total(assets.map((s) => s.total));
  const totalLiabilities = total(liabilities.map((s) => s.total));
  const totalEquity = add(total(equity.map((s) => s.total)), retainedEarnings.closing);
  const balanced = totalAssets === add(totalLiabilities, totalEquity);
  // checkLedger proved the ledger balances, so this can only fail through a grouping mistake.
  if (!balanced) throw new StatementInvariantError(`the balance sheet does not balance: assets ${totalAssets}, liabilities and equity ${totalLiabilities + totalEquity}`);
  return { asOf: ledger.to, from: ledger.from, assets, liabilities, equity, retainedEarnings, totalAssets, totalLiabilities, totalEquity, balanced };
}

/** The lines of a balance sheet's equity as presented, retained earnings split into brought forward and the period's result. */
export function equityLines(bs: BalanceSheet): StatementLine[] {
  return [
    ...bs.equity.flatMap((s) => s.lines),
    { account: '', name: 'Retained earnings brought forward', amount: bs.retainedEarnings.opening + bs.retainedEarnings.directPostings },
    { account: '', name: 'Result for the period', amount: bs.retainedEarnings.netIncome },
  ];
}
