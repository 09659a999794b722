import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, quantity } from '../../kernel/inputs.js';
import { receivePurchaseOrder } from '../receipts.js';
import { inspectionLine, recordInspection, type InspectionResult } from './inspections.js';
import { receivableQuantity } from './settings.js';

export interface UnshippedLine {
  lineId: number;
  lineNo: number;
  itemId: number;
  ordered: number;
  received: number;
  inTransit: number;
  /** Ordered, less received and kept, less already on its way under an open ASN. */
  unshipped: number;
  expectedDate: string | null;
}

/** What of an order is still unshipped, per line: the pre-filled content of a new ASN. */
export async function unshippedLines(db: Kysely<DB>, purchaseOrderId: number): Promise<UnshippedLine[]> {
  const { rows } = await sql<UnshippedLine>`
    select l.id as "lineId", l.line_no as "lineNo", l.item_id as "itemId", l.quantity as ordered, l.received_qty - l.returned_qty as received,
           l.in_transit_qty as "inTransit", greatest(0, l.quantity - l.received_qty - l.in_transit_qty)::bigint as unshipped,
           coalesce(l.expected_date, p.expected_date) as "expectedDate"
      from scm.purchase_order_lines l join scm.purchase_orders p on p.id = l.po_id
     where l.po_id = ${purchaseOrderId} order by l.line_no`.execute(db);
  return rows;
}

/**
 * An advance shipping notice: the supplier ships against open lines of an order (by default
 * everything still unshipped). The buyer learns of it through the `asn.created` event. The
 * shipment may exceed the order only within the receipt tolerance.
 */
export const createAsn = defineCommand(
  'scm.createAsn',
  z.object({
    purchaseOrderId: id,
    shipDate: isoDate,
    expectedDate: isoDate,
    supplierRef: z.string().trim().min(1).max(60).optional(),
    lines: z.array(z.object({ lineId: id, quantity })).min(1).max(200).optional(),
  }),
  async (tx, input) => {
    if (input.expectedDate < input.shipDate) throw new DomainError('INVALID_INPUT', 'a shipment cannot arrive before it ships', 'expectedDate');
    const { rows: pos } = await sql<{ id: number; po_no: string; supplier_id: number; status: string; approval_status: string; order_date: string; number: string; asn_id: number }>`
      select id, po_no, supplier_id, status, approval_status, order_date,
             'ASN-' || lpad(nextval('scm.asn_no')::text, 7, '0') as number, nextval(pg_get_serial_sequence('scm.asns', 'id'))::int as asn_id
        from scm.purchase_orders where id = ${input.purchaseOrderId} for update`.execute(tx.db);
    const po = pos[0];
    if (!po) throw new DomainError('NOT_FOUND', `purchase order ${input.purchaseOrderId} does not exist`, 'purchaseOrderId');
    if (po.status !== 'open') throw new DomainError('NOT_ALLOWED', `purchase order ${po.po_no} is ${po.status}`, 'purchaseOrderId');
    if (po.approval_status === 'pending' || po.approval_status === 'rejected') {
      throw new DomainError(po.approval_status === 'pending' ? 'APPROVAL_PENDING' : 'APPROVAL_REJECTED', `purchase order ${po.po_no} is not approved`, 'purchaseOrderId');
    }
    if (input.shipDate < po.order_date) throw new DomainError('INVALID_INPUT', `a shipment cannot precede its order date ${po.order_date}`, 'shipDate');
    const { rows: lines } = await sql<{ id: number; line_no: number; item_id: number; quantity: number; received_qty: number; returned_qty: number; in_transit_qty: number; receipt_tolerance_bp: number }>`
      select id, line_no, item_id, quantity, received_qty, returned_qty, in_transit_qty, receipt_tolerance_bp from scm.purchase_order_lines where po_id = ${po.id} order by line_no`.execute(tx.db);
    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on ${po.po_no}`, `lines.${i}.lineId`);
          const room = receivableQuantity(line) - line.in_transit_qty;
          if (w.quantity > room) throw new DomainError('EXCEEDS_OPEN_QUANTITY', `line ${line.line_no}: ${w.quantity} shipped but only ${Math.max(0, room)} may still come`, `lines.${i}.quantity`);
          return { line, quantity: w.quantity };
        })
      : lines.map((line) => ({ line, quantity: line.quantity - line.received_qty - line.in_transit_qty })).filter((w) => w.quantity > 0);
    if (wanted.length === 0) throw new DomainError('NOTHING_TO_SHIP', `purchase order ${po.po_no} has nothing left to ship`, 'purchaseOrderId');
    const rows = wanted.map((w) => ({ po_line_id: w.line.id, item_id: w.line.item_id, quantity: w.quantity }));
    tx.emit({
      aggregateType: 'purchase_order', aggregateId: po.id, type: 'asn.created',
      payload: { asnNo: po.number, poNo: po.po_no, supplierId: po.supplier_id, shipDate: input.shipDate, expectedDate: input.expectedDate, items: rows.map((r) => ({ itemId: r.item_id, quantity: r.quantity })) },
    });
    await sql`
      with x as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(po_line_id int, item_id int, quantity bigint)),
      a as (
        insert into scm.asns (id, asn_no, supplier_id, po_id, supplier_ref, ship_date, expected_date, status, created_by)
        values (${po.asn_id}, ${po.number}, ${po.supplier_id}, ${po.id}, ${input.supplierRef ?? null}, ${input.shipDate}, ${input.expectedDate}, 'in_transit', ${tx.actor}) returning id
      ), al as (insert into scm.asn_lines (asn_id, po_line_id, item_id, quantity) select a.id, x.po_line_id, x.item_id, x.quantity from a, x),
      events as (${tx.eventsInsert()})
      update scm.purchase_order_lines l set in_transit_qty = l.in_transit_qty + x.quantity
        from x where l.id = x.po_line_id and l.id = any(${rows.map((r) => r.po_line_id)}::int[])`.execute(tx.db);
    return { asnId: po.asn_id, asnNo: po.number, lines: rows.map((r) => ({ lineId: r.po_line_id, itemId: r.item_id, quantity: r.quantity })) };
  },
);

/**
 * Receives everything an ASN announced in one command (a goods receipt of its lines), and, given
 * the inspection results per order line, inspects them in the same transaction (rejected goods go
 * back to the supplier at once).
 */
export const receiveAsn = defineCommand(
  'scm.receiveAsn',
  z.object({
    asnNo: z.string().trim().min(1).max(40),
    date: isoDate,
    inspection: z.array(inspectionLine.omit({ receiptLineId: true }).extend({ lineId: id })).max(200).optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ id: number; po_id: number; status: string; ship_date: string; lines: { lineId: number; quantity: number }[] }>`
      select a.id, a.po_id, a.status, a.ship_date,
             (select jsonb_agg(jsonb_build_object('lineId', l.po_line_id, 'quantity', l.quantity) order by l.id) from scm.asn_lines l where l.asn_id = a.id) as lines
        from scm.asns a where a.asn_no = ${input.asnNo} for update`.execute(tx.db);
    const asn = rows[0];
    if (!asn) throw new DomainError('NOT_FOUND', `ASN ${input.asnNo} does not exist`, 'asnNo');
    if (asn.status !== 'in_transit') throw new DomainError('NOT_ALLOWED', `ASN ${input.asnNo} is ${asn.status}`, 'asnNo');
    if (input.date < asn.ship_date) throw new DomainError('INVALID_INPUT', `goods cannot arrive before they shipped (${asn.ship_date})`, 'date');
    // What was announced comes off in transit first, so the receipt sees the line as the supplier shipped it.
    await sql`
      update scm.purchase_order_lines l set in_transit_qty = l.in_transit_qty - x.quantity
        from jsonb_to_recordset(${JSON.stringify(asn.lines)}::jsonb) as x("lineId" int, quantity bigint)
       where l.id = x."lineId" and l.id = any(${asn.lines.map((l) => l.lineId)}::int[])`.execute(tx.db);
    const receipt = await receivePurchaseOrder(tx.context, { purchaseOrderId: asn.po_id, date: input.date, lines: asn.lines });
    let inspection: InspectionResult | undefined;
    if (input.inspection && input.inspection.length > 0) {
      const receiptLines = await tx.db.selectFrom('scm.goods_receipt_lines').select(['id', 'po_line_id']).where('receipt_id', '=', receipt.receiptId).execute();
      inspection = await recordInspection(tx, {
        receiptId: receipt.receiptId, date: input.date, returnRejected: true,
        lines: input.inspection.map((l, i) => {
          const line = receiptLines.find((r) => r.po_line_id === l.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `order line ${l.lineId} is not on ASN ${input.asnNo}`, `inspection.${i}.lineId`);
          const { lineId: _, ...rest } = l;
          return { ...rest, receiptLineId: line.id };
        }),
      });
    }
    tx.emit({ aggregateType: 'purchase_order', aggregateId: asn.po_id, type: 'asn.received', payload: { asnNo: input.asnNo, receiptNo: receipt.receiptNo } });
    await sql`with events as (${tx.eventsInsert()}) update scm.asns set status = 'received', receipt_id = ${receipt.receiptId}, received_date = ${input.date} where id = ${asn.id}`.execute(tx.db);
    return { asnNo: input.asnNo, receiptId: receipt.receiptId, receiptNo: receipt.receiptNo, value: receipt.value, items: receipt.items, ...(inspection ? { inspection } : {}) };
  },
);

/** ASNs still on their way (or all of an order's), with their lines. */
export async function asnsInTransit(db: Kysely<DB>, filter: { purchaseOrderId?: number } = {}) {
  const { rows } = await sql<{ asnNo: string; poId: number; supplierId: number; shipDate: string; expectedDate: string; status: string; lines: { lineId: number; itemId: number; quantity: number }[] }>`
    select a.asn_no as "asnNo", a.po_id as "poId", a.supplier_id as "supplierId", a.ship_date as "shipDate", a.expected_date as "expectedDate", a.status,
           (select jsonb_agg(jsonb_build_object('lineId', l.po_line_id, 'itemId', l.item_id, 'quantity', l.quantity) order by l.id) from scm.asn_lines l where l.asn_id = a.id) as lines
      from scm.asns a
     where ${filter.purchaseOrderId !== undefined ? sql`a.po_id = ${filter.purchaseOrderId}` : sql`a.status = 'in_transit'`}
     order by a.expected_date, a.id`.execute(db);
  return rows;
}
