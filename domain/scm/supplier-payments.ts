import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { planAllocations, type AllocationRecord } from '../finance/settlement.js';
import { applyBasisPoints, proportion } from '../finance/money.js';

/**
 * Pays a supplier in their currency (Dr payables / Cr bank) and settles open bills: the given
 * allocations, or the earliest due first. Exchange differences against the bills' rates post
 * to exchange gains or losses. Bills the three-way match blocked are never paid (MATCH_BLOCKED;
 * the database refuses them too). A bill paid in full on or before its discount date takes its
 * early-payment discount (gross × discount rate, once): the payment clears it for that much less,
 * posted Dr payables / Cr purchase discounts received.
 */
export const paySupplier = defineCommand(
  'scm.paySupplier',
  z.object({
    supplierId: id,
    date: isoDate,
    amount: z.number().int().positive(),
    allocations: z.array(z.object({ billId: id, amount: z.number().int().positive() })).max(500).optional(),
    takeDiscounts: z.boolean().default(true),
    /** Set by a payment run (scm/procurement/payment-runs.ts). */
    paymentRunId: id.optional(),
  }),
  async (tx, input) => {
    const supplier = await tx.db.selectFrom('scm.suppliers').select(['id', 'code', 'currency']).where('id', '=', input.supplierId).executeTakeFirst();
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    const payment = await beginPosting(tx.db, { table: 'scm.supplier_payments', sequence: 'scm.payment_no', prefix: 'SP', date: input.date, currency: supplier.currency });
    const conversion = payment.conversion;
    const amountFunctional = convert(conversion, input.amount);
    const { rows: bills } = await sql<{ id: number; bill_no: string; open_amount: number; open_functional: number; rate: string; match_status: string; gross_amount: number; discount_bp: number; discount_until: string | null; discounted: boolean }>`
      select b.id, b.bill_no, b.open_amount, b.open_functional, b.rate::text as rate, b.match_status, b.gross_amount, b.discount_bp, b.discount_until,
             exists (select 1 from scm.supplier_payment_allocations a where a.bill_id = b.id and a.discount > 0) as discounted
        from scm.vendor_bills b
       where b.supplier_id = ${supplier.id} and b.currency = ${supplier.currency} and b.open_amount > 0
       order by b.due_date, b.id
         for update of b`.execute(tx.db);
    input.allocations?.forEach((a, i) => {
      const blocked = bills.find((b) => b.id === a.billId && b.match_status === 'blocked');
      if (blocked) throw new DomainError('MATCH_BLOCKED', `bill ${blocked.bill_no} does not match its order and receipts; resolve it before paying`, `allocations.${i}.billId`);
    });
    const payable = bills.filter((b) => b.match_status !== 'blocked');
    // Early-payment discounts: offered to each eligible bill, kept only where the payment then
    // clears the rest of the bill in full; dropping one can leave less for later bills, so repeat.
    const discounts = new Map<number, number>();
    if (input.takeDiscounts) {
      for (const b of payable) {
        if (b.discount_bp > 0 && b.discount_until !== null && input.date <= b.discount_until && !b.discounted) {
          const d = applyBasisPoints(b.gross_amount, b.discount_bp);
          if (d > 0 && d < b.open_amount) discounts.set(b.id, d);
        }
      }
    }
    const discountFunctional = (b: (typeof bills)[number]) => proportion(b.open_functional, discounts.get(b.id) ?? 0, b.open_amount);
    const plan = () => planAllocations(
      { number: payment.number, open: input.amount, openFunctional: amountFunctional, convert: (a) => convert(conversion, a) },
      payable.map((b) => ({
        id: b.id, number: b.bill_no, open: b.open_amount - (discounts.get(b.id) ?? 0), openFunctional: b.open_functional - discountFunctional(b),
        convert: (a: number) => convert({ ...conversion, rate: b.rate }, a),
      })),
      input.allocations?.map((a) => ({ itemId: a.billId, amount: a.amount })),
      { item: 'bill', field: 'billId' },
    );
    let planned = plan();
    for (let round = 0; round < 20 && discounts.size > 0; round++) {
      const paid = new Map<number, number>();
      for (const r of planned.records) paid.set(r.itemId, (paid.get(r.itemId) ?? 0) + r.amount);
      const unearned = [...discounts].filter(([billId, d]) => (paid.get(billId) ?? 0) < bills.find((b) => b.id === billId)!.open_amount - d).map(([billId]) => billId);
      if (unearned.length === 0) break;
      for (const billId of unearned) discounts.delete(billId);
      planned = plan();
    }
    const { paymentOpen, paymentOpenFunctional } = planned;
    // The discount rides on the bill's last allocation record of this payment.
    const lastRecord = new Map<number, number>();
    planned.records.forEach((r, i) => lastRecord.set(r.itemId, i));
    const records: (AllocationRecord & { discount: number; discountFunctional: number })[] = planned.records.map((r, i) => {
      const bill = bills.find((b) => b.id === r.itemId)!;
      const earned = lastRecord.get(r.itemId) === i && discounts.has(r.itemId);
      return { ...r, discount: earned ? discounts.get(r.itemId)! : 0, discountFunctional: earned ? discountFunctional(bill) : 0 };
    });
    const discountTotal = records.reduce((s, r) => s + r.discount, 0);
    const discountTotalFunctional = records.reduce((s, r) => s + r.discountFunctional, 0);
    // A positive exchange difference on the payable side means the payment was worth more in
    // functional currency than the bills it cleared: a loss, hence the sign flip.
    const fx = records.reduce((s, r) => s + r.fxDifference, 0);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'supplier_payment',
        sourceId: payment.id,
        memo: `${payment.number} to ${supplier.code}`,
        lines: [
          ...postingRules.supplierPayment({ supplierId: supplier.id, currency: supplier.currency, amount: input.amount, amountFunctional }),
          ...(fx === 0 ? [] : postingRules.payableFxDifference({ supplierId: supplier.id, difference: -fx })),
          ...(discountTotal === 0 ? [] : postingRules.purchaseDiscount({ supplierId: supplier.id, currency: supplier.currency, amount: discountTotal, amountFunctional: discountTotalFunctional })),
        ],
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'supplier_payment', aggregateId: payment.id, type: 'supplier_payment.posted', payload: { paymentNo: payment.number, supplierId: supplier.id, amount: input.amount, fxDifference: fx, discount: discountTotal } });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x("itemId" int, amount bigint, "clearedFunctional" bigint, "fxDifference" bigint, discount bigint, "discountFunctional" bigint)),
      p as (
        insert into scm.supplier_payments (id, payment_no, supplier_id, payment_date, currency, rate, amount, amount_functional, unallocated, unallocated_functional, journal_entry_id, created_by, payment_run_id)
        values (${payment.id}, ${payment.number}, ${supplier.id}, ${input.date}, ${supplier.currency}, ${conversion.rate}, ${input.amount}, ${amountFunctional},
                ${paymentOpen}, ${paymentOpenFunctional}, ${entry.id}, ${tx.actor}, ${input.paymentRunId ?? null}) returning id
      ), a as (
        insert into scm.supplier_payment_allocations (payment_id, bill_id, amount, cleared_functional, fx_difference, discount, discount_functional)
        select p.id, x."itemId", x.amount, x."clearedFunctional", x."fxDifference", x.discount, x."discountFunctional" from p, x
      ), events as (${tx.eventsInsert()})
      update scm.vendor_bills b set open_amount = b.open_amount - s.amount, open_functional = b.open_functional - s.cleared
        from (select "itemId", sum(amount + discount) as amount, sum("clearedFunctional" + "discountFunctional") as cleared from x group by "itemId") s
       where b.id = s."itemId" and b.id = any(${records.map((r) => r.itemId)}::int[])`.execute(tx.db);
    return { paymentId: payment.id, paymentNo: payment.number, amountFunctional, allocated: input.amount - paymentOpen, unallocated: paymentOpen, discount: discountTotal, discountFunctional: discountTotalFunctional };
  },
);
