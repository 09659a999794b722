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
import { closeOrderIfDone } from './procurement/supplier-returns.js';
import { matchIssues, type MatchIssue } from './procurement/three-way-match.js';

/**
 * Records a supplier's bill against a purchase order, with a three-way match of every line:
 * the order's price and quantity, what was received and kept (not returned) and not yet billed,
 * and the billed quantity and price. Beyond the tolerances (scm.setProcurementTolerances) the
 * bill is recorded but blocked: it cannot be paid until the mismatch is resolved, by approval
 * (acceptBillMismatch) or by a credit from the supplier (recordSupplierCredit). The bill takes
 * the matched quantity's received value off GRNI; the difference between the billed amount and
 * that value (price differences, and any quantity billed beyond what was received) is purchase
 * price variance. Posts Cr payables. Early-payment terms in force are copied onto the bill.
 */
export const recordVendorBill = defineCommand(
  'scm.recordVendorBill',
  z.object({
    purchaseOrderId: id,
    supplierRef: z.string().trim().min(1).max(60),
    date: isoDate,
    /** Default: everything received, kept and not yet billed, at the order price. */
    lines: z.array(z.object({ lineId: id, quantity, unitPrice: money.optional() })).min(1).optional(),
  }),
  async (tx, input) => {
    const { rows: heads } = await sql<{
      id: number; po_no: string; supplier_id: number; currency: string; approval_status: string; payment_terms_days: number;
      discount_bp: number | null; discount_days: number | null; quantity_tolerance_bp: number; price_tolerance_bp: number; price_tolerance_unit: number;
    }>`
      select p.id, p.po_no, p.supplier_id, p.currency, p.approval_status, s.payment_terms_days, t.discount_bp, t.discount_days,
             coalesce(c.quantity_tolerance_bp, 0) as quantity_tolerance_bp, coalesce(c.price_tolerance_bp, 0) as price_tolerance_bp,
             coalesce(c.price_tolerance_unit, 0) as price_tolerance_unit
        from scm.purchase_orders p join scm.suppliers s on s.id = p.supplier_id
        left join scm.early_payment_terms t on t.supplier_id = p.supplier_id
        left join scm.procurement_settings c on true
       where p.id = ${input.purchaseOrderId}
         for update of p`.execute(tx.db);
    const po = heads[0];
    if (!po) throw new DomainError('NOT_FOUND', `purchase order ${input.purchaseOrderId} does not exist`, 'purchaseOrderId');
    if (po.approval_status === 'pending' || po.approval_status === 'rejected') {
      throw new DomainError(po.approval_status === 'pending' ? 'APPROVAL_PENDING' : 'APPROVAL_REJECTED', `purchase order ${po.po_no} is not approved and cannot be billed`, 'purchaseOrderId');
    }
    const { rows: lines } = await sql<{ id: number; line_no: number; unit_price: number; received_qty: number; returned_qty: number; billed_qty: number; received_value: number; grni_cleared: number }>`
      select id, line_no, unit_price, received_qty, returned_qty, billed_qty, received_value, grni_cleared
        from scm.purchase_order_lines where po_id = ${po.id} order by line_no`.execute(tx.db);
    const openQty = (l: (typeof lines)[number]) => l.received_qty - l.returned_qty - l.billed_qty;
    const seen = new Set<number>();
    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on ${po.po_no}`, `lines.${i}.lineId`);
          if (seen.has(line.id)) throw new DomainError('INVALID_INPUT', `line ${line.line_no} is billed twice on one bill`, `lines.${i}.lineId`);
          seen.add(line.id);
          return { line, quantity: w.quantity, unitPrice: w.unitPrice ?? line.unit_price };
        })
      : lines.filter((l) => openQty(l) > 0).map((line) => ({ line, quantity: openQty(line), unitPrice: line.unit_price }));
    if (wanted.length === 0) throw new DomainError('NOTHING_TO_BILL', `purchase order ${po.po_no} has nothing received and not yet billed`, 'purchaseOrderId');

    const issues: MatchIssue[] = matchIssues(
      wanted.map((w) => ({ lineNo: w.line.line_no, orderUnitPrice: w.line.unit_price, openQty: openQty(w.line), billedQty: w.quantity, billedUnitPrice: w.unitPrice })),
      { quantityToleranceBp: po.quantity_tolerance_bp, priceToleranceBp: po.price_tolerance_bp, priceToleranceUnit: po.price_tolerance_unit },
    );
    const posting = await beginPosting(tx.db, { table: 'scm.vendor_bills', sequence: 'scm.bill_no', prefix: 'BILL', date: input.date, currency: po.currency });
    const conversion = posting.conversion;
    const rows = wanted.map((w) => {
      const open = openQty(w.line);
      const matched = Math.min(w.quantity, open);
      const openValue = w.line.received_value - w.line.grni_cleared;
      const grni = matched === 0 ? 0 : matched === open ? openValue : mulDivRound(openValue, matched, open);
      const amount = extendedAmount(w.quantity, w.unitPrice, 'lines');
      const amountFunctional = convert(conversion, amount);
      return {
        po_line_id: w.line.id, quantity: w.quantity, matched_qty: matched, open_qty: open, order_unit_price: w.line.unit_price, unit_price: w.unitPrice,
        amount, grni_value: grni, variance: amountFunctional - grni, amount_functional: amountFunctional,
      };
    });
    const gross = rows.reduce((s, r) => s + r.amount, 0);
    if (gross <= 0) throw new DomainError('INVALID_INPUT', 'a bill must have a positive amount', 'lines');
    const grossFunctional = rows.reduce((s, r) => s + r.amount_functional, 0);
    const grniValue = rows.reduce((s, r) => s + r.grni_value, 0);
    const bill = { id: posting.id, number: posting.number };
    const matchStatus = issues.length === 0 ? 'matched' : 'blocked';
    const discountBp = po.discount_bp ?? 0;
    const discountUntil = discountBp > 0 ? addDaysIso(input.date, po.discount_days!) : null;
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'vendor_bill', sourceId: bill.id, memo: `${bill.number} (${input.supplierRef}) for ${po.po_no}`, lines: postingRules.vendorBill({ supplierId: po.supplier_id, currency: po.currency, gross, grossFunctional, grniValue }) },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'vendor_bill', aggregateId: bill.id, type: 'vendor_bill.posted', payload: { billNo: bill.number, supplierId: po.supplier_id, poId: po.id, gross, grossFunctional, variance: grossFunctional - grniValue, matchStatus } });
    if (matchStatus === 'blocked') tx.emit({ aggregateType: 'vendor_bill', aggregateId: bill.id, type: 'vendor_bill.blocked', payload: { billNo: bill.number, supplierId: po.supplier_id, issues } });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(po_line_id int, quantity bigint, matched_qty bigint, open_qty bigint, order_unit_price bigint, unit_price bigint, amount bigint, grni_value bigint, variance bigint)),
      b as (
        insert into scm.vendor_bills (id, bill_no, supplier_ref, supplier_id, po_id, bill_date, due_date, currency, rate, gross_amount, gross_functional, open_amount, open_functional,
                                      journal_entry_id, created_by, match_status, match_issues, discount_bp, discount_until)
        values (${bill.id}, ${bill.number}, ${input.supplierRef}, ${po.supplier_id}, ${po.id}, ${input.date}, ${addDaysIso(input.date, po.payment_terms_days)},
                ${po.currency}, ${conversion.rate}, ${gross}, ${grossFunctional}, ${gross}, ${grossFunctional}, ${entry.id}, ${tx.actor},
                ${matchStatus}, ${JSON.stringify(issues)}::jsonb, ${discountBp}, ${discountUntil}) returning id
      ), bl as (
        insert into scm.vendor_bill_lines (bill_id, po_line_id, quantity, unit_price, amount, grni_value, variance, matched_qty, order_unit_price, open_qty)
        select b.id, x.po_line_id, x.quantity, x.unit_price, x.amount, x.grni_value, x.variance, x.matched_qty, x.order_unit_price, x.open_qty from b, x
      ), events as (${tx.eventsInsert()})
      update scm.purchase_order_lines l set billed_qty = l.billed_qty + x.matched_qty, grni_cleared = l.grni_cleared + x.grni_value
        from x where l.id = x.po_line_id and l.id = any(${rows.map((r) => r.po_line_id)}::int[])`.execute(tx.db);
    await closeOrderIfDone(tx.db, po.id);
    return { billId: bill.id, billNo: bill.number, gross, grossFunctional, variance: grossFunctional - grniValue, matchStatus, issues };
  },
);
