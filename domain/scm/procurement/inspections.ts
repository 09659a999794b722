import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate } from '../../kernel/inputs.js';
import { recordLotInspections } from '../../erp/lot-quality.js';
import { returnGoods } from './supplier-returns.js';

const count = z.number().int().min(0).max(1e12);

export const inspectionLine = z.object({
  receiptLineId: id,
  /** Units drawn for inspection, and of those the units actually inspected. */
  sampledQty: count,
  inspectedQty: count,
  /** Units of the line rejected (the rest are accepted). */
  rejectedQty: count,
  defects: z.array(z.object({ code: z.string().trim().regex(/^[A-Z0-9_-]{1,24}$/, 'a defect code: capitals, digits, _ or -'), quantity: z.number().int().positive() })).max(20).default([]),
});
export type InspectionLineInput = z.input<typeof inspectionLine>;

export interface InspectionResult {
  inspections: { inspectionId: number; inspectionNo: string; receiptLineId: number; acceptedQty: number; rejectedQty: number }[];
  /** The return-to-supplier document for the rejected goods, when there were any and they went back. */
  supplierReturn?: { returnId: number; returnNo: string; grniValue: number; stockValue: number };
}

/**
 * Records the inspection of a receipt's lines: sampled and inspected quantities, accepted and
 * rejected quantities with defect codes. Each lot is marked with its result; rejected goods go
 * back to the supplier at once (a return-to-supplier document, reducing what can be billed)
 * unless `returnRejected` is false. Accepted goods stay in stock, where the receipt put them
 * (Dr inventory / Cr GRNI). A receipt line is inspected once.
 */
export async function recordInspection(tx: Tx, input: { receiptId: number; date: string; lines: z.output<typeof inspectionLine>[]; returnRejected: boolean; note?: string | undefined }): Promise<InspectionResult> {
  const { rows } = await sql<{ line_id: number; item_id: number; lot_id: number | null; quantity: number; receipt_no: string; receipt_date: string; inspected: boolean; returned: number; seq: string }>`
    select gl.id as line_id, gl.item_id, gl.lot_id, gl.quantity, g.receipt_no, g.receipt_date,
           exists (select 1 from scm.inspections i where i.receipt_line_id = gl.id) as inspected,
           coalesce((select sum(x.quantity) from scm.supplier_return_lines x where x.receipt_line_id = gl.id), 0)::bigint as returned,
           '' as seq
      from scm.goods_receipts g join scm.goods_receipt_lines gl on gl.receipt_id = g.id
     where g.id = ${input.receiptId} order by gl.id`.execute(tx.db);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `goods receipt ${input.receiptId} does not exist`, 'receiptId');
  const receiptNo = rows[0]!.receipt_no;
  if (input.date < rows[0]!.receipt_date) throw new DomainError('INVALID_INPUT', `an inspection cannot precede its receipt (${rows[0]!.receipt_date})`, 'date');
  const seen = new Set<number>();
  const checked = input.lines.map((l, i) => {
    const line = rows.find((r) => r.line_id === l.receiptLineId);
    const at = `lines.${i}`;
    if (!line) throw new DomainError('NOT_FOUND', `line ${l.receiptLineId} is not on ${receiptNo}`, `${at}.receiptLineId`);
    if (line.inspected || seen.has(line.line_id)) throw new DomainError('DUPLICATE', `${receiptNo} line ${line.line_id} is already inspected`, `${at}.receiptLineId`);
    seen.add(line.line_id);
    if (l.sampledQty > line.quantity) throw new DomainError('INVALID_INPUT', `${l.sampledQty} sampled from ${line.quantity} received`, `${at}.sampledQty`);
    if (l.inspectedQty > l.sampledQty) throw new DomainError('INVALID_INPUT', 'more inspected than sampled', `${at}.inspectedQty`);
    if (l.rejectedQty > line.quantity) throw new DomainError('INVALID_INPUT', `${l.rejectedQty} rejected of ${line.quantity} received`, `${at}.rejectedQty`);
    if (l.rejectedQty > 0 && l.defects.length === 0) throw new DomainError('INVALID_INPUT', 'rejected goods need at least one defect code', `${at}.defects`);
    if (new Set(l.defects.map((d) => d.code)).size !== l.defects.length) throw new DomainError('INVALID_INPUT', 'each defect code once per line', `${at}.defects`);
    if (input.returnRejected && l.rejectedQty > line.quantity - line.returned) {
      throw new DomainError('EXCEEDS_OPEN_QUANTITY', `only ${line.quantity - line.returned} of the line are still here to return`, `${at}.rejectedQty`);
    }
    return { line, input: l };
  });
  const { rows: numbers } = await sql<{ id: number; no: string }>`
    select nextval(pg_get_serial_sequence('scm.inspections', 'id'))::int as id, 'INS-' || lpad(nextval('scm.inspection_no')::text, 7, '0') as no
      from generate_series(1, ${checked.length})`.execute(tx.db);
  const inspections = checked.map((c, i) => ({
    id: numbers[i]!.id, inspection_no: numbers[i]!.no, receipt_line_id: c.line.line_id, lot_id: c.line.lot_id, item_id: c.line.item_id,
    received_qty: c.line.quantity, sampled_qty: c.input.sampledQty, inspected_qty: c.input.inspectedQty,
    accepted_qty: c.line.quantity - c.input.rejectedQty, rejected_qty: c.input.rejectedQty,
  }));
  const defects = checked.flatMap((c, i) => c.input.defects.map((d) => ({ inspection_id: inspections[i]!.id, code: d.code, quantity: d.quantity })));
  tx.emit({
    aggregateType: 'goods_receipt', aggregateId: input.receiptId, type: 'goods_receipt.inspected',
    payload: { receiptNo, lines: inspections.map((x) => ({ inspectionNo: x.inspection_no, itemId: x.item_id, lotId: x.lot_id, acceptedQty: x.accepted_qty, rejectedQty: x.rejected_qty })), defects },
  });
  await sql`
    with x as (select * from jsonb_to_recordset(${JSON.stringify(inspections)}::jsonb) as x(id int, inspection_no text, receipt_line_id int, lot_id int, item_id int,
                 received_qty bigint, sampled_qty bigint, inspected_qty bigint, accepted_qty bigint, rejected_qty bigint)),
    i as (
      insert into scm.inspections (id, inspection_no, receipt_id, receipt_line_id, lot_id, item_id, inspection_date, received_qty, sampled_qty, inspected_qty, accepted_qty, rejected_qty, note, created_by)
      select x.id, x.inspection_no, ${input.receiptId}, x.receipt_line_id, x.lot_id, x.item_id, ${input.date}, x.received_qty, x.sampled_qty, x.inspected_qty, x.accepted_qty, x.rejected_qty, ${input.note ?? null}, ${tx.actor}
        from x returning id
    ), events as (${tx.eventsInsert()})
    insert into scm.inspection_defects (inspection_id, defect_code, quantity)
    select d.inspection_id, d.code, d.quantity from jsonb_to_recordset(${JSON.stringify(defects)}::jsonb) as d(inspection_id int, code text, quantity bigint)
     where (select count(*) from i) > 0`.execute(tx.db);
  await recordLotInspections(tx.db, inspections.filter((x) => x.lot_id !== null).map((x) => ({
    lotId: x.lot_id!, inspectionId: x.id, inspectedQty: x.inspected_qty, acceptedQty: x.accepted_qty, rejectedQty: x.rejected_qty,
  })));
  const result: InspectionResult = {
    inspections: inspections.map((x) => ({ inspectionId: x.id, inspectionNo: x.inspection_no, receiptLineId: x.receipt_line_id, acceptedQty: x.accepted_qty, rejectedQty: x.rejected_qty })),
  };
  const rejected = inspections.filter((x) => x.rejected_qty > 0);
  if (input.returnRejected && rejected.length > 0) {
    result.supplierReturn = await returnGoods(tx, {
      receiptId: input.receiptId, date: input.date, reason: 'rejected at inspection',
      lines: rejected.map((x) => ({ receiptLineId: x.receipt_line_id, quantity: x.rejected_qty, inspectionId: x.id })),
    });
  }
  return result;
}

/** Quality inspection of a goods receipt (see recordInspection). */
export const inspectReceipt = defineCommand(
  'scm.inspectReceipt',
  z.object({
    receiptId: id,
    date: isoDate,
    lines: z.array(inspectionLine).min(1).max(200),
    returnRejected: z.boolean().default(true),
    note: z.string().trim().max(1000).optional(),
  }),
  async (tx, input) => recordInspection(tx, input),
);

export interface InspectionRecord {
  inspectionNo: string;
  receiptNo: string;
  itemId: number;
  lotId: number | null;
  date: string;
  receivedQty: number;
  sampledQty: number;
  inspectedQty: number;
  acceptedQty: number;
  rejectedQty: number;
  defects: { code: string; quantity: number }[];
}

/** Inspections of a receipt, or of all receipts from a supplier, in order. */
export async function inspections(db: Kysely<DB>, filter: { receiptId?: number; supplierId?: number }): Promise<InspectionRecord[]> {
  const { rows } = await sql<InspectionRecord>`
    select i.inspection_no as "inspectionNo", g.receipt_no as "receiptNo", i.item_id as "itemId", i.lot_id as "lotId", i.inspection_date as date,
           i.received_qty as "receivedQty", i.sampled_qty as "sampledQty", i.inspected_qty as "inspectedQty", i.accepted_qty as "acceptedQty",
           i.rejected_qty as "rejectedQty",
           coalesce((select jsonb_agg(jsonb_build_object('code', d.defect_code, 'quantity', d.quantity) order by d.defect_code)
                       from scm.inspection_defects d where d.inspection_id = i.id), '[]') as defects
      from scm.inspections i join scm.goods_receipts g on g.id = i.receipt_id join scm.purchase_orders p on p.id = g.po_id
     where true
       ${filter.receiptId !== undefined ? sql`and i.receipt_id = ${filter.receiptId}` : sql``}
       ${filter.supplierId !== undefined ? sql`and p.supplier_id = ${filter.supplierId}` : sql``}
     order by i.id`.execute(db);
  return rows;
}
