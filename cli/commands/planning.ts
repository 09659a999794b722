import { parse, dateOption, integerOption, UsageError } from '../args.js';
import { withDatabase, SYSTEM_ACTOR } from '../database.js';
import { core, planning } from '../../domain/index.js';
import { formatMinor } from '../../domain/finance/money.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['list', 'show', 'accept', 'reject'] as const;
const STATUSES = ['open', 'accepted', 'modified', 'rejected', 'expired', 'all'] as const;

export const planningCommand: Subcommand = {
  name: 'planning',
  summary: 'planning suggestions from the forecast: list, show, accept (with changes) or reject one',
  help: `Usage: ledgerloop planning list [--status S] [--kind K] [--sort SORT] [--limit N] [--offset N] [--json]
       ledgerloop planning show ID [--json]
       ledgerloop planning accept ID [--requester EMP] [--as requisition|purchase_order]
                                     [--quantity N] [--supplier ID] [--order-by DATE] [--needed-by DATE]
                                     [--due DATE] [--rep EMP] [--reason TEXT]
                                     [--revision N] [--date DATE] [--idempotency-key KEY] [--json]
       ledgerloop planning reject ID --reason TEXT [--revision N] [--date DATE] [--json]

  list     suggestions, largest value at stake first: --status open (default), accepted,
           modified, rejected, expired or all; --kind replenishment, production, re_engagement
           or budget; --sort value_at_stake (default), expires_on or newest.
  show     one suggestion: its proposal, rationale, decision and measured outcomes.
  accept   accepts it and creates the document in its area: a purchase requisition raised for
           employee --requester (or, with --as purchase_order, an order to the supplier), a
           production order, a follow-up in the rep's plan, or budget lines in a draft version.
           Any of --quantity, --supplier, --order-by, --needed-by (replenishment, production),
           --due, --rep (re-engagement) accepts it with those changes, recorded before and after.
           A retry with the same --idempotency-key returns the first result.
  reject   rejects it; --reason is required.

--revision N (from show or list --json) refuses the decision if a forecast run has revised
the suggestion since. --date (the decision's business date) defaults to the simulated company's last day, else today.
The decision is recorded as made by $LEDGERLOOP_ACTOR (default cli:$USER).
Values are in the functional currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      status: { type: 'string' },
      kind: { type: 'string' },
      sort: { type: 'string' },
      limit: { type: 'string' },
      offset: { type: 'string' },
      requester: { type: 'string' },
      as: { type: 'string' },
      quantity: { type: 'string' },
      supplier: { type: 'string' },
      'order-by': { type: 'string' },
      'needed-by': { type: 'string' },
      due: { type: 'string' },
      rep: { type: 'string' },
      reason: { type: 'string' },
      revision: { type: 'string' },
      date: { type: 'string' },
      'idempotency-key': { type: 'string' },
      json: { type: 'boolean' },
    }, true);
    const action = positionals[0];
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');

    if (action === 'list') {
      if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
      const status = oneOf(values.status, 'status', STATUSES) ?? 'open';
      const kind = oneOf(values.kind, 'kind', planning.SUGGESTION_KINDS);
      const sort = oneOf(values.sort, 'sort', planning.SUGGESTION_SORTS);
      const limit = integerOption(values.limit, 'limit', { min: 1, max: 1000, fallback: 50 });
      const offset = integerOption(values.offset, 'offset', { min: 0, fallback: 0 });
      const rows = await withDatabase(({ db }) => planning.listSuggestions(db, { status: status === 'all' ? undefined : status, kind, sort, limit, offset }));
      if (values.json) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      console.log(table(rows.map((s) => ({
        id: s.suggestionId, kind: s.kind, status: s.status, 'at stake': formatMinor(s.valueAtStake), subject: subject(s.proposal), until: s.expiresOn,
        decided: s.decision ? `${s.decision.decidedBy} ${s.decision.decidedOn}` : '', document: s.decision?.documentNo ?? (s.decision?.documentId ? `${s.decision.documentType} ${s.decision.documentId}` : ''),
      }))));
      return 0;
    }

    if (positionals.length < 2) throw new UsageError(`name the suggestion: ledgerloop planning ${action} ID`, 'id');
    if (positionals.length > 2) throw new UsageError(`unexpected argument '${positionals[2]}'`);
    const suggestionId = integerOption(positionals[1], 'id', { min: 1, fallback: 0 });

    if (action === 'show') {
      const s = await withDatabase(({ db }) => planning.suggestion(db, suggestionId));
      if (!s) throw new UsageError(`planning suggestion ${suggestionId} does not exist`, 'id');
      if (values.json) {
        console.log(JSON.stringify(s, null, 2));
        return 0;
      }
      console.log(`Suggestion ${s.suggestionId}: ${s.kind}, ${s.status}, ${formatMinor(s.valueAtStake)} at stake, until ${s.expiresOn}`);
      console.log(`Run ${s.runId} (model ${s.modelVersion}, data to ${s.asOf}), revision ${s.revision}; first proposed by run ${s.firstRunId}`);
      console.log(`Proposal:  ${JSON.stringify(s.proposal)}`);
      console.log(`Rationale: ${JSON.stringify(s.rationale)}`);
      if (s.decision) {
        const d = s.decision;
        console.log(`Decision:  ${d.decision} by ${d.decidedBy} on ${d.decidedOn}${d.reason ? ` (${d.reason})` : ''}${d.documentType ? ` → ${d.documentType} ${d.documentNo ?? d.documentId}` : ''}`);
        for (const [field, c] of Object.entries(d.changes)) console.log(`  ${field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
      }
      for (const o of s.outcomes) console.log(`Outcome ${o.measuredAt}: ${JSON.stringify(o.outcome)}`);
      return 0;
    }

    const dateValue = dateOption(values.date, 'date');
    const key = values['idempotency-key'] as string | undefined;
    const options = key === undefined ? {} : { idempotencyKey: key };
    // Every option is checked before the database is opened.
    if (action === 'reject' && values.reason === undefined) throw new UsageError('--reason is required to reject', 'reason');
    const changes = {
      ...(values.quantity === undefined ? {} : { quantity: integerOption(values.quantity, 'quantity', { min: 1, fallback: 0 }) }),
      ...(values.supplier === undefined ? {} : { supplierId: integerOption(values.supplier, 'supplier', { min: 1, fallback: 0 }) }),
      ...(values['order-by'] === undefined ? {} : { orderBy: dateOption(values['order-by'], 'order-by') }),
      ...(values['needed-by'] === undefined ? {} : { neededBy: dateOption(values['needed-by'], 'needed-by') }),
      ...(values.due === undefined ? {} : { dueDate: dateOption(values.due, 'due') }),
      ...(values.rep === undefined ? {} : { repId: integerOption(values.rep, 'rep', { min: 1, fallback: 0 }) }),
    };
    const modified = Object.keys(changes).length > 0;
    if (action === 'accept' && !modified && values.reason !== undefined) throw new UsageError('--reason goes with a rejection or an accept with changes', 'reason');
    const replenishAs = oneOf(values.as, 'as', ['requisition', 'purchase_order'] as const);
    const seen = values.revision === undefined ? {} : { revision: integerOption(values.revision, 'revision', { min: 0, fallback: 0 }) };
    const requester = values.requester === undefined ? {} : { requesterId: integerOption(values.requester, 'requester', { min: 1, fallback: 0 }) };
    const result = await withDatabase(async ({ db }) => {
      const date = dateValue ?? (await core.simulationState(db))?.lastDate ?? new Date().toISOString().slice(0, 10);
      const ctx = { db, actor: SYSTEM_ACTOR };
      if (action === 'reject') return planning.rejectSuggestion(ctx, { suggestionId, date, ...seen, reason: values.reason as string }, options);
      const common = { suggestionId, date, ...seen, ...requester, ...(replenishAs ? { replenishAs } : {}) };
      if (!modified) return planning.acceptSuggestion(ctx, common, options);
      return planning.modifySuggestion(ctx, { ...common, changes, ...(values.reason === undefined ? {} : { reason: values.reason as string }) }, options);
    });
    if (values.json) {
      console.log(JSON.stringify(result, null, 2));
      return 0;
    }
    const document = result.document ? `: ${result.document.type.replace('_', ' ')} ${result.document.number ?? result.document.id}` : '';
    console.log(`suggestion ${result.suggestionId} ${result.status} by ${result.decidedBy} on ${result.decidedOn}${document}`);
    for (const [field, c] of Object.entries(result.changes)) console.log(`  ${field}: ${JSON.stringify(c.before)} → ${JSON.stringify(c.after)}`);
    return 0;
  },
};

function oneOf<T extends string>(value: string | undefined, name: string, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} is one of ${allowed.join(', ')}, not '${value}'`, name);
  return value as T;
}

/** A short label of what a proposal is about, for the list. */
function subject(p: Record<string, unknown>): string {
  if ('quarter' in p) return `${String(p.quarter)} cost centre ${p.costCenter === null ? '(none)' : String(p.costCenter)}`;
  if ('customerId' in p) return `customer ${String(p.customerId)} by rep ${String(p.repId)} on ${String(p.dueDate)}`;
  return `${String(p.quantity)} of item ${String(p.itemId)} at warehouse ${String(p.warehouseId)} by ${String(p.neededBy)}`;
}
