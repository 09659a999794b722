import { parse, dateOption, integerOption, UsageError } from '../args.js';
import { withDatabase, SYSTEM_ACTOR } from '../database.js';
import * as crm from '../../domain/crm/index.js';
import { simulationState } from '../../domain/core/simulation-state.js';
import type { Database } from '../../domain/db/connect.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['recycle', 'reminders', 'leads', 'funnel', 'pipeline'] as const;

/** The day a CRM command acts on: --date, else the simulated company's last day, else today. */
async function dayOf(database: Database, given: string | undefined): Promise<string> {
  return given ?? (await simulationState(database.db))?.lastDate ?? new Date().toISOString().slice(0, 10);
}

export const crmCommand: Subcommand = {
  name: 'crm',
  summary: 'the sales pipeline: recycle stale ownership, reminders, leads, funnel, open pipeline',
  help: `Usage: ledgerloop crm recycle [--date DATE] [--json]
       ledgerloop crm reminders --rep ID [--date DATE] [--json]
       ledgerloop crm leads [--region CODE] [--pool lead|public] [--owner ID] [--json]
       ledgerloop crm funnel [--from DATE] [--to DATE] [--json]
       ledgerloop crm pipeline [--as-of DATE] [--json]

  recycle    sends every lead and account whose owner has not followed it up for more than
             its region's days back to the public pool, recording why (run it daily)
  reminders  the rep's follow-ups due on the date and overdue, oldest first
  leads      open leads, by region, pool or owner
  funnel     leads created from --from to --to by source: contacted, opportunity, converted,
             disqualified, open; opportunities by stage
  pipeline   product lines of the opportunities open on --as-of, with their stage probability

DATE defaults to the simulated company's last day, or today. Amounts are minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      date: { type: 'string' }, rep: { type: 'string' }, region: { type: 'string' }, pool: { type: 'string' }, owner: { type: 'string' },
      from: { type: 'string' }, to: { type: 'string' }, 'as-of': { type: 'string' }, json: { type: 'boolean' },
    }, true);
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const date = dateOption(values.date, 'date');
    const print = (json: unknown, text: string) => console.log(values.json ? JSON.stringify(json, null, 2) : text);

    switch (action) {
      case 'recycle': {
        const result = await withDatabase(async (database) => crm.recycleStaleOwnership({ db: database.db, actor: SYSTEM_ACTOR }, { date: await dayOf(database, date) }));
        print(result, [
          `Recycled on ${result.date}: ${result.leads.length} leads, ${result.accounts.length} accounts back to the public pool.`,
          ...(result.leads.length + result.accounts.length > 0
            ? ['', table([...result.leads.map((l) => ({ lead: l.leadId, account: null, previousOwner: l.previousOwnerId, reason: l.reason })), ...result.accounts.map((a) => ({ lead: null, account: a.customerId, previousOwner: a.previousOwnerId, reason: a.reason }))])]
            : []),
        ].join('\n'));
        return 0;
      }
      case 'reminders': {
        if (values.rep === undefined) throw new UsageError('--rep is required', 'rep');
        const repId = integerOption(values.rep, 'rep', { min: 1, fallback: 0 });
        const { day, rows } = await withDatabase(async (database) => {
          const day = await dayOf(database, date);
          return { day, rows: await crm.reminders(database.db, { repId, date: day }) };
        });
        print(rows, [
          `Follow-ups of rep ${repId} due on ${day} or overdue: ${rows.length}`,
          ...(rows.length ? ['', table(rows.map((r) => ({ followUp: r.followUpId, due: r.dueDate, status: r.kind === 'due_today' ? 'due today' : `${r.daysOverdue} days overdue`, of: r.reference, name: r.name, note: r.note })))] : []),
        ].join('\n'));
        return 0;
      }
      case 'leads': {
        if (values.pool !== undefined && values.pool !== 'lead' && values.pool !== 'public') throw new UsageError(`--pool must be lead or public, not '${values.pool}'`, 'pool');
        const owner = values.owner === undefined ? undefined : integerOption(values.owner, 'owner', { min: 1, fallback: 0 });
        const rows = await withDatabase(({ db }) => crm.listLeads(db, { ...(values.region ? { region: values.region as string } : {}), ...(values.pool ? { pool: values.pool as 'lead' | 'public' } : {}), ...(owner ? { ownerId: owner } : {}) }));
        print(rows, table(rows.map((l) => ({ lead: l.leadNo, company: l.companyName, region: l.region, source: l.source, status: l.status, owner: l.ownerId, pool: l.pool, created: l.createdOn, touched: l.touchedOn }))));
        return 0;
      }
      case 'funnel': {
        const from = dateOption(values.from, 'from') ?? '0001-01-01';
        const to = dateOption(values.to, 'to') ?? '9999-12-31';
        const funnel = await withDatabase(({ db }) => crm.leadFunnel(db, { from, to }));
        print(funnel, [
          table(funnel.bySource.map((s) => ({ source: s.source, leads: s.leads, contacted: s.contacted, opportunity: s.withOpportunity, converted: s.converted, disqualified: s.disqualified, open: s.open, 'conversion %': Math.round(s.conversionRate * 1000) / 10 }))),
          '',
          table(funnel.byStage.map((s) => ({ source: s.source, stage: s.stage, opportunities: s.opportunities }))),
        ].join('\n'));
        return 0;
      }
      case 'pipeline': {
        const asOfGiven = dateOption(values['as-of'], 'as-of');
        const { asOf, lines } = await withDatabase(async (database) => {
          const asOf = await dayOf(database, asOfGiven);
          return { asOf, lines: await crm.openPipelineLines(database.db, { asOf }) };
        });
        print(lines, [`Open pipeline on ${asOf}: ${lines.length} lines`, '', table(lines.map((l) => ({ opportunity: l.opportunityId, item: l.itemId, quantity: l.quantity, expected: l.expectedDate, stage: l.stage, 'probability %': l.probabilityBp / 100 })))].join('\n'));
        return 0;
      }
    }
    return 2;
  },
};
