import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';
import { convert } from '../core/currency.js';
import { mulDivRound } from '../finance/money.js';
import { assertPeriodOpen, postEntry } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyStockChanges } from './stock.js';

/**
 * What ERP does for goods a customer sends back (the return itself — request, approval,
 * inspection — is CRM's after-sales): the goods go back into stock at the cost they left at, or
 * are written off; the invoice is credited for them, and what the customer already paid is
 * refunded. Parts of a line are valued cumulatively (the first n units of a line are worth
 * round(total × n / quantity)), so the parts of a line always sum to the line.
 */
const cumulative = (total: number, n: number, whole: number) => (n >= whole ? total : mulDivRound(total, n, whole));
const slice = (total: number, before: number, n: number, whole: number) => cumulative(total, before + n, whole) - cumulative(total, before, whole);

export interface ReturnableInvoiceLine {
  invoiceLineId: number;
  invoiceId: number;
  invoiceNo: string;
  /** Units of the delivery line this invoice line billed. */
  overlap: number;
  /** The invoice line's own quantity, net and tax (invoice currency). */
  quantity: number;
  netAmount: number;
  taxAmount: number;
  currency: string;
  rate: string;
}

export interface ReturnableDeliveryLine {
  deliveryLineId: number;
  orderLineId: number;
  itemId: number;
  quantity: number;
  costAmount: number;
  /** The invoice lines that billed this delivery line's units, oldest first. */
  invoiceLines: ReturnableInvoiceLine[];
}

export interface ReturnableDelivery {
  deliveryId: number;
  deliveryNo: string;
  deliveryDate: string;
  orderId: number;
  customerId: number;
  warehouseId: number;
  currency: string;
  lines: ReturnableDeliveryLine[];
}

/**
 * A delivery with its lines and, for each, the invoice lines that billed its units: an order
 * line's units are delivered and invoiced in sequence, so delivery line units (a, b] were billed
 * by the invoice lines whose units overlap them. Read-only; undefined when it does not exist.
 */
export async function returnableDelivery(db: Kysely<DB>, deliveryId: number): Promise<ReturnableDelivery | undefined> {
  const { rows } = await sql<ReturnableDelivery>`
    with d as (
      select d.id, d.delivery_no, d.delivery_date, d.order_id, d.warehouse_id, o.customer_id, o.currency
        from erp.deliveries d join erp.sales_orders o on o.id = d.order_id where d.id = ${deliveryId}
    ), dl as (
      select l.id, l.delivery_id, l.order_line_id, l.item_id, l.quantity, l.cost_amount,
             sum(l.quantity) over (partition by l.order_line_id order by l.delivery_id, l.id) - l.quantity as first_unit
        from erp.delivery_lines l where l.order_line_id in (select order_line_id from erp.delivery_lines where delivery_id = ${deliveryId})
    ), il as (
      select l.id, l.invoice_id, i.invoice_no, l.order_line_id, l.quantity, l.net_amount, l.tax_amount, i.currency, i.rate,
             sum(l.quantity) over (partition by l.order_line_id order by l.invoice_id, l.id) - l.quantity as first_unit
        from erp.customer_invoice_lines l join erp.customer_invoices i on i.id = l.invoice_id
       where l.order_line_id in (select order_line_id from erp.delivery_lines where delivery_id = ${deliveryId})
    )
    select d.id as "deliveryId", d.delivery_no as "deliveryNo", d.delivery_date as "deliveryDate", d.order_id as "orderId",
           d.customer_id as "customerId", d.warehouse_id as "warehouseId", d.currency,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'deliveryLineId', dl.id, 'orderLineId', dl.order_line_id, 'itemId', dl.item_id, 'quantity', dl.quantity, 'costAmount', dl.cost_amount,
                       'invoiceLines', coalesce((
                         select jsonb_agg(jsonb_build_object(
                                  'invoiceLineId', il.id, 'invoiceId', il.invoice_id, 'invoiceNo', il.invoice_no,
                                  'overlap', least(dl.first_unit + dl.quantity, il.first_unit + il.quantity) - greatest(dl.first_unit, il.first_unit),
                                  'quantity', il.quantity, 'netAmount', il.net_amount, 'taxAmount', il.tax_amount, 'currency', il.currency, 'rate', il.rate::text)
                                  order by il.invoice_id, il.id)
                           from il where il.order_line_id = dl.order_line_id
                            and least(dl.first_unit + dl.quantity, il.first_unit + il.quantity) > greatest(dl.first_unit, il.first_unit)), '[]'))
                       order by dl.id)
                      from dl where dl.delivery_id = d.id), '[]') as lines
      from d`.execute(db);
  return rows[0];
}

/**
 * Takes returned goods back: per delivery line, `restock` units into the delivery's warehouse at
 * the cost they left at (Dr inventory / Cr cost of goods sold) and `scrap` units written off
 * (Dr inventory adjustments / Cr cost of goods sold). `returnedBefore` is how many units of the
 * line earlier returns took back, so the parts of the line's cost sum to its cost.
 */
export const receiveReturnedGoods = defineCommand(
  'erp.receiveReturnedGoods',
  z.object({
    sourceType: z.string().min(1).max(40),
    sourceId: id,
    reference: z.string().min(1).max(60),
    date: isoDate,
    lines: z.array(z.object({ deliveryLineId: id, restock: z.number().int().nonnegative(), scrap: z.number().int().nonnegative(), returnedBefore: z.number().int().nonnegative() })).min(1).max(200),
  }),
  async (tx, input) => {
    await assertPeriodOpen(tx.db, input.date);
    const { rows } = await sql<{ id: number; item_id: number; quantity: number; cost_amount: number; warehouse_id: number; delivery_date: string; functional: string }>`
      select l.id, l.item_id, l.quantity, l.cost_amount, d.warehouse_id, d.delivery_date,
             (select value #>> '{}' from core.settings where key = 'functional_currency') as functional
        from erp.delivery_lines l join erp.deliveries d on d.id = l.delivery_id
       where l.id = any(${input.lines.map((l) => l.deliveryLineId)}::int[])`.execute(tx.db);
    const byId = new Map(rows.map((r) => [r.id, r]));
    const lines = input.lines.map((l, i) => {
      const d = byId.get(l.deliveryLineId);
      if (!d) throw new DomainError('NOT_FOUND', `delivery line ${l.deliveryLineId} does not exist`, `lines.${i}.deliveryLineId`);
      if (l.returnedBefore + l.restock + l.scrap > d.quantity) {
        throw new DomainError('EXCEEDS_OPEN_QUANTITY', `delivery line ${d.id}: ${l.restock + l.scrap} more returned would exceed the ${d.quantity} delivered`, `lines.${i}`);
      }
      if (input.date < d.delivery_date) throw new DomainError('INVALID_INPUT', `goods cannot come back before their delivery of ${d.delivery_date}`, 'date');
      const restockCost = slice(d.cost_amount, l.returnedBefore, l.restock, d.quantity);
      const scrapCost = slice(d.cost_amount, l.returnedBefore + l.restock, l.scrap, d.quantity);
      return { ...l, itemId: d.item_id, warehouseId: d.warehouse_id, restockCost, scrapCost, field: `lines.${i}` };
    });
    const restocked = lines.filter((l) => l.restock > 0);
    await applyStockChanges(
      tx.db,
      { date: input.date, kind: 'return', sourceType: input.sourceType, sourceId: input.sourceId },
      restocked.map((l) => ({ itemId: l.itemId, warehouseId: l.warehouseId, quantity: l.restock, value: l.restockCost, field: l.field })),
    );
    const restockedCost = lines.reduce((s, l) => s + l.restockCost, 0);
    const scrappedCost = lines.reduce((s, l) => s + l.scrapCost, 0);
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date: input.date,
        sourceType: input.sourceType,
        sourceId: input.sourceId,
        memo: `Goods returned on ${input.reference}`,
        lines: [...postingRules.returnToStock({ cost: restockedCost }), ...postingRules.returnScrapped({ cost: scrappedCost })],
      },
      rows[0]!.functional,
    );
    tx.emit({ aggregateType: input.sourceType, aggregateId: input.sourceId, type: 'returned_goods.received', payload: { reference: input.reference, restockedCost, scrappedCost } });
    return {
      journalEntryId: entryId,
      restockedCost,
      scrappedCost,
      lines: lines.map((l) => ({ deliveryLineId: l.deliveryLineId, restockCost: l.restockCost, scrapCost: l.scrapCost })),
    };
  },
);

export interface ReturnCredit {
  invoiceId: number;
  net: number;
  tax: number;
  /** Taken off the invoice's open amount by a credit note (invoice currency). */
  credited: number;
  creditNoteId: number | null;
  /** Paid back, because the invoice was already paid (invoice currency). */
  refunded: number;
  refundId: number | null;
  /** Not credited at all: earlier credit notes (goodwill) had already given it. */
  uncredited: number;
}

/**
 * Credits returned goods at the prices they were invoiced at, per invoice line (`creditedBefore`
 * = units of the line earlier returns credited; each line's net and tax come back in `lines`). Per invoice, a credit note takes the value off
 * the open amount (Dr revenue and sales tax / Cr receivables); whatever the open amount cannot
 * absorb because the customer already paid is refunded (Dr revenue and sales tax / Cr bank), up
 * to what was paid and not yet refunded.
 */
export const creditReturnedGoods = defineCommand(
  'erp.creditReturnedGoods',
  z.object({
    sourceType: z.string().min(1).max(40),
    sourceId: id,
    reference: z.string().min(1).max(60),
    date: isoDate,
    reason: z.string().trim().min(1).max(500),
    lines: z.array(z.object({ invoiceLineId: id, quantity: z.number().int().positive(), creditedBefore: z.number().int().nonnegative() })).min(1).max(200),
  }),
  async (tx, input) => {
    // The invoices are locked: their open amounts and settlements decide the split.
    const { rows } = await sql<{
      line_id: number; quantity: number; net_amount: number; tax_amount: number; invoice_id: number; invoice_no: string; customer_id: number;
      invoice_date: string; currency: string; rate: string; open_amount: number; open_functional: number; refundable: number;
    }>`
      select l.id as line_id, l.quantity, l.net_amount, l.tax_amount, i.id as invoice_id, i.invoice_no, i.customer_id, i.invoice_date,
             i.currency, i.rate::text as rate, i.open_amount, i.open_functional,
             (coalesce((select sum(a.amount) from erp.payment_allocations a where a.invoice_id = i.id), 0)
              - coalesce((select sum(r.amount) from erp.customer_refunds r where r.invoice_id = i.id), 0))::bigint as refundable
        from erp.customer_invoice_lines l join erp.customer_invoices i on i.id = l.invoice_id
       where l.id = any(${input.lines.map((l) => l.invoiceLineId)}::int[])
       order by i.id
         for update of i`.execute(tx.db);
    const byLine = new Map(rows.map((r) => [r.line_id, r]));
    const invoices = new Map<number, (typeof rows)[number] & { net: number; tax: number }>();
    const lines = input.lines.map((l, i) => {
      const r = byLine.get(l.invoiceLineId);
      if (!r) throw new DomainError('NOT_FOUND', `invoice line ${l.invoiceLineId} does not exist`, `lines.${i}.invoiceLineId`);
      if (l.creditedBefore + l.quantity > r.quantity) {
        throw new DomainError('EXCEEDS_OPEN_QUANTITY', `invoice line ${r.line_id}: ${l.quantity} more credited would exceed the ${r.quantity} invoiced`, `lines.${i}.quantity`);
      }
      if (input.date < r.invoice_date) throw new DomainError('INVALID_INPUT', `a credit cannot precede its invoice (${r.invoice_date})`, 'date');
      const inv = invoices.get(r.invoice_id) ?? { ...r, net: 0, tax: 0 };
      const net = slice(r.net_amount, l.creditedBefore, l.quantity, r.quantity);
      const tax = slice(r.tax_amount, l.creditedBefore, l.quantity, r.quantity);
      inv.net += net;
      inv.tax += tax;
      invoices.set(r.invoice_id, inv);
      return { invoiceLineId: l.invoiceLineId, invoiceId: r.invoice_id, net, tax };
    });

    const credits: ReturnCredit[] = [];
    for (const inv of invoices.values()) {
      const gross = inv.net + inv.tax;
      const credited = Math.min(gross, inv.open_amount);
      const refunded = Math.min(gross - credited, Math.max(0, inv.refundable));
      const credit: ReturnCredit = { invoiceId: inv.invoice_id, net: inv.net, tax: inv.tax, credited, creditNoteId: null, refunded, refundId: null, uncredited: gross - credited - refunded };
      const memo = `${input.reference}: ${input.reason}`;
      if (credited > 0) {
        const posting = await beginPosting(tx.db, { table: 'erp.credit_notes', sequence: 'erp.credit_note_no', prefix: 'CN', date: input.date, currency: inv.currency });
        const conversion = { ...posting.conversion, rate: inv.rate };
        const tax = mulDivRound(credited, inv.tax, gross);
        const grossFunctional = credited === inv.open_amount ? inv.open_functional : Math.min(convert(conversion, credited), inv.open_functional);
        const taxFunctional = mulDivRound(grossFunctional, tax, credited);
        const entryId = await postEntry(
          tx.db,
          tx.actor,
          {
            date: input.date, sourceType: 'credit_note', sourceId: posting.id, memo: `${posting.number} on ${inv.invoice_no}: ${memo}`,
            lines: postingRules.creditNote({ customerId: inv.customer_id, currency: inv.currency, gross: credited, grossFunctional, netFunctional: grossFunctional - taxFunctional, taxFunctional }),
          },
          conversion.functionalCurrency,
        );
        tx.emit({ aggregateType: 'customer_invoice', aggregateId: inv.invoice_id, type: 'credit_note.issued', payload: { creditNoteId: posting.id, creditNoteNo: posting.number, amount: credited, grossFunctional, reason: memo, returned: true } });
        await sql`
          with n as (
            insert into erp.credit_notes (id, credit_note_no, invoice_id, customer_id, credit_date, reason, net_amount, tax_amount, gross_amount, gross_functional, journal_entry_id, created_by)
            values (${posting.id}, ${posting.number}, ${inv.invoice_id}, ${inv.customer_id}, ${input.date}, ${memo}, ${credited - tax}, ${tax}, ${credited}, ${grossFunctional}, ${entryId}, ${tx.actor})
          ), events as (${tx.eventsInsert()})
          update erp.customer_invoices set open_amount = open_amount - ${credited}, open_functional = open_functional - ${grossFunctional}
           where id = ${inv.invoice_id}`.execute(tx.db);
        credit.creditNoteId = posting.id;
      }
      if (refunded > 0) {
        const posting = await beginPosting(tx.db, { table: 'erp.customer_refunds', sequence: 'erp.refund_no', prefix: 'RF', date: input.date, currency: inv.currency });
        const tax = refunded === gross - credited ? inv.tax - mulDivRound(credited, inv.tax, gross) : mulDivRound(refunded, inv.tax, gross);
        const creditedFunctional = convert({ ...posting.conversion, rate: inv.rate }, refunded);
        const taxFunctional = mulDivRound(creditedFunctional, tax, refunded);
        const amountFunctional = convert(posting.conversion, refunded);
        const entryId = await postEntry(
          tx.db,
          tx.actor,
          {
            date: input.date, sourceType: 'customer_refund', sourceId: posting.id, memo: `${posting.number} on ${inv.invoice_no}: ${memo}`,
            lines: postingRules.customerRefund({ currency: inv.currency, amount: refunded, amountFunctional, netFunctional: creditedFunctional - taxFunctional, taxFunctional }),
          },
          posting.conversion.functionalCurrency,
        );
        tx.emit({ aggregateType: 'customer_invoice', aggregateId: inv.invoice_id, type: 'refund.paid', payload: { refundId: posting.id, refundNo: posting.number, amount: refunded, amountFunctional, reason: memo } });
        await sql`
          with events as (${tx.eventsInsert()})
          insert into erp.customer_refunds (id, refund_no, customer_id, invoice_id, refund_date, currency, rate, net_amount, tax_amount, amount, amount_functional,
                                            credited_functional, source_type, source_id, reason, journal_entry_id, created_by)
          values (${posting.id}, ${posting.number}, ${inv.customer_id}, ${inv.invoice_id}, ${input.date}, ${inv.currency}, ${posting.conversion.rate},
                  ${refunded - tax}, ${tax}, ${refunded}, ${amountFunctional}, ${creditedFunctional}, ${input.sourceType}, ${String(input.sourceId)}, ${memo}, ${entryId}, ${tx.actor})`.execute(tx.db);
        credit.refundId = posting.id;
      }
      credits.push(credit);
    }
    return { credits, lines, credited: credits.reduce((s, c) => s + c.credited, 0), refunded: credits.reduce((s, c) => s + c.refunded, 0) };
  },
);
