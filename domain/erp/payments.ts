import { z } from 'zod';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, id, isoDate } from '../kernel/inputs.js';
import { conversionOn, convert, type Conversion } from '../core/currency.js';
import { assertPeriodOpen, journalEntryCtes, type EntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { planAllocations } from '../finance/settlement.js';

const allocation = z.object({ invoiceId: id, amount: z.number().int().positive() });

/**
 * Records money received from a customer (Dr bank / Cr receivables) and allocates it to open
 * invoices in the payment's currency: the given allocations, or oldest due first. What is not
 * allocated stays on the customer's account for a later allocation.
 */
export const recordCustomerPayment = defineCommand(
  'erp.recordCustomerPayment',
  z.object({
    customerId: id,
    date: isoDate,
    amount: z.number().int().positive(),
    /** Defaults to the customer's currency. */
    currency: currency.optional(),
    reference: z.string().max(120).optional(),
    allocations: z.array(allocation).max(500).optional(),
  }),
  async (tx, input) => {
    const customer = await tx.db.selectFrom('crm.customers').select(['id', 'currency']).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    const paymentCurrency = input.currency ?? customer.currency;
    const payment = await beginPosting(tx.db, { table: 'erp.customer_payments', sequence: 'erp.payment_no', prefix: 'PAY', date: input.date, currency: paymentCurrency });
    const conversion = payment.conversion;
    const amountFunctional = convert(conversion, input.amount);
    const ref = { id: payment.id, number: payment.number, customerId: customer.id, currency: paymentCurrency, date: input.date, conversion };
    const plan = await planSettlement(tx.db, ref, { open: input.amount, openFunctional: amountFunctional }, input.allocations);
    // The receipt and any exchange difference on what it settles post as one entry.
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'customer_payment',
        sourceId: payment.id,
        memo: `${payment.number}${input.reference ? ` ${input.reference}` : ''}`,
        lines: [
          ...postingRules.customerPayment({ customerId: customer.id, currency: paymentCurrency, amount: input.amount, amountFunctional }),
          ...(plan.fx === 0 ? [] : postingRules.receivableFxDifference({ customerId: customer.id, difference: plan.fx })),
        ],
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'customer_payment', aggregateId: payment.id, type: 'payment.received', payload: { paymentNo: payment.number, customerId: customer.id, amount: input.amount, currency: paymentCurrency, amountFunctional } });
    await writeSettlement(tx, ref, plan, entry, sql`
      insert into erp.customer_payments (id, payment_no, customer_id, payment_date, currency, rate, amount, amount_functional, unallocated,
                                         unallocated_functional, reference, journal_entry_id, created_by)
      values (${payment.id}, ${payment.number}, ${customer.id}, ${input.date}, ${paymentCurrency}, ${conversion.rate}, ${input.amount}, ${amountFunctional},
              ${plan.paymentOpen}, ${plan.paymentOpenFunctional}, ${input.reference ?? null}, ${entry.id}, ${tx.actor})`);
    return { paymentId: payment.id, paymentNo: payment.number, amountFunctional, allocated: plan.total, unallocated: input.amount - plan.total, allocations: plan.rows };
  },
);

/** Allocates what is left of a payment to open invoices (given, or oldest due first). */
export const allocateCustomerPayment = defineCommand(
  'erp.allocateCustomerPayment',
  z.object({ paymentId: id, date: isoDate, allocations: z.array(allocation).max(500).optional() }),
  async (tx, input) => {
    await assertPeriodOpen(tx.db, input.date);
    const payment = await tx.db.selectFrom('erp.customer_payments').selectAll().where('id', '=', input.paymentId).forUpdate().executeTakeFirst();
    if (!payment) throw new DomainError('NOT_FOUND', `payment ${input.paymentId} does not exist`, 'paymentId');
    const conversion = { ...(await conversionOn(tx.db, payment.currency, payment.payment_date)), rate: payment.rate };
    const ref = { id: payment.id, number: payment.payment_no, customerId: payment.customer_id, currency: payment.currency, date: input.date, conversion };
    const plan = await planSettlement(tx.db, ref, { open: payment.unallocated, openFunctional: payment.unallocated_functional }, input.allocations);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'payment_allocation', sourceId: payment.id, memo: `Exchange difference on ${payment.payment_no}`, lines: postingRules.receivableFxDifference({ customerId: payment.customer_id, difference: plan.fx }) },
      conversion.functionalCurrency,
    );
    await writeSettlement(tx, ref, plan, entry, sql`
      update erp.customer_payments set unallocated = ${plan.paymentOpen}, unallocated_functional = ${plan.paymentOpenFunctional} where id = ${payment.id}`);
    return { paymentId: payment.id, allocated: plan.total, allocations: plan.rows };
  },
);

interface PaymentRef {
  id: number;
  number: string;
  customerId: number;
  currency: string;
  date: string;
  conversion: Conversion;
}

type Settlement = Awaited<ReturnType<typeof planSettlement>>;

/** Which open invoices of the customer, in the payment's currency, the payment settles, and how. */
async function planSettlement(db: Kysely<DB>, ref: PaymentRef, open: { open: number; openFunctional: number }, requested: { invoiceId: number; amount: number }[] | undefined) {
  const invoices = await openInvoicesOf(db, ref.customerId, ref.currency, requested?.map((r) => r.invoiceId));
  const { records, paymentOpen, paymentOpenFunctional } = planAllocations(
    { number: ref.number, ...open, convert: (a) => convert(ref.conversion, a) },
    invoices.map((i) => ({ id: i.id, number: i.invoice_no, open: i.open_amount, openFunctional: i.open_functional, convert: (a: number) => convert({ ...ref.conversion, rate: i.rate }, a) })),
    requested?.map((r) => ({ itemId: r.invoiceId, amount: r.amount })),
    { item: 'invoice', field: 'invoiceId' },
  );
  return {
    records,
    paymentOpen,
    paymentOpenFunctional,
    fx: records.reduce((s, r) => s + r.fxDifference, 0),
    total: records.reduce((s, r) => s + r.amount, 0),
    rows: records.map((r) => ({ invoiceId: r.itemId, amount: r.amount, fxDifference: r.fxDifference })),
  };
}

/** Writes the payment (insert or update), its allocations, the invoices' open amounts and the events in one statement. */
async function writeSettlement(tx: Tx, ref: PaymentRef, plan: Settlement, entry: EntryCtes, paymentStatement: RawBuilder<unknown>) {
  if (plan.records.length > 0) {
    tx.emit({ aggregateType: 'customer_payment', aggregateId: ref.id, type: 'payment.allocated', payload: { allocations: plan.rows, fxDifference: plan.fx } });
  }
  await sql`
    with ${entry.ctes}, x as (select * from jsonb_to_recordset(${JSON.stringify(plan.records)}::jsonb) as x("itemId" int, amount bigint, "clearedFunctional" bigint, "fxDifference" bigint)),
    p as (${paymentStatement}),
    a as (
      insert into erp.payment_allocations (payment_id, invoice_id, allocation_date, amount, cleared_functional, fx_difference, journal_entry_id)
      select ${ref.id}, x."itemId", ${ref.date}, x.amount, x."clearedFunctional", x."fxDifference", ${plan.fx === 0 ? sql`null::bigint` : entry.id} from x
    ), events as (${tx.eventsInsert()})
    update erp.customer_invoices i set open_amount = i.open_amount - s.amount, open_functional = i.open_functional - s.cleared
      from (select "itemId", sum(amount) as amount, sum("clearedFunctional") as cleared from x group by "itemId") s
     where i.id = s."itemId" and i.id = any(${plan.records.map((r) => r.itemId)}::int[])`.execute(tx.db);
}

async function openInvoicesOf(db: Kysely<DB>, customerId: number, currencyCode: string, only?: number[]) {
  let query = db
    .selectFrom('erp.customer_invoices')
    .select(['id', 'invoice_no', 'open_amount', 'open_functional', 'rate', 'due_date'])
    .where('customer_id', '=', customerId)
    .where('currency', '=', currencyCode)
    .where('open_amount', '>', 0);
  if (only) query = query.where('id', 'in', only.length > 0 ? only : [-1]);
  return query.orderBy('due_date').orderBy('id').forUpdate().execute();
}
