import { parse, dateOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { formatMinor } from '../../domain/finance/money.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const REPORTS = ['trial-balance'] as const;

export const reportCommand: Subcommand = {
  name: 'report',
  summary: 'financial reports: trial-balance',
  help: `Usage: ledgerloop report trial-balance [--to DATE] [--json]

  trial-balance   every account's balance up to and including --to (default: today),
                  on its debit or credit side, and whether the totals agree.

Amounts are in the functional currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { to: { type: 'string' }, from: { type: 'string' }, json: { type: 'boolean' } }, true);
    const name = positionals[0];
    if (!name) throw new UsageError(`name a report: ${REPORTS.join(', ')}`, 'report');
    if (!(REPORTS as readonly string[]).includes(name)) throw new UsageError(`unknown report '${name}'; one of: ${REPORTS.join(', ')}`, 'report');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const to = dateOption(values.to, 'to') ?? new Date().toISOString().slice(0, 10);
    dateOption(values.from, 'from');
    const tb = await withDatabase(({ db }) => trialBalance(db, to));
    if (values.json) {
      console.log(JSON.stringify(tb, null, 2));
      return 0;
    }
    console.log(`Trial balance as of ${to}\n`);
    console.log(table([
      ...tb.rows.map((r) => ({ account: r.account, name: r.name, type: r.type, debit: r.debit ? formatMinor(r.debit) : '', credit: r.credit ? formatMinor(r.credit) : '' })),
      { account: '', name: 'Total', type: '', debit: formatMinor(tb.totalDebit), credit: formatMinor(tb.totalCredit) },
    ]));
    console.log(`\n${tb.balanced ? 'Balanced.' : 'NOT BALANCED.'}`);
    return tb.balanced ? 0 : 1;
  },
};
