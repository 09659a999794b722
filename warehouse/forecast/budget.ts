/**
 * Next quarter's budget proposal, one per cost centre: revenue from the purchase-frequency
 * forecast (expected orders × expected order value over the quarter), cost of goods sold at the
 * recent margin, every other expense at its run rate of the last three months. Pure; finance
 * accepts it into a draft budget version from the planning inbox.
 */
export interface RunRate {
  month: string;
  accountCode: string;
  costCenter: string | null;
  isRevenue: boolean;
  isCogs: boolean;
  /** On the account's natural side, minor units. */
  amount: number;
}

export interface BudgetLine {
  account: string;
  month: string;
  amount: number;
}

export interface BudgetProposal {
  quarter: string;
  costCenter: string | null;
  lines: BudgetLine[];
  valueAtStake: number;
  rationale: Record<string, unknown>;
}

/** The calendar quarter after the one holding `asOf`, and its three months. */
export function nextQuarter(asOf: string): { quarter: string; months: string[] } {
  const year = Number(asOf.slice(0, 4));
  const q = Math.floor((Number(asOf.slice(5, 7)) - 1) / 3) + 1;
  const [y, n] = q === 4 ? [year + 1, 1] : [year, q + 1];
  const quarter = `${y}-Q${n}`;
  return { quarter, months: quarterMonths(quarter) };
}

/** The three months of a quarter 'YYYY-Qn'. */
export function quarterMonths(quarter: string): string[] {
  const year = quarter.slice(0, 4);
  const first = (Number(quarter.slice(6)) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** `total` over the months in whole minor units, the last month taking the remainder. */
export function spread(total: number, months: readonly string[]): { month: string; amount: number }[] {
  const each = Math.trunc(total / months.length);
  return months.map((month, i) => ({ month, amount: i === months.length - 1 ? total - each * (months.length - 1) : each }));
}

export function budgetProposals(runRates: readonly RunRate[], forecastQuarterRevenue: number | null, asOf: string): BudgetProposal[] {
  const { quarter, months } = nextQuarter(asOf);
  const monthsSeen = new Set(runRates.map((r) => r.month)).size || 1;
  const quarterly = new Map<string, { accountCode: string; costCenter: string | null; isRevenue: boolean; isCogs: boolean; amount: number }>();
  for (const r of runRates) {
    const key = `${r.accountCode}|${r.costCenter ?? ''}`;
    const q = quarterly.get(key) ?? { accountCode: r.accountCode, costCenter: r.costCenter, isRevenue: r.isRevenue, isCogs: r.isCogs, amount: 0 };
    q.amount += (r.amount * 3) / monthsSeen; // the run rate over a quarter
    quarterly.set(key, q);
  }
  const runRevenue = [...quarterly.values()].filter((q) => q.isRevenue).reduce((s, q) => s + q.amount, 0);
  const runCogs = [...quarterly.values()].filter((q) => q.isCogs).reduce((s, q) => s + q.amount, 0);
  // Revenue accounts scaled to the forecast; cost of goods sold to the margin of the run rate.
  const revenueScale = forecastQuarterRevenue !== null && runRevenue > 0 ? forecastQuarterRevenue / runRevenue : 1;
  const cogsRatio = runRevenue > 0 ? runCogs / runRevenue : null;
  const byCenter = new Map<string, BudgetProposal>();
  for (const q of quarterly.values()) {
    const amount = Math.round(q.isRevenue ? q.amount * revenueScale : q.isCogs && cogsRatio !== null ? runRevenue * revenueScale * cogsRatio * (q.amount / runCogs) : q.amount);
    if (amount === 0) continue;
    const key = q.costCenter ?? '';
    const proposal = byCenter.get(key) ?? { quarter, costCenter: q.costCenter, lines: [], valueAtStake: 0, rationale: {} };
    for (const m of spread(amount, months)) proposal.lines.push({ account: q.accountCode, month: m.month, amount: m.amount });
    proposal.valueAtStake += Math.abs(amount);
    byCenter.set(key, proposal);
  }
  const basis = {
    runRateMonths: [...new Set(runRates.map((r) => r.month))].sort(),
    revenue: forecastQuarterRevenue === null ? 'run rate of the last three months' : `purchase-frequency forecast: ${Math.round(forecastQuarterRevenue)} for the quarter against a run rate of ${Math.round(runRevenue)}`,
    costOfGoodsSold: cogsRatio === null ? 'run rate' : `${(cogsRatio * 100).toFixed(1)}% of revenue, the recent margin`,
    otherExpenses: 'run rate of the last three months per account and cost centre',
  };
  return [...byCenter.values()]
    .map((p) => ({ ...p, lines: p.lines.sort((a, b) => a.account.localeCompare(b.account) || a.month.localeCompare(b.month)), rationale: basis }))
    .sort((a, b) => b.valueAtStake - a.valueAtStake);
}
