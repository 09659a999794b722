import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, money, quantity } from '../../kernel/inputs.js';
import { extendedAmount } from '../../finance/money.js';
import * as approvals from '../../approvals/index.js';
import { createPurchaseOrder } from '../purchase-orders.js';
import type { RequisitionStatus } from './tables.js';

export const REQUISITION = 'requisition';

/**
 * The one entry point for every department's purchase needs: who needs what, how many, by when.
 * The estimate is the given unit price or the item's standard cost; the request goes to the
 * approval engine (documentType 'requisition', by amount and the department's code) and is
 * approved at once when no rule applies.
 */
export const createRequisition = defineCommand(
  'scm.createRequisition',
  z.object({
    requesterId: id,
    /** Default: the requester's department. */
    departmentId: id.optional(),
    itemId: id,
    quantity,
    neededBy: isoDate,
    date: isoDate,
    unitEstimate: money.optional(),
    note: z.string().trim().max(500).optional(),
  }),
  async (tx, input) => {
    if (input.neededBy < input.date) throw new DomainError('INVALID_INPUT', 'a requisition cannot be needed before it is made', 'neededBy');
    const { rows } = await sql<{ active: boolean | null; department_id: number | null; department_code: string | null; item_active: boolean | null; standard_cost: number | null; id: number; number: string }>`
      select e.active, d.id as department_id, d.code as department_code, i.active as item_active, i.standard_cost,
             nextval(pg_get_serial_sequence('scm.requisitions', 'id'))::int as id,
             'REQ-' || lpad(nextval('scm.requisition_no')::text, 7, '0') as number
        from (select 1) one
        left join people.employees e on e.id = ${input.requesterId}
        left join people.departments d on d.id = coalesce(${input.departmentId ?? null}::int, e.department_id)
        left join erp.items i on i.id = ${input.itemId}`.execute(tx.db);
    const f = rows[0]!;
    if (f.active === null) throw new DomainError('NOT_FOUND', `employee ${input.requesterId} does not exist`, 'requesterId');
    if (!f.active) throw new DomainError('NOT_ALLOWED', `employee ${input.requesterId} is not active`, 'requesterId');
    if (f.department_id === null) {
      throw new DomainError(input.departmentId === undefined ? 'INVALID_INPUT' : 'NOT_FOUND', input.departmentId === undefined ? 'the requester has no department; name one' : `department ${input.departmentId} does not exist`, 'departmentId');
    }
    if (!f.item_active) throw new DomainError('NOT_FOUND', `item ${input.itemId} is unknown or inactive`, 'itemId');
    const unitEstimate = input.unitEstimate ?? f.standard_cost!;
    const amount = extendedAmount(input.quantity, unitEstimate, 'quantity');
    const approval = await approvals.requestApproval(tx, {
      documentType: REQUISITION, documentId: f.id, amount, department: f.department_code!, date: input.date,
      summary: `${f.number}: ${input.quantity} of item ${input.itemId} for ${f.department_code}, needed by ${input.neededBy}`,
    });
    const status: RequisitionStatus = approval.status === 'approved' ? 'approved' : 'pending';
    tx.emit({ aggregateType: 'requisition', aggregateId: f.id, type: 'requisition.created', payload: { requisitionNo: f.number, requesterId: input.requesterId, departmentId: f.department_id, itemId: input.itemId, quantity: input.quantity, amount, status } });
    await sql`
      with events as (${tx.eventsInsert()})
      insert into scm.requisitions (id, requisition_no, requester_id, department_id, item_id, quantity, unit_estimate, amount, request_date, needed_by, note, status, decided_date, created_by)
      values (${f.id}, ${f.number}, ${input.requesterId}, ${f.department_id}, ${input.itemId}, ${input.quantity}, ${unitEstimate}, ${amount}, ${input.date},
              ${input.neededBy}, ${input.note ?? null}, ${status}, ${status === 'approved' ? input.date : null}, ${tx.actor})`.execute(tx.db);
    return { requisitionId: f.id, requisitionNo: f.number, amount, status, ...(approval.nextRole ? { approvalRequestId: approval.requestId, nextRole: approval.nextRole } : {}) };
  },
);

// The engine's final decision moves a pending requisition to approved or rejected.
approvals.onApprovalDecided(REQUISITION, async (tx, e) => {
  await sql`update scm.requisitions set status = ${e.status}, decided_date = ${e.date} where id = ${e.documentId} and status = 'pending'`.execute(tx.db);
  tx.emit({ aggregateType: 'requisition', aggregateId: e.documentId, type: `requisition.${e.status}`, payload: { requestId: e.requestId } });
});

/** Withdraws a requisition not yet ordered; its pending approval leaves the approvers' lists. */
export const cancelRequisition = defineCommand(
  'scm.cancelRequisition',
  z.object({ requisitionId: id, date: isoDate }),
  async (tx, input) => {
    const { rows } = await sql<{ status: RequisitionStatus; requisition_no: string }>`
      select status, requisition_no from scm.requisitions where id = ${input.requisitionId} for update`.execute(tx.db);
    const r = rows[0];
    if (!r) throw new DomainError('NOT_FOUND', `requisition ${input.requisitionId} does not exist`, 'requisitionId');
    if (r.status === 'ordered' || r.status === 'cancelled') throw new DomainError('NOT_ALLOWED', `requisition ${r.requisition_no} is ${r.status}`, 'requisitionId');
    await approvals.withdrawApproval(tx, REQUISITION, input.requisitionId, input.date);
    tx.emit({ aggregateType: 'requisition', aggregateId: input.requisitionId, type: 'requisition.cancelled', payload: {} });
    await sql`with events as (${tx.eventsInsert()}) update scm.requisitions set status = 'cancelled', decided_date = ${input.date} where id = ${input.requisitionId}`.execute(tx.db);
    return { requisitionId: input.requisitionId, status: 'cancelled' as const };
  },
);

/**
 * A purchase order from one or more approved requisitions: one line per item, ordering the sum of
 * its requisitions, each line keeping the link to them; each line is expected by the earliest
 * needed-by date of its requisitions (never before the order date). Prices: the given ones by
 * item, else the supplier's price list.
 */
export const orderRequisitions = defineCommand(
  'scm.orderRequisitions',
  z.object({
    requisitionIds: z.array(id).min(1).max(200),
    supplierId: id,
    warehouseId: id,
    date: isoDate,
    prices: z.array(z.object({ itemId: id, unitPrice: money })).max(200).optional(),
    department: z.string().trim().min(1).max(60).optional(),
  }),
  async (tx, input) => {
    const ids = [...new Set(input.requisitionIds)];
    const reqs = await tx.db.selectFrom('scm.requisitions').select(['id', 'requisition_no', 'item_id', 'quantity', 'needed_by', 'status'])
      .where('id', 'in', ids).orderBy('id').forUpdate().execute();
    for (const id of ids) {
      const r = reqs.find((x) => x.id === id);
      if (!r) throw new DomainError('NOT_FOUND', `requisition ${id} does not exist`, 'requisitionIds');
      if (r.status !== 'approved') throw new DomainError(r.status === 'pending' ? 'APPROVAL_PENDING' : 'NOT_ALLOWED', `requisition ${r.requisition_no} is ${r.status}, not approved`, 'requisitionIds');
    }
    const byItem = new Map<number, { quantity: number; neededBy: string; ids: number[] }>();
    for (const r of reqs) {
      const g = byItem.get(r.item_id) ?? { quantity: 0, neededBy: r.needed_by, ids: [] };
      g.quantity += r.quantity;
      if (r.needed_by < g.neededBy) g.neededBy = r.needed_by;
      g.ids.push(r.id);
      byItem.set(r.item_id, g);
    }
    const lines = [...byItem].map(([itemId, g]) => {
      const price = input.prices?.find((p) => p.itemId === itemId)?.unitPrice;
      return { itemId, quantity: g.quantity, requisitionIds: g.ids, expectedDate: g.neededBy < input.date ? input.date : g.neededBy, ...(price === undefined ? {} : { unitPrice: price }) };
    });
    const expectedDate = lines.reduce((m, l) => (l.expectedDate > m ? l.expectedDate : m), input.date);
    return createPurchaseOrder(tx.context, { supplierId: input.supplierId, warehouseId: input.warehouseId, date: input.date, expectedDate, lines, ...(input.department ? { department: input.department } : {}) });
  },
);

export interface RequisitionProgress {
  requisitionId: number;
  requisitionNo: string;
  department: string;
  itemId: number;
  sku: string;
  quantity: number;
  amount: number;
  requestDate: string;
  neededBy: string;
  status: RequisitionStatus;
  /** The approval step waiting, while pending ("step 1 of 2: manager"). */
  approvalStep: string | null;
  poNo: string | null;
  /** On the ordering line: what was received and kept, and what the supplier has shipped. */
  receivedQty: number;
  /** One word for the requester: awaiting approval, approved, rejected, ordered, partly received, received, cancelled. */
  progress: string;
}

/** A requester's requisitions, newest first, with where each one is. */
export async function requisitionsOf(db: Kysely<DB>, filter: { requesterId?: number; departmentCode?: string; status?: RequisitionStatus } = {}): Promise<RequisitionProgress[]> {
  const { rows } = await sql<RequisitionProgress>`
    select r.id as "requisitionId", r.requisition_no as "requisitionNo", d.code as department, r.item_id as "itemId", i.sku,
           r.quantity, r.amount, r.request_date as "requestDate", r.needed_by as "neededBy", r.status,
           (select 'step ' || (q.current_step + 1) || ' of ' || cardinality(q.steps) || ': ' || q.steps[q.current_step + 1]
              from approvals.requests q where q.document_type = 'requisition' and q.document_id = r.id and q.status = 'pending') as "approvalStep",
           p.po_no as "poNo",
           -- the line may order several requisitions: each is received in the order they were made
           coalesce(least(r.quantity, greatest(0, (l.received_qty - l.returned_qty)
             - coalesce((select sum(o.quantity) from scm.requisitions o where o.po_line_id = r.po_line_id and o.id < r.id), 0))), 0)::bigint as "receivedQty",
           case r.status when 'pending' then 'awaiting approval' when 'ordered' then
                  case when l.received_qty - l.returned_qty <= 0 then 'ordered'
                       when l.received_qty - l.returned_qty >= l.quantity then 'received' else 'partly received' end
                else r.status end as progress
      from scm.requisitions r
      join people.departments d on d.id = r.department_id
      join erp.items i on i.id = r.item_id
      left join scm.purchase_order_lines l on l.id = r.po_line_id
      left join scm.purchase_orders p on p.id = l.po_id
     where true
       ${filter.requesterId !== undefined ? sql`and r.requester_id = ${filter.requesterId}` : sql``}
       ${filter.departmentCode !== undefined ? sql`and d.code = ${filter.departmentCode}` : sql``}
       ${filter.status !== undefined ? sql`and r.status = ${filter.status}` : sql``}
     order by r.request_date desc, r.id desc`.execute(db);
  return rows;
}

export interface RequisitionAggregate {
  itemId: number;
  sku: string;
  department: string;
  requisitions: number;
  quantity: number;
  amount: number;
  pendingQty: number;
  approvedQty: number;
  orderedQty: number;
}

/** Requisitions (not rejected or cancelled) summed by item and department, optionally of one department. */
export async function requisitionsByItemAndDepartment(db: Kysely<DB>, filter: { departmentCode?: string } = {}): Promise<RequisitionAggregate[]> {
  const { rows } = await sql<RequisitionAggregate>`
    select r.item_id as "itemId", i.sku, d.code as department, count(*)::int as requisitions, sum(r.quantity)::bigint as quantity,
           sum(r.amount)::bigint as amount,
           coalesce(sum(r.quantity) filter (where r.status = 'pending'), 0)::bigint as "pendingQty",
           coalesce(sum(r.quantity) filter (where r.status = 'approved'), 0)::bigint as "approvedQty",
           coalesce(sum(r.quantity) filter (where r.status = 'ordered'), 0)::bigint as "orderedQty"
      from scm.requisitions r join people.departments d on d.id = r.department_id join erp.items i on i.id = r.item_id
     where r.status not in ('rejected', 'cancelled')
       ${filter.departmentCode !== undefined ? sql`and d.code = ${filter.departmentCode}` : sql``}
     group by r.item_id, i.sku, d.code
     order by i.sku, d.code`.execute(db);
  return rows;
}
