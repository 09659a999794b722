import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, quantity } from '../../kernel/inputs.js';
import * as erp from '../../erp/index.js';
import * as core from '../../core/index.js';
import * as approvals from '../../approvals/index.js';
import { convert } from '../../core/currency.js';
import { mulDivRound } from '../../finance/money.js';

/** The approval engine's document type for returns; its amount is the goods' net value, functional. */
export const RETURN_DOCUMENT_TYPE = 'return';

const reasonText = z.string().trim().min(1).max(500);

/**
 * Requests a return (RMA) of delivered and invoiced goods. Each line names a delivery line, a
 * quantity and a reason; the quantity can never exceed what was delivered (and invoiced) and is
 * not yet under return — the database holds a counter per delivery line and per invoice line
 * that concurrent requests queue on. The request goes to the approval engine ('return', the
 * goods' net value at invoice prices); with no rule for that value it is approved at once.
 */
export const requestReturn = defineCommand(
  'crm.requestReturn',
  z.object({
    deliveryId: id,
    date: isoDate,
    reason: reasonText.optional(),
    department: z.string().trim().min(1).max(60).optional(),
    lines: z.array(z.object({ deliveryLineId: id, quantity, reason: reasonText })).min(1).max(200),
  }),
  async (tx, input) => {
    const delivery = await erp.returnableDelivery(tx.db, input.deliveryId);
    if (!delivery) throw new DomainError('NOT_FOUND', `delivery ${input.deliveryId} does not exist`, 'deliveryId');
    if (input.date < delivery.deliveryDate) throw new DomainError('INVALID_INPUT', `a return cannot precede its delivery of ${delivery.deliveryDate}`, 'date');
    if (new Set(input.lines.map((l) => l.deliveryLineId)).size !== input.lines.length) throw new DomainError('INVALID_INPUT', 'each delivery line may appear once', 'lines');

    const invoiceLineIds = delivery.lines.flatMap((l) => l.invoiceLines.map((il) => il.invoiceLineId));
    const { rows } = await sql<{ id: number; number: string; counters: Record<string, number> }>`
      select nextval(pg_get_serial_sequence('crm.returns', 'id'))::int as id,
             'RMA-' || lpad(nextval('crm.return_no')::text, 7, '0') as number,
             coalesce((select jsonb_object_agg(q.line_kind || ':' || q.line_id, q.returned_qty) from crm.returnable_quantities q
                        where (q.line_kind = 'delivery' and q.line_id = any(${delivery.lines.map((l) => l.deliveryLineId)}::int[]))
                           or (q.line_kind = 'invoice' and q.line_id = any(${invoiceLineIds}::int[]))), '{}') as counters`.execute(tx.db);
    const reserved = rows[0]!;
    const underReturn = (kind: 'delivery' | 'invoice', lineId: number) => reserved.counters[`${kind}:${lineId}`] ?? 0;

    const lines = input.lines.map((l, i) => {
      const dl = delivery.lines.find((d) => d.deliveryLineId === l.deliveryLineId);
      if (!dl) throw new DomainError('NOT_FOUND', `line ${l.deliveryLineId} is not on delivery ${delivery.deliveryNo}`, `lines.${i}.deliveryLineId`);
      const open = dl.quantity - underReturn('delivery', dl.deliveryLineId);
      if (l.quantity > open) {
        throw new DomainError('EXCEEDS_OPEN_QUANTITY', `delivery line ${dl.deliveryLineId}: ${l.quantity} exceeds the ${open} delivered and not yet returned`, `lines.${i}.quantity`);
      }
      if (dl.invoiceLines.length === 0) throw new DomainError('NOT_INVOICED', `delivery line ${dl.deliveryLineId} is not invoiced yet; return it once it is`, `lines.${i}.deliveryLineId`);
      // The goods are credited on the invoice line that billed them; one with room for all of them.
      const il = dl.invoiceLines.find((x) => x.quantity - underReturn('invoice', x.invoiceLineId) >= l.quantity);
      if (!il) {
        throw new DomainError('EXCEEDS_OPEN_QUANTITY', `delivery line ${dl.deliveryLineId}: no single invoice line has ${l.quantity} units left to credit; split the line`, `lines.${i}.quantity`);
      }
      return { line_no: i + 1, delivery_line_id: dl.deliveryLineId, invoice_line_id: il.invoiceLineId, item_id: dl.itemId, quantity: l.quantity, reason: l.reason, il };
    });

    const conversion = await core.conversionOn(tx.db, delivery.currency, input.date);
    const value = lines.reduce((s, l) => s + convert({ ...conversion, rate: l.il.rate }, mulDivRound(l.il.netAmount, l.quantity, l.il.quantity)), 0);
    const returnId = reserved.id;
    const reason = input.reason ?? [...new Set(lines.map((l) => l.reason))].join('; ').slice(0, 500);
    const approval = await approvals.requestApproval(tx, {
      documentType: RETURN_DOCUMENT_TYPE,
      documentId: returnId,
      amount: value,
      department: input.department,
      summary: `${reserved.number}: ${lines.reduce((s, l) => s + l.quantity, 0)} units from ${delivery.deliveryNo} — ${reason}`.slice(0, 500),
      date: input.date,
    });
    const status = approval.status === 'approved' ? 'approved' : 'requested';
    const counters = [
      ...lines.map((l) => ({ k: 'delivery', i: l.delivery_line_id, lim: delivery.lines.find((d) => d.deliveryLineId === l.delivery_line_id)!.quantity, q: l.quantity })),
      ...lines.map((l) => ({ k: 'invoice', i: l.invoice_line_id, lim: l.il.quantity, q: l.quantity })),
    ];
    tx.emit({
      aggregateType: 'customer_return',
      aggregateId: returnId,
      type: 'return.requested',
      payload: { returnNo: reserved.number, customerId: delivery.customerId, deliveryId: delivery.deliveryId, valueFunctional: value, approvalRequestId: approval.requestId, status },
    });
    await sql`
      with r as (
        insert into crm.returns (id, return_no, customer_id, delivery_id, request_date, reason, currency, value_functional, approval_request_id, status, created_by)
        values (${returnId}, ${reserved.number}, ${delivery.customerId}, ${delivery.deliveryId}, ${input.date}, ${reason}, ${delivery.currency}, ${value},
                ${approval.requestId}, ${status}, ${tx.actor})
        returning id
      ), l as (
        insert into crm.return_lines (return_id, line_no, delivery_line_id, invoice_line_id, item_id, quantity, reason)
        select r.id, x.line_no, x.delivery_line_id, x.invoice_line_id, x.item_id, x.quantity, x.reason
          from r, jsonb_to_recordset(${JSON.stringify(lines.map(({ il: _, ...l }) => l))}::jsonb)
            as x(line_no int, delivery_line_id int, invoice_line_id int, item_id int, quantity bigint, reason text)
      ), events as (${tx.eventsInsert()})
      insert into crm.returnable_quantities as q (line_kind, line_id, limit_qty, returned_qty)
      select c.k, c.i, c.lim, sum(c.q) from jsonb_to_recordset(${JSON.stringify(counters)}::jsonb) as c(k text, i int, lim bigint, q bigint)
       group by c.k, c.i, c.lim order by c.k, c.i
      on conflict (line_kind, line_id) do update set returned_qty = q.returned_qty + excluded.returned_qty`.execute(tx.db);
    return {
      returnId,
      returnNo: reserved.number,
      status: status as 'approved' | 'requested',
      valueFunctional: value,
      approvalRequestId: approval.requestId,
      ...(approval.nextRole ? { nextRole: approval.nextRole } : {}),
    };
  },
);

/** Gives a return's quantities back to its delivery and invoice lines (rejected or cancelled). */
async function closeUnreceived(tx: Tx, returnId: number, status: 'rejected' | 'cancelled', date: string, note: string | null): Promise<boolean> {
  const { rows } = await sql<{ id: number; return_no: string }>`
    with r as (
      update crm.returns set status = ${status}, closed_date = ${date}
       where id = ${returnId} and status in ('requested', 'approved')
      returning id, return_no
    ), released as (
      select k, i, sum(q) as q from (
        select 'delivery' as k, l.delivery_line_id as i, l.quantity as q from crm.return_lines l where l.return_id in (select id from r)
        union all
        select 'invoice', l.invoice_line_id, l.quantity from crm.return_lines l where l.return_id in (select id from r)
      ) x group by k, i
    ), u as (
      update crm.returnable_quantities q set returned_qty = q.returned_qty - released.q
        from released where q.line_kind = released.k and q.line_id = released.i
    )
    select id, return_no from r`.execute(tx.db);
  const row = rows[0];
  if (!row) return false;
  tx.emit({ aggregateType: 'customer_return', aggregateId: returnId, type: `return.${status}`, payload: { returnNo: row.return_no, note } });
  return true;
}

// The approval engine tells returns their outcome inside the deciding transaction.
approvals.onApprovalDecided(RETURN_DOCUMENT_TYPE, async (tx, e) => {
  if (e.status === 'rejected') {
    await closeUnreceived(tx, e.documentId, 'rejected', e.date, `approval request ${e.requestId} rejected`);
    return;
  }
  const result = await sql`update crm.returns set status = 'approved' where id = ${e.documentId} and status = 'requested'`.execute(tx.db);
  if (Number(result.numAffectedRows ?? 0) > 0) {
    tx.emit({ aggregateType: 'customer_return', aggregateId: e.documentId, type: 'return.approved', payload: { approvalRequestId: e.requestId } });
  }
});

/** Cancels a return that has not been received; its quantities become returnable again. */
export const cancelReturn = defineCommand(
  'crm.cancelReturn',
  z.object({ returnId: id, date: isoDate, reason: reasonText }),
  async (tx, input) => {
    const current = await tx.db.selectFrom('crm.returns').select(['status', 'request_date']).where('id', '=', input.returnId).forUpdate().executeTakeFirst();
    if (!current) throw new DomainError('NOT_FOUND', `return ${input.returnId} does not exist`, 'returnId');
    if (input.date < current.request_date) throw new DomainError('INVALID_INPUT', `a cancellation cannot precede the request of ${current.request_date}`, 'date');
    if (!(await closeUnreceived(tx, input.returnId, 'cancelled', input.date, input.reason))) {
      throw new DomainError('CONFLICT', `return ${input.returnId} is ${current.status} and can no longer be cancelled`, 'returnId');
    }
    // Nobody needs to decide on a cancelled return any more.
    if (current.status === 'requested') await approvals.withdrawApproval(tx, RETURN_DOCUMENT_TYPE, input.returnId, input.date);
    return { returnId: input.returnId, status: 'cancelled' as const };
  },
);

interface LockedReturn {
  id: number;
  return_no: string;
  status: string;
  request_date: string;
  lines: { id: number; delivery_line_id: number; invoice_line_id: number; quantity: number; returned_before: number; credited_before: number }[];
}

/**
 * Receives an approved return: each line is inspected and its units restocked (back into the
 * delivery's warehouse at the cost they left at) or scrapped (written off); by default all are
 * restocked. The invoice is then credited for the goods, and what the customer had already paid
 * is refunded — all through ERP's postings, in this one transaction.
 */
export const receiveReturn = defineCommand(
  'crm.receiveReturn',
  z.object({
    returnId: id,
    date: isoDate,
    lines: z.array(z.object({ returnLineId: id, restock: z.number().int().nonnegative(), scrap: z.number().int().nonnegative(), note: z.string().max(500).optional() })).max(200).optional(),
  }),
  async (tx, input) => {
    // The return and the counters of its lines are locked first, so returns of the same lines
    // are received one at a time and each sees what the others took back and credited.
    const { rows: locked } = await sql<{ status: string }>`
      with r as (select id, status from crm.returns where id = ${input.returnId} for update),
      c as (
        select 1 from crm.returnable_quantities q join crm.return_lines l
          on (q.line_kind = 'delivery' and q.line_id = l.delivery_line_id) or (q.line_kind = 'invoice' and q.line_id = l.invoice_line_id)
         where l.return_id = ${input.returnId}
         order by q.line_kind, q.line_id
           for update of q
      )
      select status from r where (select count(*) from c) >= 0`.execute(tx.db);
    if (!locked[0]) throw new DomainError('NOT_FOUND', `return ${input.returnId} does not exist`, 'returnId');
    const { rows } = await sql<LockedReturn>`
      select r.id, r.return_no, r.status, r.request_date,
             (select jsonb_agg(jsonb_build_object(
                       'id', l.id, 'delivery_line_id', l.delivery_line_id, 'invoice_line_id', l.invoice_line_id, 'quantity', l.quantity,
                       'returned_before', (select coalesce(sum(o.quantity), 0) from crm.return_lines o join crm.return_inspections n on n.return_line_id = o.id
                                            where o.delivery_line_id = l.delivery_line_id),
                       'credited_before', (select coalesce(sum(o.quantity), 0) from crm.return_lines o join crm.return_inspections n on n.return_line_id = o.id
                                            where o.invoice_line_id = l.invoice_line_id)) order by l.line_no)
                from crm.return_lines l where l.return_id = r.id) as lines
        from crm.returns r where r.id = ${input.returnId}`.execute(tx.db);
    const ret = rows[0]!;
    if (ret.status !== 'requested' && ret.status !== 'approved') throw new DomainError('CONFLICT', `return ${ret.return_no} is ${ret.status}`, 'returnId');
    await approvals.assertApproved(tx, RETURN_DOCUMENT_TYPE, ret.id, 'returnId');
    if (input.date < ret.request_date) throw new DomainError('INVALID_INPUT', `goods cannot be received before the request of ${ret.request_date}`, 'date');

    const given = new Map((input.lines ?? []).map((l, i) => [l.returnLineId, { ...l, i }]));
    if (given.size !== (input.lines ?? []).length) throw new DomainError('INVALID_INPUT', 'each return line may appear once', 'lines');
    for (const [lineId, g] of given) {
      if (!ret.lines.some((l) => l.id === lineId)) throw new DomainError('NOT_FOUND', `line ${lineId} is not on return ${ret.return_no}`, `lines.${g.i}.returnLineId`);
    }
    const inspected = ret.lines.map((l) => {
      const g = given.get(l.id);
      if (input.lines && !g) throw new DomainError('INVALID_INPUT', `return line ${l.id} needs its inspection result`, 'lines');
      const restock = g ? g.restock : l.quantity;
      const scrap = g ? g.scrap : 0;
      if (restock + scrap !== l.quantity) {
        throw new DomainError('INVALID_INPUT', `return line ${l.id}: ${restock} restocked and ${scrap} scrapped must add up to the ${l.quantity} returned`, `lines.${g?.i ?? 0}`);
      }
      return { ...l, restock, scrap, note: g?.note ?? null };
    });

    const source = { sourceType: 'customer_return', sourceId: ret.id, reference: ret.return_no, date: input.date };
    const goods = await erp.receiveReturnedGoods(tx.context, {
      ...source,
      lines: inspected.map((l) => ({ deliveryLineId: l.delivery_line_id, restock: l.restock, scrap: l.scrap, returnedBefore: l.returned_before })),
    });
    const credit = await erp.creditReturnedGoods(tx.context, {
      ...source,
      reason: 'returned goods',
      lines: inspected.map((l) => ({ invoiceLineId: l.invoice_line_id, quantity: l.quantity, creditedBefore: l.credited_before })),
    });
    const results = inspected.map((l, i) => ({
      return_line_id: l.id, restock_qty: l.restock, scrap_qty: l.scrap, restock_cost: goods.lines[i]!.restockCost, scrap_cost: goods.lines[i]!.scrapCost,
      net_amount: credit.lines[i]!.net, tax_amount: credit.lines[i]!.tax, note: l.note,
    }));
    tx.emit({
      aggregateType: 'customer_return',
      aggregateId: ret.id,
      type: 'return.completed',
      payload: { returnNo: ret.return_no, restockedCost: goods.restockedCost, scrappedCost: goods.scrappedCost, credited: credit.credited, refunded: credit.refunded },
    });
    await sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(results)}::jsonb) as x(return_line_id int, restock_qty bigint, scrap_qty bigint,
          restock_cost bigint, scrap_cost bigint, net_amount bigint, tax_amount bigint, note text)
      ), i as (
        insert into crm.return_inspections (return_line_id, restock_qty, scrap_qty, restock_cost, scrap_cost, net_amount, tax_amount, note, inspected_date, created_by)
        select x.return_line_id, x.restock_qty, x.scrap_qty, x.restock_cost, x.scrap_cost, x.net_amount, x.tax_amount, x.note, ${input.date}, ${tx.actor} from x
      ), events as (${tx.eventsInsert()})
      update crm.returns
         set status = 'completed', received_date = ${input.date}, closed_date = ${input.date}, restocked_cost = ${goods.restockedCost},
             scrapped_cost = ${goods.scrappedCost}, credited_amount = ${credit.credited}, refunded_amount = ${credit.refunded}
       where id = ${ret.id}`.execute(tx.db);
    return {
      returnId: ret.id,
      returnNo: ret.return_no,
      status: 'completed' as const,
      restockedCost: goods.restockedCost,
      scrappedCost: goods.scrappedCost,
      credited: credit.credited,
      refunded: credit.refunded,
      creditNoteIds: credit.credits.flatMap((c) => (c.creditNoteId ? [c.creditNoteId] : [])),
      refundIds: credit.credits.flatMap((c) => (c.refundId ? [c.refundId] : [])),
    };
  },
);
