import { parse } from '../args.js';
import { withDatabase } from '../database.js';
import { simulationState } from '../../domain/core/simulation-state.js';
import { isSetUp } from '../../domain/core/company.js';
import { companySummary, documentCounts } from '../../domain/status.js';
import { trialBalance } from '../../domain/finance/trial-balance.js';
import { describe, runSimulation, simulationOptions } from './simulate.js';
import { formatStatus } from './status.js';
import type { Subcommand } from '../subcommand.js';

export const startCommand: Subcommand = {
  name: 'start',
  summary: 'the main job: database, demo company when empty, and a summary',
  help: `Usage: ledgerloop start [--seed N] [--days D] [--scale S]

Opens (and creates) the database, applies migrations, simulates the demo company if the
database is empty (two years at scale 1 by default), and prints a summary: revenue, gross
margin, stock value, open receivables, document counts and the trial-balance check.`,
  async run(argv) {
    const { values } = parse(argv, { seed: { type: 'string' }, days: { type: 'string' }, scale: { type: 'string' } });
    const options = simulationOptions(values);
    return withDatabase(async (database) => {
      const { db } = database;
      if (!(await isSetUp(db))) {
        console.log(`Empty database at ${database.location}: simulating the demo company (${options.days} days, scale ${options.scale}, seed ${options.seed})…`);
        console.log(describe(await runSimulation(db, options)));
      } else {
        const sim = await simulationState(db);
        console.log(`Database at ${database.location} holds a company${sim ? ` simulated to ${sim.lastDate}` : ''}; run 'ledgerloop simulate --days N' to continue it.`);
      }
      const tb = await trialBalance(db, '9999-12-31');
      console.log(`\n${formatStatus({ database: { kind: database.kind, location: database.location }, counts: await documentCounts(db), summary: await companySummary(db), trialBalance: { balanced: tb.balanced, totalDebit: tb.totalDebit, totalCredit: tb.totalCredit } })}`);
      return tb.balanced ? 0 : 1;
    });
  },
};
