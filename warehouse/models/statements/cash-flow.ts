import { incomeStatement } from './income-statement.js';
import { add, checkLedger, closing, isProfitAndLoss, total, StatementInvariantError, type PeriodLedger, type StatementAccount } from './types.js';

/** Where a balance-sheet account's change goes in the indirect cash-flow statement. */
export type CashFlowClass = 'cash' | 'non_cash' | 'working_capital' | 'investing' | 'financing';

/**
 * Classification by posting role (domain/finance/chart-of-accounts.ts). Opening balances taken
 * on (stock counted in against equity) moved no cash, so they are a non-cash item; share
 * capital and direct postings to retained earnings (dividends) are financing.
 */
export const ROLE_CLASS: Readonly<Record<string, CashFlowClass>> = {
  bank: 'cash',
  receivables: 'working_capital',
  inventory: 'working_capital',
  work_in_progress: 'working_capital',
  inventory_in_transit: 'working_capital',
  payables: 'working_capital',
  grni: 'working_capital',
  expense_payables: 'working_capital',
  sales_tax: 'working_capital',
  payroll_liabilities: 'working_capital',
  wages_payable: 'working_capital',
  tax_withholding: 'working_capital',
  social_charges_payable: 'working_capital',
  opening_balances: 'non_cash',
  share_capital: 'financing',
  retained_earnings: 'financing',
};

/**
 * An account's class: an explicit override, else its role's, else by type — an asset without a
 * role is taken for a long-term asset (investing), a liability or equity account for financing.
 */
export function classifyForCashFlow(a: StatementAccount, overrides: Readonly<Record<string, CashFlowClass>> = {}): CashFlowClass {
  const explicit = overrides[a.code];
  if (explicit) return explicit;
  for (const role of a.roles ?? []) if (ROLE_CLASS[role]) return ROLE_CLASS[role];
  return a.type === 'asset' ? 'investing' : 'financing';
}

export interface CashFlowLine {
  account: string;
  name: string;
  /** Cash effect: minus the change in the account's debit balance (an asset that grew used cash). */
  amount: number;
}

export interface CashFlowStatement {
  from: string;
  to: string;
  netIncome: number;
  nonCashItems: CashFlowLine[];
  workingCapital: CashFlowLine[];
  operating: number;
  investingLines: CashFlowLine[];
  investing: number;
  financingLines: CashFlowLine[];
  financing: number;
  netChange: number;
  cashOpening: number;
  cashClosing: number;
}

/**
 * The indirect method: the period's result, corrected by every non-cash balance-sheet account's
 * change. Because the ledger balances, the sum is the change in the cash accounts to the cent;
 * that is checked, not assumed.
 */
export function cashFlowStatement(ledger: PeriodLedger, overrides: Readonly<Record<string, CashFlowClass>> = {}): CashFlowStatement {
  const accounts = checkLedger(ledger);
  const lines: Record<Exclude<CashFlowClass, 'cash'>, CashFlowLine[]> = { non_cash: [], working_capital: [], investing: [], financing: [] };
  let cashOpening = 0;
  let cashClosing = 0;
  for (const m of [...ledger.movements].sort((x, y) => (x.account < y.account ? -1 : 1))) {
    const a = accounts.get(m.account)!;
    if (isProfitAndLoss(a.type)) continue;
    const cls = classifyForCashFlow(a, overrides);
    if (cls === 'cash') {
      cashOpening = add(cashOpening, m.opening);
      cashClosing = add(cashClosing, closing(m));
      continue;
    }
    const amount = m.credit - m.debit;
    if (amount !== 0) lines[cls].push({ account: a.code, name: a.name, amount });
  }
  const netIncome = incomeStatement(ledger).netIncome;
  const sum = (l: CashFlowLine[]) => total(l.map((x) => x.amount));
  const operating = add(add(netIncome, sum(lines.non_cash)), sum(lines.working_capital));
  const investing = sum(lines.investing);
  const financing = sum(lines.financing);
  const netChange = add(add(operating, investing), financing);
  if (netChange !== cashClosing - cashOpening) {
    throw new StatementInvariantError(`the cash flow explains ${netChange} but cash moved ${cashClosing - cashOpening}`);
  }
  return {
    from: ledger.from, to: ledger.to, netIncome,
    nonCashItems: lines.non_cash, workingCapital: lines.working_capital, operating,
    investingLines: lines.investing, investing, financingLines: lines.financing, financing,
    netChange, cashOpening, cashClosing,
  };
}
