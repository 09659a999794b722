import type { Context } from '../kernel/command.js';
import * as erp from '../erp/index.js';
import { stream } from './random.js';
import { dayAfter } from './calendar.js';
import type { CustomerState } from './customers.js';
import type { Tally } from './tally.js';

/**
 * Customers pay each invoice around its due date plus their own habitual delay, in one
 * remittance for everything they pay that day; one invoice in sixteen is paid in two halves a
 * fortnight apart, and one in fifty gets a goodwill credit note of 10% a week after it was issued.
 */
export async function runCollections(ctx: Context, seed: number, byCustomerId: Map<number, CustomerState>, today: string, tally: Tally): Promise<void> {
  const remittances = new Map<number, { invoiceId: number; amount: number; invoiceNo: string }[]>();
  for (const invoice of await erp.openInvoices(ctx.db)) {
    const customer = byCustomerId.get(invoice.customerId);
    if (!customer) continue; // not a simulated customer
    const rng = stream(seed, 'invoice', invoice.id);
    const delay = Math.round(rng.normal(customer.plan.payDelayMeanDays, 3));
    const split = rng.chance(1 / 16);
    const goodwill = rng.chance(1 / 50);
    const paidOnce = invoice.openAmount < invoice.grossAmount;
    if (goodwill && !paidOnce && today === dayAfter(invoice.invoiceDate, 7)) {
      await erp.issueCreditNote(ctx, { invoiceId: invoice.id, date: today, amount: Math.max(1, Math.round(invoice.grossAmount / 10)), reason: 'goodwill: late delivery' });
      tally.commands++;
      continue;
    }
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
