import { parse } from '../args.js';
import { withDatabase } from '../database.js';
import { companySummary, documentCounts } from '../../domain/status.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { table, money } from '../format.js';
import type { Subcommand } from '../subcommand.js';

export const statusCommand: Subcommand = {
  name: 'status',
  summary: 'document counts, headline figures and the trial-balance check',
  help: `Usage: ledgerloop status [--json]

Prints the row count of every document kind, the company's headline figures (revenue, gross
margin, stock value, open receivables and payables) and whether the trial balance balances.`,
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' } });
    const report = await withDatabase(async ({ db, kind, location }) => {
      const tb = await trialBalance(db, '9999-12-31');
      return { database: { kind, location }, counts: await documentCounts(db), summary: await companySummary(db), trialBalance: { balanced: tb.balanced, totalDebit: tb.totalDebit, totalCredit: tb.totalCredit } };
    });
    if (values.json) {
      console.log(JSON.stringify(report, null, 2));
      return 0;
    }
    console.log(formatStatus(report));
    return 0;
  },
};

export function formatStatus(report: { database: { kind: string; location: string }; counts: Record<string, number>; summary: Awaited<ReturnType<typeof companySummary>>; trialBalance: { balanced: boolean; totalDebit: number; totalCredit: number } }): string {
  const s = report.summary;
  const cur = s.functionalCurrency;
  return [
    `${s.company ?? '(no company yet)'} — ${report.database.kind} database at ${report.database.location}`,
    '',
    table(Object.entries(report.counts).map(([kind, count]) => ({ document: kind, count }))),
    '',
    `revenue            ${money(s.revenue, cur)}`,
    `gross margin       ${money(s.grossMargin, cur)}${s.grossMarginPct === null ? '' : ` (${s.grossMarginPct}%)`}`,
    `stock value        ${money(s.stockValue, cur)}`,
    `open receivables   ${money(s.openReceivables, cur)}`,
    `open payables      ${money(s.openPayables, cur)}`,
    `trial balance      ${report.trialBalance.balanced ? 'balances' : 'DOES NOT BALANCE'} (debits ${money(report.trialBalance.totalDebit)}, credits ${money(report.trialBalance.totalCredit)})`,
  ].join('\n');
}
