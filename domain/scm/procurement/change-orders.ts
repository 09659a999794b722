import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, money, quantity } from '../../kernel/inputs.js';
import { extendedAmount, MAX_AMOUNT } from '../../finance/money.js';
import { conversionOn, convert } from '../../core/currency.js';
import * as approvals from '../../approvals/index.js';

export const PURCHASE_ORDER = 'purchase_order';

// The engine's final decision on an order (new, or changed to a higher amount): an approved order
// may be received and billed; a rejected new order is cancelled, a rejected change keeps the order
// blocked until it is changed back below the rule or cancelled.
approvals.onApprovalDecided(PURCHASE_ORDER, async (tx, e) => {
  await sql`update scm.purchase_orders set approval_status = ${e.status} where id = ${e.documentId} and approval_status = 'pending'`.execute(tx.db);
  tx.emit({ aggregateType: 'purchase_order', aggregateId: e.documentId, type: `purchase_order.${e.status}`, payload: { requestId: e.requestId } });
});

/**
 * A change order: new quantities, prices or expected dates of open lines, recorded as the order's
 * next version with its reason and what changed. A quantity cannot go below what was received
 * (and kept). When the order's amount rises, it goes back to the approval engine: if a rule
 * applies to the new amount, the order waits for approval again (neither receivable nor billable
 * meanwhile).
 */
export const changePurchaseOrder = defineCommand(
  'scm.changePurchaseOrder',
  z.object({
    purchaseOrderId: id,
    date: isoDate,
    reason: z.string().trim().min(1).max(500),
    department: z.string().trim().min(1).max(60).optional(),
    lines: z.array(z.object({ lineId: id, quantity: quantity.optional(), unitPrice: money.optional(), expectedDate: isoDate.optional() })).min(1).max(200),
  }),
  async (tx, input) => {
    const { rows: pos } = await sql<{ id: number; po_no: string; status: string; order_date: string; currency: string; net_amount: number; version: number; approval_status: string }>`
      select id, po_no, status, order_date, currency, net_amount, version, approval_status from scm.purchase_orders where id = ${input.purchaseOrderId} for update`.execute(tx.db);
    const po = pos[0];
    if (!po) throw new DomainError('NOT_FOUND', `purchase order ${input.purchaseOrderId} does not exist`, 'purchaseOrderId');
    if (po.status !== 'open') throw new DomainError('NOT_ALLOWED', `purchase order ${po.po_no} is ${po.status}`, 'purchaseOrderId');
    if (input.date < po.order_date) throw new DomainError('INVALID_INPUT', `a change cannot precede the order date ${po.order_date}`, 'date');
    const { rows: lines } = await sql<{ id: number; line_no: number; quantity: number; unit_price: number; expected_date: string | null; received_qty: number; returned_qty: number; billed_qty: number }>`
      select id, line_no, quantity, unit_price, expected_date, received_qty, returned_qty, billed_qty from scm.purchase_order_lines where po_id = ${po.id} order by line_no`.execute(tx.db);
    const changes = input.lines.map((c, i) => {
      const line = lines.find((l) => l.id === c.lineId);
      if (!line) throw new DomainError('NOT_FOUND', `line ${c.lineId} is not on ${po.po_no}`, `lines.${i}.lineId`);
      const kept = line.received_qty - line.returned_qty;
      if (c.quantity !== undefined && c.quantity < kept) {
        throw new DomainError('NOT_ALLOWED', `line ${line.line_no}: ${kept} already received; the quantity cannot go below it`, `lines.${i}.quantity`);
      }
      if (c.unitPrice !== undefined && c.unitPrice !== line.unit_price && line.billed_qty > 0) {
        throw new DomainError('NOT_ALLOWED', `line ${line.line_no} is already billed; its price cannot change`, `lines.${i}.unitPrice`);
      }
      if (c.expectedDate !== undefined && c.expectedDate < po.order_date) throw new DomainError('INVALID_INPUT', 'a line\'s expected date cannot precede the order date', `lines.${i}.expectedDate`);
      const after = { quantity: c.quantity ?? line.quantity, unitPrice: c.unitPrice ?? line.unit_price, expectedDate: c.expectedDate ?? line.expected_date };
      return { line, after, field: `lines.${i}` };
    });
    const changed = new Map(changes.map((c) => [c.line.id, c]));
    const net = lines.reduce((s, l) => {
      const c = changed.get(l.id);
      return s + (c ? extendedAmount(c.after.quantity, c.after.unitPrice, `${c.field}.quantity`) : extendedAmount(l.quantity, l.unit_price, 'lines'));
    }, 0);
    if (net > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the order total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');
    const version = po.version + 1;
    let approvalStatus = po.approval_status;
    let approvalRequestId: number | null = null;
    if (net > po.net_amount) {
      const approval = await approvals.requestApproval(tx, {
        documentType: PURCHASE_ORDER, documentId: po.id, amount: convert(await conversionOn(tx.db, po.currency, input.date), net), department: input.department,
        summary: `${po.po_no} version ${version}: ${input.reason}`, date: input.date,
      });
      if (approval.status === 'pending') {
        approvalStatus = 'pending';
        approvalRequestId = approval.requestId;
      } else if (po.approval_status !== 'not_required') approvalStatus = 'approved';
    }
    const diff = changes.map((c) => ({
      lineId: c.line.id, lineNo: c.line.line_no,
      before: { quantity: c.line.quantity, unitPrice: c.line.unit_price, expectedDate: c.line.expected_date },
      after: c.after,
    }));
    tx.emit({ aggregateType: 'purchase_order', aggregateId: po.id, type: 'purchase_order.changed', payload: { poNo: po.po_no, version, netBefore: po.net_amount, netAfter: net, approvalStatus, reason: input.reason } });
    await sql`
      with x as (select * from jsonb_to_recordset(${JSON.stringify(changes.map((c) => ({ id: c.line.id, q: c.after.quantity, p: c.after.unitPrice, d: c.after.expectedDate })))}::jsonb) as x(id int, q bigint, p bigint, d date)),
      v as (
        insert into scm.purchase_order_versions (po_id, version, change_date, reason, net_before, net_after, changes, approval_request_id, created_by)
        values (${po.id}, ${version}, ${input.date}, ${input.reason}, ${po.net_amount}, ${net}, ${JSON.stringify(diff)}::jsonb, ${approvalRequestId}, ${tx.actor})
      ), l as (
        update scm.purchase_order_lines l set quantity = x.q, unit_price = x.p, expected_date = x.d
          from x where l.id = x.id and l.id = any(${changes.map((c) => c.line.id)}::int[])
      ), events as (${tx.eventsInsert()})
      update scm.purchase_orders set net_amount = ${net}, version = ${version}, approval_status = ${approvalStatus} where id = ${po.id}`.execute(tx.db);
    return { purchaseOrderId: po.id, version, netBefore: po.net_amount, net, approvalStatus, ...(approvalRequestId ? { approvalRequestId } : {}) };
  },
);

export interface PurchaseOrderVersion {
  version: number;
  date: string;
  reason: string;
  netBefore: number;
  netAfter: number;
  changes: { lineId: number; lineNo: number; before: Record<string, unknown>; after: Record<string, unknown> }[];
  approvalRequestId: number | null;
  by: string;
}

/** The change history of an order, oldest first (version 1 is the order as created). */
export async function purchaseOrderVersions(db: Kysely<DB>, purchaseOrderId: number): Promise<PurchaseOrderVersion[]> {
  const { rows } = await sql<PurchaseOrderVersion>`
    select version, change_date as date, reason, net_before as "netBefore", net_after as "netAfter", changes,
           approval_request_id as "approvalRequestId", created_by as by
      from scm.purchase_order_versions where po_id = ${purchaseOrderId} order by version`.execute(db);
  return rows;
}
