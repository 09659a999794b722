import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { addDaysIso } from '../kernel/dates.js';
import { convert } from '../core/currency.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyBasisPoints, mulDivRound } from '../finance/money.js';
import { lockOrderForInvoicing } from './sales-orders.js';

/**
 * Invoices everything delivered and not yet invoiced on an order, at the rate of the invoice
 * date. A line invoiced in parts carries its net amount pro rata, the last part taking the
 * remainder. Posts Dr receivables / Cr revenue and sales tax.
 */
export const invoiceSalesOrder = defineCommand(
  'erp.invoiceSalesOrder',
  z.object({ orderId: id, date: isoDate }),
  async (tx, input) => {
    const { order, lines, paymentTermsDays, lastDelivery } = await lockOrderForInvoicing(tx.db, input.orderId);
    const billable = lines.filter((l) => l.delivered_qty > l.invoiced_qty);
    if (billable.length === 0) throw new DomainError('NOTHING_TO_INVOICE', `sales order ${order.order_no} has no delivered quantity left to invoice`, 'orderId');
    if (lastDelivery && input.date < lastDelivery) throw new DomainError('INVALID_INPUT', `an invoice cannot precede the delivery of ${lastDelivery}`, 'date');
    const posting = await beginPosting(tx.db, { table: 'erp.customer_invoices', sequence: 'erp.invoice_no', prefix: 'INV', date: input.date, currency: order.currency });
    const conversion = posting.conversion;

    const invoiceLines = billable.map((l) => {
      const qty = l.delivered_qty - l.invoiced_qty;
      const net = l.invoiced_qty + qty === l.quantity ? l.net_amount - l.invoiced_net : mulDivRound(l.net_amount, qty, l.quantity);
      return { order_line_id: l.id, item_id: l.item_id, quantity: qty, net_amount: net, tax_bp: l.tax_bp, tax_amount: applyBasisPoints(net, l.tax_bp) };
    });
    const net = invoiceLines.reduce((s, l) => s + l.net_amount, 0);
    const tax = invoiceLines.reduce((s, l) => s + l.tax_amount, 0);
    const netFunctional = convert(conversion, net);
    const taxFunctional = convert(conversion, tax);
    const grossFunctional = netFunctional + taxFunctional;

    const invoice = { id: posting.id, number: posting.number };
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: 'customer_invoice',
        sourceId: invoice.id,
        memo: `${invoice.number} for ${order.order_no}`,
        lines: postingRules.customerInvoice({ customerId: order.customer_id, currency: order.currency, gross: net + tax, grossFunctional, netFunctional, taxFunctional }),
      },
      conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'customer_invoice', aggregateId: invoice.id, type: 'invoice.posted', payload: { invoiceNo: invoice.number, orderId: order.id, customerId: order.customer_id, net, tax, currency: order.currency, grossFunctional } });
    // The order is done when nothing is left to deliver: this invoice covers every delivery.
    const done = lines.every((l) => l.delivered_qty + l.cancelled_qty === l.quantity);
    await sql`
      with ${entry.ctes}, x as (
        select * from jsonb_to_recordset(${JSON.stringify(invoiceLines)}::jsonb)
          as x(order_line_id int, item_id int, quantity bigint, net_amount bigint, tax_bp int, tax_amount bigint)
      ), i as (
        insert into erp.customer_invoices (id, invoice_no, customer_id, order_id, invoice_date, due_date, currency, rate, net_amount, tax_amount,
                                           gross_amount, gross_functional, open_amount, open_functional, journal_entry_id, created_by)
        values (${invoice.id}, ${invoice.number}, ${order.customer_id}, ${order.id}, ${input.date}, ${addDaysIso(input.date, paymentTermsDays)},
                ${order.currency}, ${conversion.rate}, ${net}, ${tax}, ${net + tax}, ${grossFunctional}, ${net + tax}, ${grossFunctional}, ${entry.id}, ${tx.actor})
        returning id
      ), il as (
        insert into erp.customer_invoice_lines (invoice_id, order_line_id, item_id, quantity, net_amount, tax_bp, tax_amount)
        select i.id, x.order_line_id, x.item_id, x.quantity, x.net_amount, x.tax_bp, x.tax_amount from i, x
      ), closed as (
        update erp.sales_orders o set status = 'closed' where o.id = ${order.id} and o.status = 'open' and ${done}
      ), events as (${tx.eventsInsert()})
      update erp.sales_order_lines l set invoiced_qty = l.invoiced_qty + x.quantity, invoiced_net = l.invoiced_net + x.net_amount
        from x where l.id = x.order_line_id and l.id = any(${invoiceLines.map((l) => l.order_line_id)}::int[])`.execute(tx.db);
    return { invoiceId: invoice.id, invoiceNo: invoice.number, net, tax, gross: net + tax, grossFunctional, currency: order.currency };
  },
);
