import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { currency, id, isoDate } from '../kernel/inputs.js';
import { addDaysIso } from '../kernel/dates.js';
import { convert } from '../core/currency.js';
import { postEntry } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyBasisPoints, MAX_AMOUNT } from '../finance/money.js';

/**
 * Invoices a customer for something that is not a delivery (a contract instalment, a service
 * fee): no order, no stock, lines without items. Each line is taxed by its tax category (an
 * item category) in the customer's region; without one it is zero-rated. Posts like any customer
 * invoice, Dr receivables / Cr revenue and sales tax, under source type 'service_invoice', and is
 * settled, credited and verified like every other invoice.
 */
export const issueServiceInvoice = defineCommand(
  'erp.issueServiceInvoice',
  z.object({
    customerId: id,
    date: isoDate,
    /** Defaults to the date plus the customer's payment terms; never before the invoice date. */
    dueDate: isoDate.optional(),
    /** Defaults to the customer's currency. */
    currency: currency.optional(),
    lines: z.array(z.object({ netAmount: z.number().int().positive().max(MAX_AMOUNT), taxCategory: z.string().min(1).optional() })).min(1).max(100),
    /** What is billed, for the journal memo and the event ('CT-0000012 instalment 2 of 4'). */
    reference: z.string().trim().min(1).max(200),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ currency: string; terms: number; status: string; tax_rates: Record<string, number>; categories: string[] }>`
      select c.currency, c.payment_terms_days as terms, c.status,
             coalesce((select jsonb_object_agg(t.category, t.rate_bp) from finance.tax_rates t where t.region = c.region), '{}') as tax_rates,
             coalesce((select jsonb_agg(k.code) from erp.item_categories k), '[]') as categories
        from crm.customers c where c.id = ${input.customerId}`.execute(tx.db);
    const customer = rows[0];
    if (!customer) throw new DomainError('NOT_FOUND', `customer ${input.customerId} does not exist`, 'customerId');
    if (customer.status !== 'active') throw new DomainError('NOT_ALLOWED', `customer ${input.customerId} is ${customer.status}`, 'customerId');
    const dueDate = input.dueDate ?? addDaysIso(input.date, customer.terms);
    if (dueDate < input.date) throw new DomainError('INVALID_INPUT', `the due date cannot precede the invoice date ${input.date}`, 'dueDate');
    const lines = input.lines.map((l, i) => {
      if (l.taxCategory !== undefined && !customer.categories.includes(l.taxCategory)) {
        throw new DomainError('NOT_FOUND', `tax category ${l.taxCategory} is not an item category`, `lines.${i}.taxCategory`);
      }
      const taxBp = l.taxCategory === undefined ? 0 : (customer.tax_rates[l.taxCategory] ?? 0);
      return { net_amount: l.netAmount, tax_bp: taxBp, tax_amount: applyBasisPoints(l.netAmount, taxBp) };
    });
    const net = lines.reduce((s, l) => s + l.net_amount, 0);
    const tax = lines.reduce((s, l) => s + l.tax_amount, 0);
    if (net + tax > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the invoice total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');

    const invoiceCurrency = input.currency ?? customer.currency;
    const posting = await beginPosting(tx.db, { table: 'erp.customer_invoices', sequence: 'erp.invoice_no', prefix: 'INV', date: input.date, currency: invoiceCurrency });
    const conversion = posting.conversion;
    const netFunctional = convert(conversion, net);
    const taxFunctional = convert(conversion, tax);
    const grossFunctional = netFunctional + taxFunctional;
    const invoice = { id: posting.id, number: posting.number };
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'service_invoice',
        sourceId: invoice.id,
        memo: `${invoice.number} ${input.reference}`.slice(0, 500),
        lines: postingRules.customerInvoice({ customerId: input.customerId, currency: invoiceCurrency, gross: net + tax, grossFunctional, netFunctional, taxFunctional }),
      },
      conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'customer_invoice',
      aggregateId: invoice.id,
      type: 'invoice.posted',
      payload: { invoiceNo: invoice.number, kind: 'service', orderId: null, customerId: input.customerId, net, tax, currency: invoiceCurrency, grossFunctional, reference: input.reference },
    });
    await sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(net_amount bigint, tax_bp int, tax_amount bigint)
      ), i as (
        insert into erp.customer_invoices (id, invoice_no, customer_id, order_id, invoice_date, due_date, currency, rate, net_amount, tax_amount,
                                           gross_amount, gross_functional, open_amount, open_functional, journal_entry_id, created_by)
        values (${invoice.id}, ${invoice.number}, ${input.customerId}, null, ${input.date}, ${dueDate}, ${invoiceCurrency}, ${conversion.rate},
                ${net}, ${tax}, ${net + tax}, ${grossFunctional}, ${net + tax}, ${grossFunctional}, ${entryId}, ${tx.actor})
        returning id
      ), il as (
        insert into erp.customer_invoice_lines (invoice_id, order_line_id, item_id, quantity, net_amount, tax_bp, tax_amount)
        select i.id, null, null, 1, x.net_amount, x.tax_bp, x.tax_amount from i, x
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { invoiceId: invoice.id, invoiceNo: invoice.number, dueDate, net, tax, gross: net + tax, grossFunctional, currency: invoiceCurrency };
  },
);
