import { error } from '@sveltejs/kit';
import { readQueryFile } from '../../../warehouse/named-queries.js';
import { NoWarehouse, QueryRefused } from '../../../warehouse/read-only-query.js';
import { ageingItemsFromWarehouse } from '../../../warehouse/statements.js';
import {
  ageing, AGEING_BUCKETS, balanceSheet, cashFlowStatement, equityLines, incomeStatement, StatementInvariantError, workingCapitalFigures, workingCapitalRatios,
  type AgeingBucket, type BalanceSheet, type CashFlowStatement, type DateWindow, type IncomeStatement, type StatementLine, type WorkingCapitalFigures, type WorkingCapitalRatios,
} from '../../../warehouse/models/statements/index.js';
import type { Filters } from '../filters.js';
import type { DashboardQuery, QuerySource } from '../queries.js';
import { dashboardContext } from './context.js';
import { dataAsOf } from './freshness.js';
import { lastDayOfMonth, statementWindows, type FinanceWindows } from './finance-windows.js';
import { booksBegin, ledgerFromMonths, monthsBetween, type AccountMonthRow } from './ledger-months.js';
import { runDashboardQuery } from './warehouse.js';

/**
 * The Finance page's figures, built on the server with the statement models the
 * `ledgerloop report` commands use (warehouse/models/statements): income statement, balance
 * sheet and cash flow of the filtered period with the period before as comparative, each month's
 * result, the working-capital ratios, receivables and payables ageing. The ledger comes from one
 * query (dashboard_finance_account_months) covering the prior period and the period.
 */

export interface WorkingCapitalDays extends WorkingCapitalRatios {
  from: string;
  to: string;
  figures: WorkingCapitalFigures;
}

export interface CashConversionCycle {
  /** The filtered period (see FinanceWindows). */
  current: WorkingCapitalDays;
  /** The same number of months just before; null when the books begin after it. */
  prior: WorkingCapitalDays | null;
  /** Each month of the period (the last one to the last posting day), for a sparkline. */
  months: ({ month: string } & WorkingCapitalRatios)[];
  /** The named query the figures come from, for its SQL and CSV. */
  source: QuerySource;
}

/**
 * DSO, DIO, DPO and the cash-conversion cycle (DSO + DIO − DPO) of the filtered period and of the
 * period before, and per month, as `ledgerloop report ratios` computes them (average of opening
 * and closing balances over the period's days). Company-wide: only the period filter applies.
 * `dataThrough` is the last posting day (the layout's asOf.dataThrough); looked up when omitted.
 */
export async function cashConversionCycle(filters: Filters, dataThrough?: string | null): Promise<CashConversionCycle> {
  const through = dataThrough === undefined ? ((await dataAsOf())?.dataThrough ?? null) : dataThrough;
  const { rows, source } = await accountMonths(filters);
  const windows = statementWindows(filters, through, booksBegin(rows));
  return { ...ratiosOf(rows, windows), months: monthlyRatios(rows, windows.current), source };
}

export interface FinanceStatements {
  windows: FinanceWindows;
  /** The statements of the period, then of the period before when there is one: one per compared column. */
  income: IncomeStatement[];
  balance: (BalanceSheet & { equityLines: StatementLine[] })[];
  cashFlow: CashFlowStatement[];
  /** Revenue, expenses and net income of each month of the prior period and the period, from the month the books begin. */
  months: { month: string; period: 'period' | 'prior period'; revenue: number; expenses: number; netIncome: number }[];
  ratios: { current: WorkingCapitalDays; prior: WorkingCapitalDays | null };
  monthlyRatios: ({ month: string } & WorkingCapitalRatios)[];
  /** Whether the books hold anything up to the period's end (a period before they begin has only zeros). */
  hasPostings: boolean;
  source: QuerySource;
}

/** The statements of the filtered period and the period before (the comparative), from one ledger query. */
export async function financeStatements(filters: Filters, dataThrough: string | null): Promise<FinanceStatements> {
  const { rows, source } = await accountMonths(filters);
  const begin = booksBegin(rows);
  const windows = statementWindows(filters, dataThrough, begin);
  return statementInvariant(() => {
    const ledgers = [windows.current, ...(windows.prior ? [windows.prior] : [])].map((w) => ledgerFromMonths(rows, w));
    const sheet = (l: (typeof ledgers)[number]) => {
      const b = balanceSheet(l);
      return { ...b, equityLines: equityLines(b) };
    };
    const first = begin !== null && begin > filters.priorFrom ? begin : filters.priorFrom;
    const months = monthsBetween(first, filters.to).map((month) => {
      const s = incomeStatement(ledgerFromMonths(rows, monthWindow(month, windows.current.to)));
      return { month, period: month >= filters.from ? ('period' as const) : ('prior period' as const), revenue: s.revenue, expenses: s.expenses, netIncome: s.netIncome };
    });
    return {
      windows,
      income: ledgers.map(incomeStatement),
      balance: ledgers.map(sheet),
      cashFlow: ledgers.map((l) => cashFlowStatement(l)),
      months,
      ratios: ratiosOf(rows, windows),
      monthlyRatios: monthlyRatios(rows, windows.current),
      hasPostings: rows.some((r) => Number(r.opening) !== 0 || Number(r.debit) !== 0 || Number(r.credit) !== 0),
      source,
    };
  });
}

export type AgeingTotals = Record<AgeingBucket | 'unapplied' | 'total', number>;

export interface AgeingSummary {
  side: 'receivables' | 'payables';
  asOf: string;
  totals: AgeingTotals;
  /** Counterparties with a balance. */
  counterparties: number;
  /** The largest balances, largest first. */
  top: ({ code: string; name: string | null } & AgeingTotals)[];
  source: QuerySource;
}

/**
 * Receivables or payables aged at `asOf` as `ledgerloop report ar-aging|ap-aging` ages them
 * (open documents by days past due, settlements applied to the earliest due), with the `top`
 * counterparties by balance.
 */
export async function ageingSummary(side: 'receivables' | 'payables', asOf: string, top: number): Promise<AgeingSummary> {
  const query: DashboardQuery = side === 'receivables' ? 'ar_aging_items' : 'ap_aging_items';
  const source = await warehouseRead(() => ageingItemsFromWarehouse(dashboardContext().warehousePath, side, asOf));
  const report = ageing(source.items, asOf);
  const pick = (r: AgeingTotals): AgeingTotals => ({ ...Object.fromEntries(AGEING_BUCKETS.map((b) => [b, r[b]])), unapplied: r.unapplied, total: r.total }) as AgeingTotals;
  return {
    side,
    asOf,
    totals: pick(report.totals),
    counterparties: report.rows.length,
    top: [...report.rows].sort((a, b) => b.total - a.total || (a.counterparty < b.counterparty ? -1 : 1)).slice(0, top).map((r) => ({ code: r.counterparty, name: source.names.get(r.counterparty) ?? null, ...pick(r) })),
    source: querySource(query, { as_of: asOf }),
  };
}

/** A named query's identity for a panel's SQL and CSV links, without running it here. */
export function querySource(query: DashboardQuery, params: Record<string, string>): QuerySource {
  return { query, sql: readQueryFile(query), params };
}

async function accountMonths(filters: Pick<Filters, 'priorFrom' | 'to'>): Promise<{ rows: AccountMonthRow[]; source: QuerySource }> {
  const params = { from: `${filters.priorFrom}-01`, to: `${filters.to}-01` };
  const result = await runDashboardQuery('dashboard_finance_account_months', params);
  return { rows: result.rows as unknown as AccountMonthRow[], source: { query: 'dashboard_finance_account_months', sql: result.sql, params } };
}

function ratiosOf(rows: readonly AccountMonthRow[], windows: FinanceWindows): { current: WorkingCapitalDays; prior: WorkingCapitalDays | null } {
  const days = (w: DateWindow): WorkingCapitalDays => {
    const figures = workingCapitalFigures(ledgerFromMonths(rows, w));
    return { ...w, figures, ...workingCapitalRatios(figures) };
  };
  return statementInvariant(() => ({ current: days(windows.current), prior: windows.prior && days(windows.prior) }));
}

function monthlyRatios(rows: readonly AccountMonthRow[], current: DateWindow): ({ month: string } & WorkingCapitalRatios)[] {
  return statementInvariant(() =>
    monthsBetween(current.from.slice(0, 7), current.to.slice(0, 7)).map((month) => ({ month, ...workingCapitalRatios(workingCapitalFigures(ledgerFromMonths(rows, monthWindow(month, current.to)))) })),
  );
}

/** A calendar month as a window, ending at `end` when that falls inside it. */
function monthWindow(month: string, end: string): DateWindow {
  const last = lastDayOfMonth(month);
  return { from: `${month}-01`, to: end.slice(0, 7) === month && end < last ? end : last };
}

/** A ledger the statements refuse (it does not balance) is the warehouse's fault, said in one line. */
function statementInvariant<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof StatementInvariantError || e instanceof RangeError) error(500, `the statements cannot be built from the warehouse's ledger: ${e.message}`);
    throw e;
  }
}

async function warehouseRead<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof NoWarehouse) error(503, e.message);
    if (e instanceof QueryRefused) error(500, e.message);
    throw e;
  }
}
