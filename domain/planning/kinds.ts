import { z } from 'zod';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, money, quantity } from '../kernel/inputs.js';
import type { SuggestionKind } from './tables.js';

/**
 * The four kinds of planning suggestion: what each proposes (its `proposal`), the subject that
 * makes its natural key, the date after which it is moot, and the fields a planner may change
 * when accepting it with changes.
 */
export const SUGGESTION_KINDS = ['replenishment', 'production', 're_engagement', 'budget'] as const satisfies readonly SuggestionKind[];

const quarter = z.string().regex(/^\d{4}-Q[1-4]$/, 'a quarter as YYYY-Qn');
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');
const budgetAmount = z.number().int().min(-1e15).max(1e15);
const costCenter = z.string().trim().min(1).max(20);
const account = z.string().trim().min(1).max(20);

/** Buy `quantity` of an item into a warehouse, ordered by `orderBy` so it arrives by `neededBy`. */
export const replenishmentProposal = z.object({
  itemId: id,
  warehouseId: id,
  quantity,
  /** The preferred supplier (why it was chosen goes in the rationale); null when none qualifies. */
  supplierId: id.nullable(),
  /** The supplier's expected unit price, the requisition's estimate; default the item's standard cost. */
  unitPrice: money.optional(),
  orderBy: isoDate,
  neededBy: isoDate,
}).superRefine((p, ctx) => {
  if (p.orderBy > p.neededBy) ctx.addIssue({ code: 'custom', message: 'the order-by date cannot be after the needed-by date', path: ['orderBy'] });
});

/** Make `quantity` of a manufactured item in a warehouse by `neededBy` (components in the rationale). */
export const productionProposal = z.object({
  itemId: id,
  warehouseId: id,
  quantity,
  neededBy: isoDate,
});

/** A rep follows up a customer who has gone quiet, by `dueDate`. */
export const reEngagementProposal = z.object({
  customerId: id,
  /** The account's owner, whose plan gets the follow-up. */
  repId: id,
  dueDate: isoDate,
  reason: z.string().trim().min(1).max(500),
});

/** Next quarter's budget of one cost centre (null: not allocated), by account and month. */
export const budgetProposal = z.object({
  quarter,
  costCenter: costCenter.nullable(),
  lines: z.array(z.object({ account, month, amount: budgetAmount })).min(1).max(5_000),
}).superRefine((p, ctx) => {
  const months = quarterMonths(p.quarter);
  const seen = new Set<string>();
  p.lines.forEach((l, i) => {
    if (!months.includes(l.month)) ctx.addIssue({ code: 'custom', message: `${l.month} is not in ${p.quarter}`, path: ['lines', i, 'month'] });
    const key = `${l.account}|${l.month}`;
    if (seen.has(key)) ctx.addIssue({ code: 'custom', message: `account ${l.account} in ${l.month} appears twice`, path: ['lines', i] });
    seen.add(key);
  });
});

export type ReplenishmentProposal = z.output<typeof replenishmentProposal>;
export type ProductionProposal = z.output<typeof productionProposal>;
export type ReEngagementProposal = z.output<typeof reEngagementProposal>;
export type BudgetProposal = z.output<typeof budgetProposal>;

export type Proposal =
  | { kind: 'replenishment'; proposal: ReplenishmentProposal }
  | { kind: 'production'; proposal: ProductionProposal }
  | { kind: 're_engagement'; proposal: ReEngagementProposal }
  | { kind: 'budget'; proposal: BudgetProposal };

export const PROPOSAL_SCHEMAS = {
  replenishment: replenishmentProposal,
  production: productionProposal,
  re_engagement: reEngagementProposal,
  budget: budgetProposal,
} as const;

/** The three months of 'YYYY-Qn'. */
export function quarterMonths(q: string): string[] {
  const year = q.slice(0, 4);
  const first = (Number(q.slice(6)) - 1) * 3 + 1;
  return [0, 1, 2].map((i) => `${year}-${String(first + i).padStart(2, '0')}`);
}

/** Kind and subject: one open suggestion per key, so a new run revises it instead of adding another. */
export function naturalKey(p: Proposal): string {
  switch (p.kind) {
    case 'replenishment':
      return `replenishment:item:${p.proposal.itemId}:warehouse:${p.proposal.warehouseId}`;
    case 'production':
      return `production:item:${p.proposal.itemId}:warehouse:${p.proposal.warehouseId}`;
    case 're_engagement':
      return `re_engagement:customer:${p.proposal.customerId}`;
    case 'budget':
      return `budget:${p.proposal.quarter}:cost_center:${p.proposal.costCenter ?? '-'}`;
  }
}

/** The last day the suggestion is worth deciding: its needed-by or due date, the day before its quarter starts. */
export function defaultExpiry(p: Proposal): string {
  switch (p.kind) {
    case 'replenishment':
    case 'production':
      return p.proposal.neededBy;
    case 're_engagement':
      return p.proposal.dueDate;
    case 'budget': {
      const start = new Date(`${quarterMonths(p.proposal.quarter)[0]}-01T00:00:00Z`);
      start.setUTCDate(start.getUTCDate() - 1);
      return start.toISOString().slice(0, 10);
    }
  }
}

/** What a planner may change when accepting with changes; each kind takes some of these. */
export const proposalChanges = z.object({
  quantity: quantity.optional(),
  supplierId: id.optional(),
  orderBy: isoDate.optional(),
  neededBy: isoDate.optional(),
  dueDate: isoDate.optional(),
  repId: id.optional(),
  lines: z.array(z.object({ account, month, amount: budgetAmount })).min(1).max(5_000).optional(),
}).strict();
export type ProposalChanges = z.output<typeof proposalChanges>;

const CHANGEABLE: Record<SuggestionKind, readonly (keyof ProposalChanges)[]> = {
  replenishment: ['quantity', 'supplierId', 'orderBy', 'neededBy'],
  production: ['quantity', 'neededBy'],
  re_engagement: ['dueDate', 'repId'],
  budget: ['lines'],
};

export interface FieldChange { before: unknown; after: unknown }

/**
 * The proposal with the planner's changes applied, checked again as a whole, and the changes
 * as {field: {before, after}}; a change to a field the kind does not have, or no change at
 * all, is refused.
 */
export function applyChanges(kind: SuggestionKind, proposal: Record<string, unknown>, changes: ProposalChanges): { after: Record<string, unknown>; diff: Record<string, FieldChange> } {
  const diff: Record<string, FieldChange> = {};
  const after: Record<string, unknown> = { ...proposal };
  for (const [field, value] of Object.entries(changes) as [keyof ProposalChanges, unknown][]) {
    if (value === undefined) continue;
    if (!CHANGEABLE[kind].includes(field)) {
      throw new DomainError('INVALID_INPUT', `a ${kind} suggestion's ${field} cannot be changed (only ${CHANGEABLE[kind].join(', ')})`, `changes.${field}`);
    }
    if (JSON.stringify(proposal[field]) === JSON.stringify(value)) continue;
    diff[field] = { before: proposal[field] ?? null, after: value };
    after[field] = value;
  }
  if (Object.keys(diff).length === 0) throw new DomainError('INVALID_INPUT', 'the changes leave the suggestion as it is; accept it instead', 'changes');
  const parsed = PROPOSAL_SCHEMAS[kind].safeParse(after);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new DomainError('INVALID_INPUT', `after the changes: ${issue.message}`, ['changes', ...issue.path.map(String)].join('.'));
  }
  return { after: parsed.data as Record<string, unknown>, diff };
}
