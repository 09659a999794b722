import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, id, isoDate } from '../kernel/inputs.js';
import { nextDocument } from '../kernel/document-numbers.js';
import { conversionOn, convert, type Conversion } from '../core/currency.js';
import { assertPeriodOpen, postEntry } from '../finance/journal.js';
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
    await assertPeriodOpen(tx.db, input.date);
    const customer = await tx.db.selectFrom('crm.customers').select(['id', 'currency']).where('id', '=', input.customerId).executeTakeFirst();
    if (!customer) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    const paymentCurrency = input.currency ?? customer.currency;
    const conversion = await conversionOn(tx.db, paymentCurrency, input.date);
    const amountFunctional = convert(conversion, input.amount);
    const payment = await nextDocument(tx.db, 'erp.customer_payments', 'erp.payment_no', 'PAY');
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'customer_payment',
        sourceId: payment.id,
        memo: `${payment.number}${input.reference ? ` ${input.reference}` : ''}`,
        lines: postingRules.customerPayment({ customerId: customer.id, currency: paymentCurrency, amount: input.amount, amountFunctional }),
      },
      conversion.functionalCurrency,
    );
    await tx.db
      .insertInto('erp.customer_payments')
      .values({
        id: payment.id, payment_no: payment.number, customer_id: customer.id, payment_date: input.date, currency: paymentCurrency,
        rate: conversion.rate, amount: input.amount, amount_functional: amountFunctional, unallocated: input.amount,
        unallocated_functional: amountFunctional, reference: input.reference ?? null, journal_entry_id: entryId, created_by: tx.actor,
      })
      .execute();
    tx.emit({ aggregateType: 'customer_payment', aggregateId: payment.id, type: 'payment.received', payload: { paymentNo: payment.number, customerId: customer.id, amount: input.amount, currency: paymentCurrency, amountFunctional } });
    const allocated = await allocate(tx, { id: payment.id, customerId: customer.id, currency: paymentCurrency, date: input.date, conversion }, input.allocations);
    return { paymentId: payment.id, paymentNo: payment.number, amountFunctional, allocated: allocated.total, unallocated: input.amount - allocated.total, allocations: allocated.rows };
  },
);

/** Allocates what is left of a payment to open invoices (given, or oldest due first). */
export const allocateCustomerPayment = defineCommand(
  'erp.allocateCustomerPayment',
  z.object({ paymentId: id, date: isoDate, allocations: z.array(allocation).max(500).optional() }),
  async (tx, input) => {
    await assertPeriodOpen(tx.db, input.date);
    const payment = await tx.db.selectFrom('erp.customer_payments').selectAll().where('id', '=', input.paymentId).executeTakeFirst();
    if (!payment) throw new DomainError('NOT_FOUND', `payment ${input.paymentId} does not exist`, 'paymentId');
    const conversion = { ...(await conversionOn(tx.db, payment.currency, payment.payment_date)), rate: payment.rate };
    const allocated = await allocate(tx, { id: payment.id, customerId: payment.customer_id, currency: payment.currency, date: input.date, conversion }, input.allocations);
    return { paymentId: payment.id, allocated: allocated.total, allocations: allocated.rows };
  },
);

interface PaymentRef {
  id: number;
  customerId: number;
  currency: string;
  date: string;
  conversion: Conversion;
}

async function allocate(tx: Tx, ref: PaymentRef, requested: { invoiceId: number; amount: number }[] | undefined) {
  const payment = await tx.db.selectFrom('erp.customer_payments').select(['unallocated', 'unallocated_functional', 'payment_no']).where('id', '=', ref.id).forUpdate().executeTakeFirstOrThrow();
  const invoices = await openInvoices(tx.db, ref.customerId, ref.currency, requested?.map((r) => r.invoiceId));
  const { records, paymentOpen, paymentOpenFunctional } = planAllocations(
    { number: payment.payment_no, open: payment.unallocated, openFunctional: payment.unallocated_functional, convert: (a) => convert(ref.conversion, a) },
    invoices.map((i) => ({ id: i.id, number: i.invoice_no, open: i.open_amount, openFunctional: i.open_functional, convert: (a: number) => convert({ ...ref.conversion, rate: i.rate }, a) })),
    requested?.map((r) => ({ itemId: r.invoiceId, amount: r.amount })),
    { item: 'invoice', field: 'invoiceId' },
  );
  const rows = records.map((r) => ({ invoiceId: r.itemId, amount: r.amount, fxDifference: r.fxDifference }));
  if (records.length === 0) return { total: 0, rows };
  const fx = records.reduce((s, r) => s + r.fxDifference, 0);
  const entryId = fx === 0 ? null : await postEntry(
    tx.db,
    tx.actor,
    { date: ref.date, sourceType: 'payment_allocation', sourceId: ref.id, memo: `Exchange difference on ${payment.payment_no}`, lines: postingRules.receivableFxDifference({ customerId: ref.customerId, difference: fx }) },
    ref.conversion.functionalCurrency,
  );
  await sql`
    with x as (select * from jsonb_to_recordset(${JSON.stringify(records)}::jsonb) as x("itemId" int, amount bigint, "clearedFunctional" bigint, "fxDifference" bigint)),
    a as (
      insert into erp.payment_allocations (payment_id, invoice_id, allocation_date, amount, cleared_functional, fx_difference, journal_entry_id)
      select ${ref.id}, x."itemId", ${ref.date}, x.amount, x."clearedFunctional", x."fxDifference", ${entryId} from x
    ), p as (
      update erp.customer_payments set unallocated = ${paymentOpen}, unallocated_functional = ${paymentOpenFunctional} where id = ${ref.id}
    )
    update erp.customer_invoices i set open_amount = i.open_amount - s.amount, open_functional = i.open_functional - s.cleared
      from (select "itemId", sum(amount) as amount, sum("clearedFunctional") as cleared from x group by "itemId") s
     where i.id = s."itemId"`.execute(tx.db);
  tx.emit({ aggregateType: 'customer_payment', aggregateId: ref.id, type: 'payment.allocated', payload: { allocations: rows, fxDifference: fx } });
  return { total: records.reduce((s, r) => s + r.amount, 0), rows };
}

async function openInvoices(db: Kysely<DB>, customerId: number, currencyCode: string, only?: number[]) {
  let query = db
    .selectFrom('erp.customer_invoices')
    .select(['id', 'invoice_no', 'open_amount', 'open_functional', 'rate', 'due_date'])
    .where('customer_id', '=', customerId)
    .where('currency', '=', currencyCode)
    .where('open_amount', '>', 0);
  if (only) query = query.where('id', 'in', only.length > 0 ? only : [-1]);
  return query.orderBy('due_date').orderBy('id').forUpdate().execute();
}
