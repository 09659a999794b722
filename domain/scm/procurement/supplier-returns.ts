import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { id, isoDate, quantity } from '../../kernel/inputs.js';
import { journalEntryCtes } from '../../finance/journal.js';
import { beginPosting } from '../../finance/posting-context.js';
import { postingRules } from '../../finance/posting-rules.js';
import { mulDivRound } from '../../finance/money.js';
import { applyStockChangesWithLots } from '../../erp/index.js';

export interface ReturnLine {
  receiptLineId: number;
  quantity: number;
  inspectionId?: number | undefined;
}

/**
 * Sends goods of a receipt back to the supplier (rejected at inspection, or found wrong before
 * billing): they leave stock from their lot, what the receipt put on GRNI for them comes off it
 * (Dr GRNI / Cr inventory, any moving-average difference to price variance), and the order line
 * can bill that much less. Only goods not yet billed can go back this way; billed goods need a
 * credit from the supplier. Used inside inspectReceipt's transaction and by returnToSupplier.
 */
export async function returnGoods(tx: Tx, input: { receiptId: number; date: string; reason: string; lines: ReturnLine[] }): Promise<{ returnId: number; returnNo: string; grniValue: number; stockValue: number }> {
  const { rows } = await sql<{
    line_id: number; po_line_id: number; item_id: number; lot_id: number | null; quantity: number; value: number; returned_before: number; returned_value_before: number;
    po_id: number; po_no: string; supplier_id: number; warehouse_id: number; receipt_no: string; currency: string;
    line_received: number; line_returned: number; line_billed: number;
  }>`
    select gl.id as line_id, gl.po_line_id, gl.item_id, gl.lot_id, gl.quantity, gl.value,
           coalesce((select sum(x.quantity) from scm.supplier_return_lines x where x.receipt_line_id = gl.id), 0)::bigint as returned_before,
           coalesce((select sum(x.grni_value) from scm.supplier_return_lines x where x.receipt_line_id = gl.id), 0)::bigint as returned_value_before,
           g.po_id, p.po_no, p.supplier_id, g.warehouse_id, g.receipt_no, p.currency,
           l.received_qty as line_received, l.returned_qty as line_returned, l.billed_qty as line_billed
      from scm.goods_receipts g
      join scm.goods_receipt_lines gl on gl.receipt_id = g.id
      join scm.purchase_order_lines l on l.id = gl.po_line_id
      join scm.purchase_orders p on p.id = g.po_id
     where g.id = ${input.receiptId}
     order by gl.id
       for update of l`.execute(tx.db);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `goods receipt ${input.receiptId} does not exist`, 'receiptId');
  const head = rows[0]!;
  const billable = new Map<number, number>();
  const wanted = input.lines.map((w, i) => {
    const line = rows.find((r) => r.line_id === w.receiptLineId);
    if (!line) throw new DomainError('NOT_FOUND', `line ${w.receiptLineId} is not on ${head.receipt_no}`, `lines.${i}.receiptLineId`);
    const left = line.quantity - line.returned_before;
    if (w.quantity > left) throw new DomainError('EXCEEDS_OPEN_QUANTITY', `${head.receipt_no} line ${line.line_id}: ${w.quantity} to return but only ${left} not yet returned`, `lines.${i}.quantity`);
    const open = billable.get(line.po_line_id) ?? line.line_received - line.line_returned - line.line_billed;
    if (w.quantity > open) {
      throw new DomainError('ALREADY_BILLED', `${head.po_no}: only ${open} of these goods are not yet billed; ask the supplier for a credit for the rest`, `lines.${i}.quantity`);
    }
    billable.set(line.po_line_id, open - w.quantity);
    // The last part of a receipt line takes the remainder of its value, so returns sum to it.
    const grni = w.quantity === left ? line.value - line.returned_value_before : mulDivRound(line.value, w.quantity, line.quantity);
    return { line, quantity: w.quantity, grni, inspectionId: w.inspectionId ?? null, field: `lines.${i}.quantity` };
  });
  const posting = await beginPosting(tx.db, { table: 'scm.supplier_returns', sequence: 'scm.supplier_return_no', prefix: 'RTS', date: input.date });
  const applied = await applyStockChangesWithLots(
    tx.db,
    { date: input.date, kind: 'return', sourceType: 'supplier_return', sourceId: posting.id },
    wanted.map((w) => ({ itemId: w.line.item_id, warehouseId: w.line.warehouse_id, quantity: -w.quantity, field: w.field, lineRef: w.line.po_line_id, ...(w.line.lot_id === null ? {} : { lotId: w.line.lot_id }) })),
  );
  const lines = wanted.map((w, i) => ({
    receipt_line_id: w.line.line_id, po_line_id: w.line.po_line_id, item_id: w.line.item_id, lot_id: w.line.lot_id, inspection_id: w.inspectionId,
    quantity: w.quantity, grni_value: w.grni, stock_value: -applied[i]!.value,
  }));
  const grniValue = lines.reduce((s, l) => s + l.grni_value, 0);
  const stockValue = lines.reduce((s, l) => s + l.stock_value, 0);
  const entry = await journalEntryCtes(
    tx.db, tx.actor,
    { date: input.date, sourceType: 'supplier_return', sourceId: posting.id, memo: `${posting.number} of ${head.receipt_no} (${head.po_no})`, lines: postingRules.supplierReturn({ supplierId: head.supplier_id, grniValue, stockValue }) },
    posting.conversion.functionalCurrency,
  );
  tx.emit({ aggregateType: 'purchase_order', aggregateId: head.po_id, type: 'supplier_return.posted', payload: { returnNo: posting.number, receiptId: input.receiptId, supplierId: head.supplier_id, reason: input.reason, grniValue, stockValue, items: lines.map((l) => ({ itemId: l.item_id, quantity: l.quantity, lotId: l.lot_id })) } });
  await sql`
    with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(receipt_line_id int, po_line_id int, item_id int, lot_id int, inspection_id int, quantity bigint, grni_value bigint, stock_value bigint)),
    r as (
      insert into scm.supplier_returns (id, return_no, supplier_id, po_id, receipt_id, return_date, reason, grni_value, stock_value, journal_entry_id, created_by)
      values (${posting.id}, ${posting.number}, ${head.supplier_id}, ${head.po_id}, ${input.receiptId}, ${input.date}, ${input.reason}, ${grniValue}, ${stockValue}, ${entry.id}, ${tx.actor})
      returning id
    ), rl as (
      insert into scm.supplier_return_lines (return_id, receipt_line_id, po_line_id, item_id, lot_id, inspection_id, quantity, grni_value, stock_value)
      select r.id, x.receipt_line_id, x.po_line_id, x.item_id, x.lot_id, x.inspection_id, x.quantity, x.grni_value, x.stock_value from r, x
    ), s as (select po_line_id, sum(quantity) as q, sum(grni_value) as v from x group by po_line_id),
    events as (${tx.eventsInsert()})
    update scm.purchase_order_lines l set returned_qty = l.returned_qty + s.q, grni_cleared = l.grni_cleared + s.v
      from s where l.id = s.po_line_id and l.id = any(${lines.map((l) => l.po_line_id)}::int[])`.execute(tx.db);
  await closeOrderIfDone(tx.db, head.po_id);
  return { returnId: posting.id, returnNo: posting.number, grniValue, stockValue };
}

/**
 * An order is done when every line is received in full and what was kept is billed. (Returned
 * goods are not re-expected: the supplier replaces them on a new order.)
 */
export async function closeOrderIfDone(db: Kysely<DB>, poId: number): Promise<void> {
  await sql`update scm.purchase_orders p set status = 'closed'
             where p.id = ${poId} and p.status = 'open'
               and not exists (select 1 from scm.purchase_order_lines l where l.po_id = p.id
                                  and (l.received_qty < l.quantity or l.billed_qty + l.returned_qty < l.received_qty))`.execute(db);
}

/** Returns goods of a receipt to the supplier outside an inspection (see returnGoods). */
export const returnToSupplier = defineCommand(
  'scm.returnToSupplier',
  z.object({
    receiptId: id,
    date: isoDate,
    reason: z.string().trim().min(1).max(500),
    lines: z.array(z.object({ receiptLineId: id, quantity })).min(1).max(200),
  }),
  async (tx, input) => returnGoods(tx, input),
);
