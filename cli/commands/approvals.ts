import { parse, dateOption, integerOption, UsageError } from '../args.js';
import { withDatabase, SYSTEM_ACTOR } from '../database.js';
// The whole library, not only the engine: deciding runs the owning areas' handlers, which
// register themselves when their modules load.
import { approvals, core } from '../../domain/index.js';
import { formatMinor } from '../../domain/finance/money.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['list', 'decide'] as const;

export const approvalsCommand: Subcommand = {
  name: 'approvals',
  summary: 'approval requests waiting for a decision; approve or reject one',
  help: `Usage: ledgerloop approvals list [--role ROLE] [--approver EMP] [--json]
       ledgerloop approvals decide --request ID --approver EMP (--approve | --reject) [--comment TEXT] [--date DATE] [--json]

  list     pending requests, oldest first: all, those whose current step asks for --role,
           or those employee --approver may decide now.
  decide   approves or rejects the current step of request --request as employee --approver
           (who must hold the step's role, or be a manager, and not have decided another step
           of it). --date defaults to the simulated company's last day, else today.

Amounts are in the functional currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      role: { type: 'string' },
      approver: { type: 'string' },
      request: { type: 'string' },
      approve: { type: 'boolean' },
      reject: { type: 'boolean' },
      comment: { type: 'string' },
      date: { type: 'string' },
      json: { type: 'boolean' },
    }, true);
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);

    if (action === 'list') {
      const approverId = values.approver === undefined ? undefined : integerOption(values.approver, 'approver', { min: 1, fallback: 0 });
      const rows = await withDatabase(({ db }) => approvals.pendingApprovals(db, { ...(values.role ? { role: values.role as string } : {}), ...(approverId ? { approverId } : {}) }));
      if (values.json) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      console.log(table(rows.map((r) => ({
        request: r.requestId, document: `${r.documentType} ${r.documentId}`, department: r.department, amount: formatMinor(r.amount),
        requested: r.requestDate, step: `${r.step}/${r.steps}`, role: r.role, summary: r.summary,
      }))));
      return 0;
    }

    if (values.request === undefined) throw new UsageError('--request is required', 'request');
    if (values.approver === undefined) throw new UsageError('--approver is required', 'approver');
    if (Boolean(values.approve) === Boolean(values.reject)) throw new UsageError('give exactly one of --approve or --reject', 'decision');
    const requestId = integerOption(values.request, 'request', { min: 1, fallback: 0 });
    const approverId = integerOption(values.approver, 'approver', { min: 1, fallback: 0 });
    const dateOptionValue = dateOption(values.date, 'date');
    const result = await withDatabase(async ({ db }) => {
      const date = dateOptionValue ?? (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);
      return approvals.decide({ db, actor: SYSTEM_ACTOR }, {
        requestId, approverId, decision: values.approve ? 'approve' : 'reject', date, ...(values.comment ? { comment: values.comment as string } : {}),
      });
    });
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else console.log(`request ${result.requestId}: ${result.status}${result.nextRole ? ` (next: ${result.nextRole})` : ''}`);
    return 0;
  },
};
