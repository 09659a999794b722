import { parse, integerOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { formatMinor } from '../../domain/finance/money.js';
import { budgetVersions, budgetVsActual } from '../../domain/people/payroll/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';
import { periodOption } from './payroll.js';

const ACTIONS = ['vs-actual', 'versions'] as const;

export const budgetCommand: Subcommand = {
  name: 'budget',
  summary: 'budgets: budget against actual by account and cost centre, budget versions',
  help: `Usage: ledgerloop budget vs-actual --period YYYY-MM [--cost-center CC] [--json]
       ledgerloop budget vs-actual --from YYYY-MM --to YYYY-MM [--cost-center CC] [--json]
       ledgerloop budget versions [--year YYYY] [--json]

  vs-actual   each revenue and expense account's approved budget against the ledger, per cost
              centre, over a month or a range of months; variance = actual − budget.
  versions    the budget versions of every fiscal year (or one), with their status.

Amounts are in the functional currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(
      argv,
      { period: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, 'cost-center': { type: 'string' }, year: { type: 'string' }, json: { type: 'boolean' } },
      true,
    );
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);

    if (action === 'versions') {
      const year = values.year === undefined ? undefined : integerOption(values.year, 'year', { min: 1900, max: 9999, fallback: 0 });
      const versions = await withDatabase(({ db }) => budgetVersions(db, year));
      if (values.json) console.log(JSON.stringify(versions, null, 2));
      else console.log(table(versions.map((v) => ({ year: String(v.fiscalYear), version: v.version, name: v.name, status: v.status, approved: v.approvedDate ?? '', lines: v.lines, total: formatMinor(v.total) }))));
      return 0;
    }

    const period = periodOption(values.period, 'period');
    const from = periodOption(values.from, 'from');
    const to = periodOption(values.to, 'to');
    if (period && (from || to)) throw new UsageError('give --period, or --from and --to, not both', 'period');
    if (!period && !(from && to)) throw new UsageError('give --period YYYY-MM, or --from YYYY-MM and --to YYYY-MM', 'period');
    const costCenter = values['cost-center'] as string | undefined;
    const report = await withDatabase(({ db }) => budgetVsActual(db, { ...(period ? { period } : { from: from!, to: to! }), costCenter }));
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    const range = report.from === report.to ? report.from : `${report.from} to ${report.to}`;
    console.log(`Budget against actual, ${range}${report.costCenter ? `, cost centre ${report.costCenter}` : ''}\n`);
    const pct = (p: number | null) => (p === null ? '' : `${p > 0 ? '+' : ''}${p}%`);
    const t = report.totals;
    console.log(table([
      ...report.rows.map((r) => ({ account: r.account, name: r.accountName, 'cost centre': r.costCenter ?? '', budget: formatMinor(r.budget), actual: formatMinor(r.actual), variance: formatMinor(r.variance), '%': pct(r.variancePct), note: r.favourable ? '' : 'unfavourable' })),
      { account: '', name: 'Revenue', 'cost centre': '', budget: formatMinor(t.revenue.budget), actual: formatMinor(t.revenue.actual), variance: formatMinor(t.revenue.actual - t.revenue.budget), '%': '', note: '' },
      { account: '', name: 'Expenses', 'cost centre': '', budget: formatMinor(t.expense.budget), actual: formatMinor(t.expense.actual), variance: formatMinor(t.expense.actual - t.expense.budget), '%': '', note: '' },
      { account: '', name: 'Result', 'cost centre': '', budget: formatMinor(t.result.budget), actual: formatMinor(t.result.actual), variance: formatMinor(t.result.variance), '%': '', note: '' },
    ]));
    return 0;
  },
};
