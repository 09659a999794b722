import { parse } from '../args.js';
import { withDatabase } from '../database.js';
import { verify } from '../../domain/verify.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

export const verifyCommand: Subcommand = {
  name: 'verify',
  summary: 'check every invariant of the books and the stock ledger, naming each breach',
  help: `Usage: ledgerloop verify [--json]

Checks: every journal entry balances; the trial balance balances; stock on hand and value equal
the stock ledger; reservations equal open order lines and never exceed stock; the inventory,
receivables, payables and GRNI control accounts equal their subledgers; order lines equal their
deliveries and invoices; invoice open amounts equal gross less credit notes and allocations.
Exit code 0 when everything holds, 1 when anything breaks.`,
  async run(argv) {
    const { values } = parse(argv, { json: { type: 'boolean' } });
    const report = await withDatabase(({ db }) => verify(db));
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else {
      console.log(table(report.checks.map((c) => ({ check: c.name, result: c.breaches === 0 ? 'ok' : `${c.breaches} BREACHES`, what: c.description }))));
      if (!report.ok) console.log(`\n${table(report.breaches.slice(0, 50) as unknown as Record<string, unknown>[])}`);
    }
    return report.ok ? 0 : 1;
  },
};
