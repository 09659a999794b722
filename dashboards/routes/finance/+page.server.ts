import { error } from '@sveltejs/kit';
import { ageingSummary, financeStatements } from '$lib/server/finance.js';
import { statementWindows, wholeMonths } from '$lib/server/finance-windows.js';
import { pageFilters } from '$lib/server/page-filters.js';
import { chartData, tableData } from '$lib/server/warehouse.js';
import { parseTableView, TableViewError } from '$lib/table-view.js';
import type { PageServerLoad } from './$types';

/** How many debtors and creditors the ageing tables list. */
const TOP = 10;

/**
 * Finance: the statements of the filtered period with the period before as comparative (the
 * statement models `ledgerloop report` uses), receivables and payables ageing at the period's
 * end, budget against actual over the period's whole months, and the 13-week cash forecast.
 * Company-wide: only the period filter applies.
 */
export const load: PageServerLoad = async ({ url, parent }) => {
  const filters = await pageFilters({ url, parent });
  const { asOf } = await parent();
  let view;
  try {
    view = parseTableView(url.searchParams, 'budget', { sort: 'variance_pct', dir: 'desc', size: 25 });
  } catch (e) {
    if (e instanceof TableViewError) error(400, e.message);
    throw e;
  }
  const through = asOf?.dataThrough ?? null;
  const { current } = statementWindows(filters, through);
  // A month's budget is for all of it: a month the books have only part of would look under budget.
  const budgetWindow = wholeMonths(current) ?? current;
  const budgetParams = { from: budgetWindow.from, to: budgetWindow.to };
  const [statements, receivables, payables, budget, budgetLines, cash] = await Promise.all([
    financeStatements(filters, through),
    ageingSummary('receivables', current.to, TOP),
    ageingSummary('payables', current.to, TOP),
    chartData('budget_vs_actual', budgetParams),
    tableData('budget_vs_actual', budgetParams, undefined, view),
    chartData('dashboard_finance_cash_forecast'),
  ]);
  return { filters, statements, receivables, payables, budget, budgetLines, budgetPartial: budgetWindow.to !== current.to ? current.to : null, cash };
};
