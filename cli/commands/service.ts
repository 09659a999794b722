import { parse, dateOption, UsageError } from '../args.js';
import { withDatabase } from '../database.js';
import { crm, core } from '../../domain/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['tickets'] as const;
const STATUSES = ['open', 'assigned', 'in_progress', 'resolved', 'closed', 'cancelled'] as const;

export const serviceCommand: Subcommand = {
  name: 'service',
  summary: 'service tickets with their SLA standing',
  help: `Usage: ledgerloop service tickets [--status S] [--breached] [--as-of DATE] [--json]

  tickets   service work orders with their response and resolution targets and whether each is
            met, breached or still due as of --as-of (default: the simulated company's last day,
            else today). Without --status, the tickets not yet closed or cancelled; --status
            (${STATUSES.join(', ')}) shows one status; --breached keeps those with a breach.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { status: { type: 'string' }, breached: { type: 'boolean' }, 'as-of': { type: 'string' }, json: { type: 'boolean' } }, true);
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const status = values.status as string | undefined;
    if (status !== undefined && !(STATUSES as readonly string[]).includes(status)) throw new UsageError(`--status must be one of ${STATUSES.join(', ')}, not '${status}'`, 'status');
    const asOfOption = dateOption(values['as-of'], 'as-of');
    const { asOf, tickets } = await withDatabase(async ({ db }) => {
      const asOf = asOfOption ?? (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);
      const tickets = await crm.serviceTickets(db, { asOf, ...(status ? { status: status as (typeof STATUSES)[number] } : {}), breachedOnly: Boolean(values.breached) });
      return { asOf, tickets };
    });
    if (values.json) {
      console.log(JSON.stringify({ asOf, tickets }, null, 2));
      return 0;
    }
    console.log(`Service tickets as of ${asOf}\n`);
    console.log(table(tickets.map((t) => ({
      ticket: t.ticketNo, customer: t.customerId, type: t.type, priority: t.priority, status: t.status, technician: t.technicianId,
      opened: t.openedDate, 'response due': t.responseDue, response: t.responseSla, 'resolution due': t.resolutionDue, resolution: t.resolutionSla,
    }))));
    return 0;
  },
};
