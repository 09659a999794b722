import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, money, quantity } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { extendedAmount, mulDivRound } from '../finance/money.js';
import { addDaysIso } from '../kernel/dates.js';
import { closePurchaseOrderIfDone } from './receipts.js';

/**
 * Records a supplier's bill against what was received on a purchase order (never more than
 * received and not yet billed). It takes the received value off GRNI; the difference between
 * the billed amount and that value is purchase price variance. Posts Cr payables.
 */
export const recordVendorBill = defineCommand(
  'scm.recordVendorBill',
  z.object({
    purchaseOrderId: id,
    supplierRef: z.string().trim().min(1).max(60),
    date: isoDate,
    /** Default: everything received and not yet billed, at the order price. */
    lines: z.array(z.object({ lineId: id, quantity, unitPrice: money.optional() })).min(1).optional(),
  }),
  async (tx, input) => {
    const po = await tx.db.selectFrom('scm.purchase_orders').selectAll().where('id', '=', input.purchaseOrderId).forUpdate().executeTakeFirst();
    if (!po) throw new DomainError('NOT_FOUND', `purchase order ${input.purchaseOrderId} does not exist`, 'purchaseOrderId');
    const supplier = await tx.db.selectFrom('scm.suppliers').select(['id', 'payment_terms_days']).where('id', '=', po.supplier_id).executeTakeFirstOrThrow();
    const lines = await tx.db.selectFrom('scm.purchase_order_lines').selectAll().where('po_id', '=', po.id).orderBy('line_no').execute();
    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on ${po.po_no}`, `lines.${i}.lineId`);
          if (w.quantity > line.received_qty - line.billed_qty) {
            throw new DomainError('EXCEEDS_OPEN_QUANTITY', `line ${line.line_no}: ${w.quantity} billed but only ${line.received_qty - line.billed_qty} received and not yet billed`, `lines.${i}.quantity`);
          }
          return { line, quantity: w.quantity, unitPrice: w.unitPrice ?? line.unit_price };
        })
      : lines.filter((l) => l.received_qty > l.billed_qty).map((line) => ({ line, quantity: line.received_qty - line.billed_qty, unitPrice: line.unit_price }));
    if (wanted.length === 0) throw new DomainError('NOTHING_TO_BILL', `purchase order ${po.po_no} has nothing received and not yet billed`, 'purchaseOrderId');

    const posting = await beginPosting(tx.db, { table: 'scm.vendor_bills', sequence: 'scm.bill_no', prefix: 'BILL', date: input.date, currency: po.currency });
    const conversion = posting.conversion;
    const rows = wanted.map((w) => {
      const openQty = w.line.received_qty - w.line.billed_qty;
      const openValue = w.line.received_value - w.line.grni_cleared;
      const grni = w.quantity === openQty ? openValue : mulDivRound(openValue, w.quantity, openQty);
      const amount = extendedAmount(w.quantity, w.unitPrice, 'lines');
      const amountFunctional = convert(conversion, amount);
      return { po_line_id: w.line.id, quantity: w.quantity, unit_price: w.unitPrice, amount, grni_value: grni, variance: amountFunctional - grni, amount_functional: amountFunctional };
    });
    const gross = rows.reduce((s, r) => s + r.amount, 0);
    if (gross <= 0) throw new DomainError('INVALID_INPUT', 'a bill must have a positive amount', 'lines');
    const grossFunctional = rows.reduce((s, r) => s + r.amount_functional, 0);
    const grniValue = rows.reduce((s, r) => s + r.grni_value, 0);
    const bill = { id: posting.id, number: posting.number };
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'vendor_bill', sourceId: bill.id, memo: `${bill.number} (${input.supplierRef}) for ${po.po_no}`, lines: postingRules.vendorBill({ supplierId: po.supplier_id, currency: po.currency, gross, grossFunctional, grniValue }) },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'vendor_bill', aggregateId: bill.id, type: 'vendor_bill.posted', payload: { billNo: bill.number, supplierId: po.supplier_id, poId: po.id, gross, grossFunctional, variance: grossFunctional - grniValue } });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(po_line_id int, quantity bigint, unit_price bigint, amount bigint, grni_value bigint, variance bigint)),
      b as (
        insert into scm.vendor_bills (id, bill_no, supplier_ref, supplier_id, po_id, bill_date, due_date, currency, rate, gross_amount, gross_functional, open_amount, open_functional, journal_entry_id, created_by)
        values (${bill.id}, ${bill.number}, ${input.supplierRef}, ${po.supplier_id}, ${po.id}, ${input.date}, ${addDaysIso(input.date, supplier.payment_terms_days)},
                ${po.currency}, ${conversion.rate}, ${gross}, ${grossFunctional}, ${gross}, ${grossFunctional}, ${entry.id}, ${tx.actor}) returning id
      ), bl as (
        insert into scm.vendor_bill_lines (bill_id, po_line_id, quantity, unit_price, amount, grni_value, variance)
        select b.id, x.po_line_id, x.quantity, x.unit_price, x.amount, x.grni_value, x.variance from b, x
      ), events as (${tx.eventsInsert()})
      update scm.purchase_order_lines l set billed_qty = l.billed_qty + x.quantity, grni_cleared = l.grni_cleared + x.grni_value
        from x where l.id = x.po_line_id and l.id = any(${rows.map((r) => r.po_line_id)}::int[])`.execute(tx.db);
    await closePurchaseOrderIfDone(tx.db, po.id);
    return { billId: bill.id, billNo: bill.number, gross, grossFunctional, variance: grossFunctional - grniValue };
  },
);
