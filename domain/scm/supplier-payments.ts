import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { planAllocations } from '../finance/settlement.js';

/**
 * Pays a supplier in their currency (Dr payables / Cr bank) and settles open bills: the given
 * allocations, or the earliest due first. Exchange differences against the bills' rates post
 * to exchange gains or losses.
 */
export const paySupplier = defineCommand(
  'scm.paySupplier',
  z.object({
    supplierId: id,
    date: isoDate,
    amount: z.number().int().positive(),
    allocations: z.array(z.object({ billId: id, amount: z.number().int().positive() })).max(500).optional(),
  }),
  async (tx, input) => {
    const supplier = await tx.db.selectFrom('scm.suppliers').select(['id', 'code', 'currency']).where('id', '=', input.supplierId).executeTakeFirst();
    if (!supplier) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
    const payment = await beginPosting(tx.db, { table: 'scm.supplier_payments', sequence: 'scm.payment_no', prefix: 'SP', date: input.date, currency: supplier.currency });
    const conversion = payment.conversion;
    const amountFunctional = convert(conversion, input.amount);
    const bills = await tx.db
      .selectFrom('scm.vendor_bills')
      .select(['id', 'bill_no', 'open_amount', 'open_functional', 'rate'])
      .where('supplier_id', '=', supplier.id)
      .where('currency', '=', supplier.currency)
      .where('open_amount', '>', 0)
      .orderBy('due_date').orderBy('id')
      .forUpdate()
      .execute();
    const { records, paymentOpen, paymentOpenFunctional } = planAllocations(
      { number: payment.number, open: input.amount, openFunctional: amountFunctional, convert: (a) => convert(conversion, a) },
      bills.map((b) => ({ id: b.id, number: b.bill_no, open: b.open_amount, openFunctional: b.open_functional, convert: (a: number) => convert({ ...conversion, rate: b.rate }, a) })),
      input.allocations?.map((a) => ({ itemId: a.billId, amount: a.amount })),
      { item: 'bill', field: 'billId' },
    );
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
        ],
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'supplier_payment', aggregateId: payment.id, type: 'supplier_payment.posted', payload: { paymentNo: payment.number, supplierId: supplier.id, amount: input.amount, fxDifference: fx } });
    await sql`
      with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x("itemId" int, amount bigint, "clearedFunctional" bigint, "fxDifference" bigint)),
      p as (
        insert into scm.supplier_payments (id, payment_no, supplier_id, payment_date, currency, rate, amount, amount_functional, unallocated, unallocated_functional, journal_entry_id, created_by)
        values (${payment.id}, ${payment.number}, ${supplier.id}, ${input.date}, ${supplier.currency}, ${conversion.rate}, ${input.amount}, ${amountFunctional},
                ${paymentOpen}, ${paymentOpenFunctional}, ${entry.id}, ${tx.actor}) returning id
      ), a as (
        insert into scm.supplier_payment_allocations (payment_id, bill_id, amount, cleared_functional, fx_difference)
        select p.id, x."itemId", x.amount, x."clearedFunctional", x."fxDifference" from p, x
      ), events as (${tx.eventsInsert()})
      update scm.vendor_bills b set open_amount = b.open_amount - s.amount, open_functional = b.open_functional - s.cleared
        from (select "itemId", sum(amount) as amount, sum("clearedFunctional") as cleared from x group by "itemId") s
       where b.id = s."itemId" and b.id = any(${records.map((r) => r.itemId)}::int[])`.execute(tx.db);
    return { paymentId: payment.id, paymentNo: payment.number, amountFunctional, allocated: input.amount - paymentOpen, unallocated: paymentOpen };
  },
);
