import { checkLedger, hasRole, isProfitAndLoss, rootOf, StatementInvariantError, total, type PeriodLedger, type StatementAccount } from './types.js';

export interface StatementLine {
  account: string;
  name: string;
  /** As presented: revenue and expenses positive in their own sections, assets debit-positive, liabilities and equity credit-positive. */
  amount: number;
}

export interface StatementSection {
  /** The top heading of the accounts in it (4000 Revenue, 5000 Cost of sales, …). */
  code: string;
  name: string;
  kind: 'revenue' | 'expense' | 'asset' | 'liability' | 'equity';
  lines: StatementLine[];
  total: number;
}

export interface IncomeStatement {
  from: string;
  to: string;
  sections: StatementSection[];
  revenue: number;
  expenses: number;
  /** Revenue less the section holding cost of goods sold (the account with the cogs role); null without one. */
  grossProfit: number | null;
  /** revenue − expenses: the period's result, credit − debit over every revenue and expense account. */
  netIncome: number;
}

/** Groups accounts of the given kinds by their top heading, in code order, each line signed as presented. */
export function sectionsOf(
  ledger: PeriodLedger,
  accounts: ReadonlyMap<string, StatementAccount>,
  kinds: readonly StatementSection['kind'][],
  amountOf: (m: PeriodLedger['movements'][number], a: StatementAccount) => number,
): StatementSection[] {
  const sections = new Map<string, StatementSection>();
  for (const m of ledger.movements) {
    const a = accounts.get(m.account)!;
    if (!kinds.includes(a.type)) continue;
    const amount = amountOf(m, a);
    if (amount === 0) continue;
    const root = rootOf(a.code, accounts);
    // A heading of another type (an odd chart) would mislabel the section: group by type then.
    const head = root.type === a.type ? root : { code: a.type, name: a.type, type: a.type };
    const s = sections.get(head.code) ?? { code: head.code, name: head.name, kind: a.type, lines: [], total: 0 };
    s.lines.push({ account: a.code, name: a.name, amount });
    sections.set(head.code, s);
  }
  const ordered = [...sections.values()].sort((x, y) => kinds.indexOf(x.kind) - kinds.indexOf(y.kind) || (x.code < y.code ? -1 : 1));
  for (const s of ordered) {
    s.lines.sort((x, y) => (x.account < y.account ? -1 : 1));
    s.total = total(s.lines.map((l) => l.amount));
  }
  return ordered;
}

/** Revenue and expenses over [from, to]: only what moved inside the period counts. */
export function incomeStatement(ledger: PeriodLedger): IncomeStatement {
  const accounts = checkLedger(ledger);
  const sections = sectionsOf(ledger, accounts, ['revenue', 'expense'], (m, a) => (a.type === 'revenue' ? m.credit - m.debit : m.debit - m.credit));
  const revenue = total(sections.filter((s) => s.kind === 'revenue').map((s) => s.total));
  const expenses = total(sections.filter((s) => s.kind === 'expense').map((s) => s.total));
  const netIncome = revenue - expenses;
  // Independent of the grouping: the result is minus the sum of every P&L account's movement.
  const check = total(ledger.movements.filter((m) => isProfitAndLoss(accounts.get(m.account)!.type)).map((m) => m.credit - m.debit));
  if (check !== netIncome) throw new StatementInvariantError(`income statement lost ${check - netIncome} in grouping`);
  const cogs = ledger.accounts.find((a) => hasRole(a, 'cogs'));
  const costOfSales = cogs ? sections.find((s) => s.code === rootOf(cogs.code, accounts).code && s.kind === 'expense') : undefined;
  return { from: ledger.from, to: ledger.to, sections, revenue, expenses, grossProfit: cogs ? revenue - (costOfSales?.total ?? 0) : null, netIncome };
}
