import { ageingSummary, financeStatements } from '$lib/server/finance.js';
import { statementWindows, wholeMonths } from '$lib/server/finance-windows.js';
import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/** How many debtors and creditors the ageing tables list. */
const TOP = 10;

/**
 * Finance: the statements of the filtered period with the period before as comparative (the
 * statement models `ledgerloop report` uses), receivables and payables ageing at the period's
 * end, budget against actual over the period's whole months, and the 13-week cash forecast.
 * Company-wide: only the period filter applies.
 */
export const load: PageServerLoad = async ({ parent }) => {
  const { filters, asOf } = await parent();
  const through = asOf?.dataThrough ?? null;
  const { current } = statementWindows(filters, through);
  // A month's budget is for all of it: a month the books have only part of would look under budget.
  const budgetWindow = wholeMonths(current) ?? current;
  const [statements, receivables, payables, budget, cash] = await Promise.all([
    financeStatements(filters, through),
    ageingSummary('receivables', current.to, TOP),
    ageingSummary('payables', current.to, TOP),
    chartData('budget_vs_actual', { from: budgetWindow.from, to: budgetWindow.to }),
    chartData('dashboard_finance_cash_forecast'),
  ]);
  return { statements, receivables, payables, budget, budgetWindow, budgetPartial: budgetWindow.to !== current.to ? current.to : null, cash };
};
