import type { Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import * as crm from '../crm/index.js';
import * as erp from '../erp/index.js';
import * as people from '../people/index.js';
import * as scm from '../scm/index.js';
import type { BudgetProposal, ProductionProposal, ReEngagementProposal, ReplenishmentProposal } from './kinds.js';
import type { SuggestionKind } from './tables.js';

/** The real document an accepted suggestion became, in its owning area. */
export interface CreatedDocument {
  type: 'requisition' | 'purchase_order' | 'production_order' | 'follow_up' | 'budget_version';
  id: number;
  /** Its number where it has one (REQ-…, PO-…, MO-…, 'Budget 2025 v3'); null for a follow-up. */
  number: string | null;
}

export interface DocumentOptions {
  /** The business date of the decision, the document's date. */
  date: string;
  /** Replenishment: the employee the requisition is raised for (the planner). */
  requesterId?: number | undefined;
  /** Replenishment: raise a purchase order to the supplier at once instead of a requisition. */
  replenishAs?: 'requisition' | 'purchase_order' | undefined;
}

/**
 * Creates the document through the owning area's public command, inside the decision's
 * transaction: a refusal there (an inactive item, a rep who no longer owns the account, a
 * closed budget) undoes the decision too.
 */
export async function createDocument(tx: Tx, suggestionId: number, kind: SuggestionKind, proposal: Record<string, unknown>, options: DocumentOptions): Promise<CreatedDocument> {
  const ctx = tx.context;
  const origin = `planning suggestion ${suggestionId}`;
  switch (kind) {
    case 'replenishment': {
      const p = proposal as ReplenishmentProposal;
      if ((options.replenishAs ?? 'requisition') === 'purchase_order') {
        if (p.supplierId === null) throw new DomainError('INVALID_INPUT', 'the suggestion names no supplier: choose one (changes.supplierId) or raise a requisition', 'changes.supplierId');
        const po = await scm.createPurchaseOrder(ctx, {
          supplierId: p.supplierId, warehouseId: p.warehouseId, date: options.date, expectedDate: notBefore(p.neededBy, options.date),
          lines: [{ itemId: p.itemId, quantity: p.quantity, ...(p.unitPrice === undefined ? {} : { unitPrice: p.unitPrice }) }],
        });
        return { type: 'purchase_order', id: po.purchaseOrderId, number: po.poNo };
      }
      if (options.requesterId === undefined) {
        throw new DomainError('INVALID_INPUT', 'a replenishment suggestion becomes a purchase requisition: name its requester (the planner\'s employee id)', 'requesterId');
      }
      const supplier = p.supplierId === null ? 'no preferred supplier' : `preferred supplier ${p.supplierId}`;
      const r = await scm.createRequisition(ctx, {
        requesterId: options.requesterId, itemId: p.itemId, quantity: p.quantity, neededBy: notBefore(p.neededBy, options.date), date: options.date,
        ...(p.unitPrice === undefined ? {} : { unitEstimate: p.unitPrice }),
        note: `From ${origin}: for warehouse ${p.warehouseId}, ${supplier}, order by ${p.orderBy}`,
      });
      return { type: 'requisition', id: r.requisitionId, number: r.requisitionNo };
    }
    case 'production': {
      const p = proposal as ProductionProposal;
      const o = await erp.createProductionOrder(ctx, { itemId: p.itemId, quantity: p.quantity, warehouseId: p.warehouseId, date: options.date, dueDate: notBefore(p.neededBy, options.date) });
      return { type: 'production_order', id: o.orderId, number: o.orderNo };
    }
    case 're_engagement': {
      const p = proposal as ReEngagementProposal;
      const f = await crm.scheduleFollowUp(ctx, { repId: p.repId, customerId: p.customerId, dueDate: notBefore(p.dueDate, options.date), note: `Re-engage (${origin}): ${p.reason}`.slice(0, 500) });
      return { type: 'follow_up', id: f.followUpId, number: null };
    }
    case 'budget':
      return budgetDocument(tx, suggestionId, proposal as BudgetProposal);
  }
}

/**
 * A budget suggestion's lines go into the year's draft version when there is one (the lines for
 * the same account, cost centre and month take the suggested amount); otherwise into a new draft
 * that starts from the approved version's lines, so approving it later keeps the rest of the year.
 * Finance approves the draft as usual.
 */
async function budgetDocument(tx: Tx, suggestionId: number, p: BudgetProposal): Promise<CreatedDocument> {
  const year = Number(p.quarter.slice(0, 4));
  const lines = p.lines.map((l) => ({ account: l.account, costCenter: p.costCenter, period: l.month, amount: l.amount }));
  const versions = await people.budgetVersions(tx.db, year);
  const draft = versions.filter((v) => v.status === 'draft').at(-1);
  if (draft) {
    await people.setBudgetLines(tx.context, { versionId: draft.versionId, lines });
    return { type: 'budget_version', id: draft.versionId, number: `Budget ${year} v${draft.version}` };
  }
  const approved = versions.find((v) => v.status === 'approved');
  const key = (l: { account: string; costCenter: string | null | undefined; period: string }) => `${l.account}|${l.costCenter ?? ''}|${l.period}`;
  const suggested = new Set(lines.map(key));
  const base = approved ? (await people.budgetLines(tx.db, approved.versionId)).filter((l) => !suggested.has(key(l))) : [];
  const created = await people.createBudgetVersion(tx.context, { fiscalYear: year, name: `Budget ${year} with ${p.quarter} from planning suggestion ${suggestionId}`, lines: [...base, ...lines] });
  return { type: 'budget_version', id: created.versionId, number: `Budget ${year} v${created.version}` };
}

/** A date already past when the planner decides (a late suggestion) becomes the decision day: as soon as possible. */
const notBefore = (date: string, decided: string) => (date < decided ? decided : date);
