import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { receivableQuantity } from './procurement/settings.js';
import { id, isoDate, quantity } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyStockChangesWithLots } from '../erp/index.js';
import { extendedAmount } from '../finance/money.js';

/**
 * Receives goods against a purchase order (everything outstanding, or the given quantities):
 * stock comes in at the order price converted at the receipt date, and the receipt posts
 * Dr inventory / Cr goods received not invoiced. Each receipt line's goods form a new lot, which
 * the line names (an inspection later marks that lot accepted or rejected).
 */
export const receivePurchaseOrder = defineCommand(
  'scm.receivePurchaseOrder',
  z.object({
    purchaseOrderId: id,
    date: isoDate,
    lines: z.array(z.object({ lineId: id, quantity })).min(1).optional(),
  }),
  async (tx, input) => {
    const po = await tx.db.selectFrom('scm.purchase_orders').selectAll().where('id', '=', input.purchaseOrderId).forUpdate().executeTakeFirst();
    if (!po) throw new DomainError('NOT_FOUND', `purchase order ${input.purchaseOrderId} does not exist`, 'purchaseOrderId');
    if (po.status !== 'open') throw new DomainError('NOT_ALLOWED', `purchase order ${po.po_no} is ${po.status}`, 'purchaseOrderId');
    if (input.date < po.order_date) throw new DomainError('INVALID_INPUT', `a receipt cannot precede its order date ${po.order_date}`, 'date');
    const lines = await tx.db.selectFrom('scm.purchase_order_lines').selectAll().where('po_id', '=', po.id).orderBy('line_no').execute();
    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on ${po.po_no}`, `lines.${i}.lineId`);
          // Over-receipt is allowed up to the line's tolerance (scm/procurement/settings.ts).
          const receivable = receivableQuantity(line);
          if (w.quantity > receivable) {
            throw new DomainError('EXCEEDS_OPEN_QUANTITY', `line ${line.line_no}: ${w.quantity} exceeds the ${receivable} that may still be received`, `lines.${i}.quantity`);
          }
          return { line, quantity: w.quantity };
        })
      : lines.filter((l) => l.quantity > l.received_qty).map((line) => ({ line, quantity: line.quantity - line.received_qty }));
    if (wanted.length === 0) throw new DomainError('NOTHING_TO_RECEIVE', `purchase order ${po.po_no} has nothing left to receive`, 'purchaseOrderId');

    const posting = await beginPosting(tx.db, { table: 'scm.goods_receipts', sequence: 'scm.receipt_no', prefix: 'GR', date: input.date, currency: po.currency });
    const conversion = posting.conversion;
    const receipt = { id: posting.id, number: posting.number };
    const rows = wanted.map((w) => ({ po_line_id: w.line.id, item_id: w.line.item_id, quantity: w.quantity, value: convert(conversion, extendedAmount(w.quantity, w.line.unit_price, 'lines')) }));
    const applied = await applyStockChangesWithLots(
      tx.db,
      { date: input.date, kind: 'receipt', sourceType: 'goods_receipt', sourceId: receipt.id },
      rows.map((r) => ({ itemId: r.item_id, warehouseId: po.warehouse_id, quantity: r.quantity, value: r.value, lineRef: r.po_line_id })),
    );
    const lots = applied.map((a) => a.lots[0]!);
    const value = rows.reduce((s, r) => s + r.value, 0);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'goods_receipt', sourceId: receipt.id, memo: `${receipt.number} for ${po.po_no}`, lines: postingRules.goodsReceipt({ supplierId: po.supplier_id, value }) },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'purchase_order', aggregateId: po.id, type: 'goods_receipt.posted', payload: { receiptId: receipt.id, receiptNo: receipt.number, value, items: rows.map((r) => ({ itemId: r.item_id, quantity: r.quantity })) } });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(rows.map((r, i) => ({ ...r, lot_id: lots[i]!.lotId })))}::jsonb) as x(po_line_id int, item_id int, quantity bigint, value bigint, lot_id int)),
      r as (
        insert into scm.goods_receipts (id, receipt_no, po_id, warehouse_id, receipt_date, value, journal_entry_id, created_by)
        values (${receipt.id}, ${receipt.number}, ${po.id}, ${po.warehouse_id}, ${input.date}, ${value}, ${entry.id}, ${tx.actor}) returning id
      ), rl as (
        insert into scm.goods_receipt_lines (receipt_id, po_line_id, item_id, quantity, value, lot_id) select r.id, x.po_line_id, x.item_id, x.quantity, x.value, x.lot_id from r, x
      ), events as (${tx.eventsInsert()})
      update scm.purchase_order_lines l set received_qty = l.received_qty + x.quantity, received_value = l.received_value + x.value
        from x where l.id = x.po_line_id and l.id = any(${rows.map((r) => r.po_line_id)}::int[])`.execute(tx.db);
    await closePurchaseOrderIfDone(tx.db, po.id);
    return { receiptId: receipt.id, receiptNo: receipt.number, value, warehouseId: po.warehouse_id, items: rows.map((r, i) => ({ itemId: r.item_id, quantity: r.quantity, lotId: lots[i]!.lotId, lotNo: lots[i]!.lotNo })) };
  },
);

/** A purchase order is done when everything is received and billed. */
export async function closePurchaseOrderIfDone(db: import('kysely').Kysely<import('../db/tables.js').DB>, poId: number) {
  await sql`update scm.purchase_orders p set status = 'closed'
             where p.id = ${poId} and p.status = 'open'
               and not exists (select 1 from scm.purchase_order_lines l where l.po_id = p.id and (l.received_qty < l.quantity or l.billed_qty < l.received_qty))`.execute(db);
}
