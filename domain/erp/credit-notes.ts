import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { mulDivRound } from '../finance/money.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';

/**
 * Credits part or all of an invoice's open amount (a price correction or goodwill; returned
 * goods come back through a return, which issues its credit note through here). Net and tax
 * keep the invoice's proportions and its rate. Posts Dr revenue and sales tax / Cr receivables.
 */
export const issueCreditNote = defineCommand(
  'erp.issueCreditNote',
  z.object({
    invoiceId: id,
    date: isoDate,
    /** Gross amount in the invoice's currency, minor units. */
    amount: z.number().int().positive(),
    reason: z.string().trim().min(1).max(500),
  }),
  async (tx, input) => {
    const invoice = await tx.db.selectFrom('erp.customer_invoices').selectAll().where('id', '=', input.invoiceId).forUpdate().executeTakeFirst();
    if (!invoice) throw new DomainError('NOT_FOUND', `invoice ${input.invoiceId} does not exist`, 'invoiceId');
    if (input.amount > invoice.open_amount) {
      throw new DomainError('EXCEEDS_OPEN_AMOUNT', `${input.amount} exceeds the open amount ${invoice.open_amount} of ${invoice.invoice_no}`, 'amount');
    }
    if (input.date < invoice.invoice_date) throw new DomainError('INVALID_INPUT', `a credit note cannot precede its invoice (${invoice.invoice_date})`, 'date');
    // The credit note carries the invoice's own rate, so it takes off what the invoice put on.
    const posting = await beginPosting(tx.db, { table: 'erp.credit_notes', sequence: 'erp.credit_note_no', prefix: 'CN', date: input.date, currency: invoice.currency });
    const conversion = { ...posting.conversion, rate: invoice.rate };
    const tax = mulDivRound(input.amount, invoice.tax_amount, invoice.gross_amount);
    const net = input.amount - tax;
    const grossFunctional = input.amount === invoice.open_amount
      ? invoice.open_functional
      : Math.min(convert(conversion, input.amount), invoice.open_functional);
    const taxFunctional = mulDivRound(grossFunctional, tax, input.amount);
    const netFunctional = grossFunctional - taxFunctional;

    const note = { id: posting.id, number: posting.number };
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'credit_note',
        sourceId: note.id,
        memo: `${note.number} on ${invoice.invoice_no}: ${input.reason}`,
        lines: postingRules.creditNote({ customerId: invoice.customer_id, currency: invoice.currency, gross: input.amount, grossFunctional, netFunctional, taxFunctional }),
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'customer_invoice', aggregateId: invoice.id, type: 'credit_note.issued', payload: { creditNoteId: note.id, creditNoteNo: note.number, amount: input.amount, grossFunctional, reason: input.reason } });
    await sql`
      with ${entry.ctes}, n as (
        insert into erp.credit_notes (id, credit_note_no, invoice_id, customer_id, credit_date, reason, net_amount, tax_amount, gross_amount, gross_functional, journal_entry_id, created_by)
        values (${note.id}, ${note.number}, ${invoice.id}, ${invoice.customer_id}, ${input.date}, ${input.reason}, ${net}, ${tax}, ${input.amount}, ${grossFunctional}, ${entry.id}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      update erp.customer_invoices set open_amount = open_amount - ${input.amount}, open_functional = open_functional - ${grossFunctional}
       where id = ${invoice.id}`.execute(tx.db);
    return { creditNoteId: note.id, creditNoteNo: note.number, net, tax, gross: input.amount, grossFunctional };
  },
);
