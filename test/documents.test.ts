import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { core, finance, readDocument, READABLE_DOCUMENTS, isDocumentKind, type AnyDocument, type Context, type DocumentKind, type DocumentsByKind } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { documentView } from '../dashboards/lib/document-view.js';

/**
 * Documents read by number on a small simulated company: every kind is found by the numbers the
 * warehouse carries, its lines add up to its header, what it says it relates to exists (and
 * names it back), and the journal entries behind it balance and name it as their source.
 */
const COMPANY = { seed: 11, scale: 0.1, start: '2024-01-01', days: 120 };

/** Up to `n` numbers per kind: the oldest and newest, and those with the relations worth checking. */
const SAMPLES: Record<DocumentKind, string> = {
  'sales-order': `select order_no from erp.sales_orders o
                   order by (exists (select 1 from erp.credit_notes n join erp.customer_invoices i on i.id = n.invoice_id where i.order_id = o.id)) desc,
                            (exists (select 1 from erp.deliveries d join crm.returns r on r.delivery_id = d.id where d.order_id = o.id)) desc,
                            (status = 'cancelled') desc, id`,
  delivery: `select delivery_no from erp.deliveries d order by (exists (select 1 from crm.returns r where r.delivery_id = d.id)) desc,
                     (exists (select 1 from crm.service_tickets t where t.delivery_id = d.id)) desc, id desc`,
  invoice: `select invoice_no from erp.customer_invoices i order by (order_id is null) desc, (exists (select 1 from erp.credit_notes n where n.invoice_id = i.id)) desc,
                    (open_amount > 0) desc, id`,
  'credit-note': `select credit_note_no from erp.credit_notes order by (reason like 'RMA-%') desc, id`,
  return: `select return_no from crm.returns order by (status = 'completed') desc, id`,
  'customer-payment': `select payment_no from erp.customer_payments order by (unallocated > 0) desc, id`,
  'purchase-order': `select po_no from scm.purchase_orders p
                      order by (exists (select 1 from scm.supplier_returns x where x.po_id = p.id)) desc, (exists (select 1 from scm.asns a where a.po_id = p.id)) desc,
                               (exists (select 1 from scm.requisitions r join scm.purchase_order_lines l on l.id = r.po_line_id where l.po_id = p.id)) desc, id`,
  receipt: `select receipt_no from scm.goods_receipts g order by (exists (select 1 from scm.inspections n where n.receipt_id = g.id and n.rejected_qty > 0)) desc, id`,
  'vendor-bill': `select bill_no from scm.vendor_bills b
                   order by (exists (select 1 from scm.supplier_credits c where c.bill_id = b.id)) desc,
                            (exists (select 1 from scm.supplier_payment_allocations a where a.bill_id = b.id and a.discount > 0)) desc, (open_amount > 0) desc, id`,
  'supplier-payment': `select payment_no from scm.supplier_payments order by (payment_run_id is not null) desc, id`,
  requisition: `select requisition_no from scm.requisitions order by (status = 'ordered') desc, id`,
  'service-ticket': `select ticket_no from crm.service_tickets order by (delivery_id is not null) desc, id`,
  'production-order': `select order_no from erp.production_orders order by (status = 'closed') desc, id`,
  'journal-entry': `select distinct on (source_type) entry_no from finance.journal_entries order by source_type, id`,
};
const PER_KIND = 6;

describe('documents read by number', () => {
  let database: TestDatabase;
  let ctx: Context;
  let asOf: string;
  let functional: string;
  const numbers = {} as Record<DocumentKind, string[]>;
  const read = <K extends DocumentKind>(kind: K, number: string) => readDocument(database.db, kind, number, { asOf });
  const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);
  const related = (doc: AnyDocument, kind: string) => doc.related.filter((r) => r.kind === kind);

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    const result = await simulate(ctx, COMPANY);
    asOf = result.lastDate;
    functional = await core.functionalCurrency(database.db);
    for (const kind of READABLE_DOCUMENTS) {
      const { rows } = await sql<Record<string, string>>`${sql.raw(SAMPLES[kind])}`.execute(database.db);
      const all = rows.map((r) => Object.values(r)[0]!);
      numbers[kind] = kind === 'journal-entry' ? all : [...new Set([...all.slice(0, PER_KIND - 1), all.at(-1)!])];
    }
  });
  afterAll(async () => {
    await database?.drop();
  });

  it('finds documents of every kind on the simulated company', () => {
    for (const kind of READABLE_DOCUMENTS) expect(numbers[kind].length, kind).toBeGreaterThan(0);
  });

  it.each(READABLE_DOCUMENTS)('reads %s by number, and nothing for a number that does not exist', async (kind) => {
    for (const number of numbers[kind]) {
      const doc = await read(kind, number);
      expect(doc, `${kind} ${number}`).not.toBeNull();
      expect(doc!.kind).toBe(kind);
      expect(doc!.number).toBe(number);
      expect(doc!.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(doc!.currency).toMatch(/^[A-Z]{3}$/);
      for (const r of doc!.related) {
        expect(r.number, `${kind} ${number}: ${r.relation}`).toBeTruthy();
        if (r.amount !== null) expect(Number.isSafeInteger(r.amount)).toBe(true);
      }
      // As its page lays it out: one cell per column in every row and totals row.
      for (const table of documentView(doc!, functional).tables) {
        for (const row of [...table.rows, ...(table.footer ? [table.footer] : [])]) expect(row, `${kind} ${number} ${table.title}`).toHaveLength(table.columns.length);
      }
    }
    expect(await read(kind, 'NO-SUCH-0000000')).toBeNull();
  });

  it('sales orders: lines add up to the header, and their invoices to what the lines say was invoiced', async () => {
    for (const number of numbers['sales-order']) {
      const order = (await read('sales-order', number))!;
      expect(sum(order.lines, (l) => l.net)).toBe(order.totals.net);
      expect(sum(order.lines, (l) => l.tax)).toBe(order.totals.tax);
      expect(order.totals.gross).toBe(order.totals.net + order.totals.tax);
      const invoices = await Promise.all(related(order, 'invoice').map((r) => read('invoice', r.number)));
      expect(sum(invoices, (i) => i!.totals.net)).toBe(order.totals.invoicedNet);
      for (const line of order.lines) {
        const invoiced = sum(invoices.flatMap((i) => i!.lines.filter((l) => l.orderLineNo === line.lineNo)), (l) => l.quantity);
        expect(invoiced, `${number} line ${line.lineNo}`).toBe(line.invoiced);
        expect(line.delivered + line.cancelled).toBeLessThanOrEqual(line.quantity);
      }
      const deliveries = await Promise.all(related(order, 'delivery').map((r) => read('delivery', r.number)));
      for (const line of order.lines) {
        expect(sum(deliveries.flatMap((d) => d!.lines.filter((l) => l.orderLineNo === line.lineNo)), (l) => l.quantity)).toBe(line.delivered);
      }
      for (const d of deliveries) expect(d!.orderNo).toBe(number);
    }
  });

  it('deliveries: line costs add up, the lots shipped add up to each line, and the invoices that billed it belong to its order', async () => {
    for (const number of numbers.delivery) {
      const delivery = (await read('delivery', number))!;
      expect(sum(delivery.lines, (l) => l.cost)).toBe(delivery.totals.cost);
      for (const line of delivery.lines) expect(sum(line.lots, (x) => x.quantity), `${number} line ${line.orderLineNo}`).toBe(line.quantity);
      for (const r of related(delivery, 'invoice')) expect((await read('invoice', r.number))!.orderNo).toBe(delivery.orderNo);
    }
  });

  it('invoices: lines add up, and what is open is the gross less payments and credit notes', async () => {
    for (const number of numbers.invoice) {
      const invoice = (await read('invoice', number))!;
      expect(sum(invoice.lines, (l) => l.net)).toBe(invoice.totals.net);
      expect(sum(invoice.lines, (l) => l.tax)).toBe(invoice.totals.tax);
      expect(invoice.totals.gross).toBe(invoice.totals.net + invoice.totals.tax);
      expect(invoice.totals.open).toBe(invoice.totals.gross - invoice.totals.paid - invoice.totals.credited);
      expect(invoice.invoiceKind === 'service').toBe(invoice.orderNo === null);
      for (const r of related(invoice, 'credit-note')) expect((await read('credit-note', r.number))!.invoiceNo).toBe(number);
    }
  });

  it('credit notes: gross is net plus tax, and a return credit names its return', async () => {
    for (const number of numbers['credit-note']) {
      const note = (await read('credit-note', number))!;
      expect(note.totals.gross).toBe(note.totals.net + note.totals.tax);
      expect(related(note, 'invoice').map((r) => r.number)).toEqual([note.invoiceNo]);
      if (note.reason.startsWith('RMA-')) expect(related(note, 'return')).toHaveLength(1);
    }
  });

  it('returns: what inspection credited is what the credit notes and refunds paid, and the credit notes name the return back', async () => {
    let completed = 0;
    for (const number of numbers.return) {
      const ret = (await read('return', number))!;
      expect(related(ret, 'delivery')).toHaveLength(1);
      if (ret.status !== 'completed') continue;
      completed++;
      expect(ret.totals.net + ret.totals.tax).toBe(ret.totals.credited! + ret.totals.refunded!);
      const credits = [...related(ret, 'credit-note'), ...related(ret, 'refund')];
      expect(sum(credits, (r) => r.amount ?? 0)).toBe(ret.totals.credited! + ret.totals.refunded!);
      for (const r of related(ret, 'credit-note')) expect(related((await read('credit-note', r.number))!, 'return').map((x) => x.number)).toEqual([number]);
    }
    expect(completed).toBeGreaterThan(0);
  });

  it('payments: allocations and what is left unallocated make the payment', async () => {
    for (const number of numbers['customer-payment']) {
      const p = (await read('customer-payment', number))!;
      expect(p.totals.allocated + p.totals.unallocated).toBe(p.totals.amount);
      expect(new Set(p.lines.map((l) => l.invoiceNo))).toEqual(new Set(related(p, 'invoice').map((r) => r.number)));
    }
    for (const number of numbers['supplier-payment']) {
      const p = (await read('supplier-payment', number))!;
      expect(p.totals.allocated + p.totals.unallocated).toBe(p.totals.amount);
      expect(new Set(p.lines.map((l) => l.billNo))).toEqual(new Set(related(p, 'vendor-bill').map((r) => r.number)));
    }
  });

  it('purchase orders, receipts and bills add up and point at each other', async () => {
    for (const number of numbers['purchase-order']) {
      const po = (await read('purchase-order', number))!;
      expect(sum(po.lines, (l) => l.amount)).toBe(po.totals.net);
      const receipts = await Promise.all(related(po, 'receipt').map((r) => read('receipt', r.number)));
      for (const line of po.lines) {
        expect(sum(receipts.flatMap((g) => g!.lines.filter((l) => l.poLineNo === line.lineNo)), (l) => l.quantity), `${number} line ${line.lineNo}`).toBe(line.received);
      }
      for (const g of receipts) expect(g!.poNo).toBe(number);
      const bills = await Promise.all(related(po, 'vendor-bill').map((r) => read('vendor-bill', r.number)));
      expect(sum(bills, (b) => b!.totals.gross)).toBe(po.totals.billed);
      for (const b of bills) expect(b!.poNo).toBe(number);
      for (const r of related(po, 'requisition')) expect((await read('requisition', r.number))!.ordered!.poNo).toBe(number);
    }
    for (const number of numbers.receipt) {
      const g = (await read('receipt', number))!;
      expect(sum(g.lines, (l) => l.value)).toBe(g.totals.value);
      for (const l of g.lines) {
        if (l.inspection) expect(l.inspection.accepted + l.inspection.rejected).toBe(l.quantity);
      }
      expect(related(g, 'inspection').map((r) => r.number).sort()).toEqual(g.lines.flatMap((l) => (l.inspection ? [l.inspection.inspectionNo] : [])).sort());
      expect(related(g, 'lot').map((r) => r.number).sort()).toEqual(g.lines.flatMap((l) => (l.lotNo ? [l.lotNo] : [])).sort());
    }
    for (const number of numbers['vendor-bill']) {
      const b = (await read('vendor-bill', number))!;
      expect(sum(b.lines, (l) => l.amount)).toBe(b.totals.gross);
      expect(b.totals.open).toBe(b.totals.gross - b.totals.paid - b.totals.discounted - b.totals.credited);
    }
  });

  it('requisitions, service tickets and production orders', async () => {
    for (const number of numbers.requisition) {
      const r = (await read('requisition', number))!;
      expect(sum(r.lines, (l) => l.amount)).toBe(r.totals.amount);
      expect(r.ordered !== null).toBe(r.status === 'ordered');
      expect(related(r, 'purchase-order').map((x) => x.number)).toEqual(r.ordered ? [r.ordered.poNo] : []);
    }
    for (const number of numbers['service-ticket']) {
      const t = (await read('service-ticket', number))!;
      expect(t.lines[0]).toMatchObject({ from: null, to: 'open', date: t.date });
      expect(t.lines.at(-1)!.to).toBe(t.status);
      expect(t.sla.asOf).toBe(asOf);
      if (t.sla.respondedDate) expect(t.sla.response).toBe(t.sla.respondedDate > t.sla.responseDue ? 'breached' : 'met');
    }
    for (const number of numbers['production-order']) {
      const o = (await read('production-order', number))!;
      expect(sum(o.lines, (l) => l.issuedValue)).toBe(o.totals.issuedValue);
      expect(sum(o.operations, (l) => l.absorbedValue)).toBe(o.totals.absorbedValue);
      expect(sum(related(o, 'production-issue'), (r) => r.amount ?? 0)).toBe(o.totals.issuedValue);
      expect(sum(related(o, 'production-receipt'), (r) => r.amount ?? 0)).toBe(o.totals.receivedValue);
      if (o.status === 'closed') expect(o.totals.wip).toBe(0);
    }
  });

  it('every related document of a readable kind exists on its date, and the journal entries behind a document balance and come from it or a document it names', async () => {
    let checked = 0;
    for (const kind of READABLE_DOCUMENTS) {
      for (const number of numbers[kind]) {
        const doc = (await read(kind, number))!;
        const named = new Set([`${kind}:${number}`, ...doc.related.map((r) => `${r.kind}:${r.number}`)]);
        for (const r of doc.related) {
          if (!isDocumentKind(r.kind)) continue;
          const target = await read(r.kind, r.number);
          expect(target, `${kind} ${number} → ${r.relation} ${r.kind} ${r.number}`).not.toBeNull();
          expect(target!.date, `${kind} ${number} → ${r.kind} ${r.number}`).toBe(r.date);
          checked++;
          if (target!.kind !== 'journal-entry' || r.relation !== 'posting') continue;
          const entry = target as DocumentsByKind['journal-entry'];
          expect(entry.totals.debit).toBe(entry.totals.credit);
          expect(r.amount).toBe(entry.totals.debit);
          const source = entry.related.find((x) => x.relation === 'source');
          expect(source, `${r.number} has a source document`).toBeDefined();
          expect(named.has(`${source!.kind}:${source!.number}`), `${r.number} (from ${source!.kind} ${source!.number}) belongs to ${kind} ${number}`).toBe(true);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('journal entries: debits equal credits, and each source type names its document', async () => {
    const unnamed: string[] = [];
    for (const number of numbers['journal-entry']) {
      const entry = (await read('journal-entry', number))!;
      expect(entry.lines.length).toBeGreaterThanOrEqual(2);
      expect(entry.totals.debit).toBe(entry.totals.credit);
      expect(entry.totals.debit).toBe(sum(entry.lines, (l) => l.debit));
      for (const l of entry.lines) expect(l.debit === 0 || l.credit === 0).toBe(true);
      const source = entry.related.find((r) => r.relation === 'source');
      if (entry.source.id === null) expect(source).toBeUndefined();
      else if (!source) unnamed.push(`${entry.source.type} ${entry.source.id}`);
      else expect(await finance.sourceDocument(database.db, entry.source.type, entry.source.id)).toEqual(source);
    }
    expect(unnamed).toEqual([]);
  });
});
