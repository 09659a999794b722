import type { Context } from '../kernel/command.js';
import * as erp from '../erp/index.js';
import * as crm from '../crm/index.js';
import { stream } from './random.js';
import { dayAfter } from './calendar.js';
import type { CustomerState } from './customers.js';
import type { Tally } from './tally.js';

/**
 * Customers plan to pay each invoice at its due date plus their own habitual delay, and pay in a
 * weekly run on their own weekday: one remittance for every invoice whose planned date has come
 * (so an invoice waits 0–6 days past its plan). One invoice in sixteen is paid in two halves a
 * fortnight apart, and one in fifty gets a goodwill credit note of 10% a week after it was issued.
 */
export async function runCollections(ctx: Context, seed: number, byCustomerId: Map<number, CustomerState>, today: string, tally: Tally): Promise<void> {
  const remittances = new Map<number, { invoiceId: number; amount: number; invoiceNo: string }[]>();
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  // Contract instalments are paid on the contract's own terms (commercial.ts).
  const contractInvoices = new Set(await crm.instalmentInvoiceIds(ctx.db));
  // Only the invoices something can happen to today: those of customers whose payment day it is,
  // and those issued a week ago (a goodwill credit note falls due).
  const paying = [...byCustomerId].filter(([, c]) => paymentWeekday(c) === weekday).map(([id]) => id);
  for (const invoice of await erp.openInvoices(ctx.db, { customerIds: paying, invoiceDate: dayAfter(today, -7) })) {
    if (contractInvoices.has(invoice.id)) continue;
    const customer = byCustomerId.get(invoice.customerId);
    if (!customer) continue; // not a simulated customer
    const { delay: drawn, split, goodwill } = invoiceEvent(seed, invoice.id);
    const paidOnce = invoice.openAmount < invoice.grossAmount;
    if (goodwill && !paidOnce && today === dayAfter(invoice.invoiceDate, 7)) {
      await erp.issueCreditNote(ctx, { invoiceId: invoice.id, date: today, amount: Math.max(1, Math.round(invoice.grossAmount / 10)), reason: 'goodwill: late delivery' });
      tally.commands++;
      continue;
    }
    if (weekday !== paymentWeekday(customer)) continue;
    const delay = Math.round(drawn + customer.plan.payDelayMeanDays);
    const planned = dayAfter(invoice.dueDate, Math.max(delay, -30));
    const due = paidOnce && split ? dayAfter(planned, 14) : planned;
    if (today < due || today < invoice.invoiceDate) continue;
    const amount = split && !paidOnce ? Math.ceil(invoice.openAmount / 2) : invoice.openAmount;
    remittances.set(invoice.customerId, [...(remittances.get(invoice.customerId) ?? []), { invoiceId: invoice.id, amount, invoiceNo: invoice.invoiceNo }]);
  }
  for (const [customerId, lines] of remittances) {
    const amount = lines.reduce((s, l) => s + l.amount, 0);
    await erp.recordCustomerPayment(ctx, {
      customerId,
      date: today,
      amount,
      allocations: lines.map(({ invoiceId, amount }) => ({ invoiceId, amount })),
      reference: `remittance for ${lines.map((l) => l.invoiceNo).join(', ')}`.slice(0, 120),
    });
    tally.commands++;
  }
}

/** Monday to Friday, by customer. */
export const paymentWeekday = (customer: CustomerState) => 1 + (customer.plan.index % 5);

/** What happens to an invoice, drawn once from its own stream. */
function invoiceEvent(seed: number, invoiceId: number) {
  const rng = stream(seed, 'invoice', invoiceId);
  return { delay: rng.normal(0, 3), split: rng.chance(1 / 16), goodwill: rng.chance(1 / 50) };
}
