import { describe, expect, it } from 'vitest';
import type { DocumentsByKind, RelatedDocument } from '../../domain/index.js';
import { documentView, type DocumentView } from './document-view.js';
import { DOCUMENT_KINDS, documentHref, documentHrefOrNull } from './documents.js';

const ref = (relation: string, kind: RelatedDocument['kind'], number: string, amount: number | null = null, currency: string | null = null): RelatedDocument => ({
  relation, kind, number, date: '2024-03-02', status: null, amount, currency,
});
const item = { sku: 'W-1', name: 'Widget', unit: 'pcs' };

const salesOrder: DocumentsByKind['sales-order'] = {
  kind: 'sales-order', number: 'SO-0000007', date: '2024-03-01', status: 'open', currency: 'EUR', rate: '1.09000000',
  counterparty: { role: 'customer', code: 'C000001', name: 'Acme' }, warehouse: { code: 'MAIN', name: 'Main' }, holdReason: null,
  lines: [
    { lineNo: 1, item, quantity: 3, unitPrice: 1000, discountBp: 0, net: 3000, taxBp: 2000, tax: 600, delivered: 3, invoiced: 2, invoicedNet: 2000, cancelled: 0 },
    { lineNo: 2, item, quantity: 1, unitPrice: 500, discountBp: 1000, net: 450, taxBp: 2000, tax: 90, delivered: 0, invoiced: 0, invoicedNet: 0, cancelled: 0 },
  ],
  totals: { net: 3450, tax: 690, gross: 4140, invoicedNet: 2000 },
  related: [ref('delivery', 'delivery', 'DN-0000003', 1800, 'USD'), ref('lot', 'lot', 'LOT-00000009'), ref('posting', 'journal-entry', 'JE-00000012', 1800, 'USD')],
};

const entry: DocumentsByKind['journal-entry'] = {
  kind: 'journal-entry', number: 'JE-00000012', date: '2024-03-02', status: null, currency: 'USD', counterparty: null, period: '2024-03', memo: 'DN-0000003 for SO-0000007',
  source: { type: 'delivery', id: '3' },
  lines: [
    { lineNo: 1, account: { code: '5000', name: 'Cost of goods sold', type: 'expense' }, debit: 1800, credit: 0, currency: 'USD', amountTxn: 1800, customer: null, supplier: null, item: null, costCenter: null },
    { lineNo: 2, account: { code: '1300', name: 'Inventory', type: 'asset' }, debit: 0, credit: 1800, currency: 'USD', amountTxn: -1800, customer: null, supplier: null, item: null, costCenter: null },
  ],
  totals: { debit: 1800, credit: 1800 },
  related: [ref('source', 'delivery', 'DN-0000003', 1800, 'USD')],
};

const creditNote: DocumentsByKind['credit-note'] = {
  kind: 'credit-note', number: 'CN-0000001', date: '2024-03-05', status: null, currency: 'EUR', counterparty: { role: 'customer', code: 'C000001', name: 'Acme' },
  invoiceNo: 'INV-0000004', reason: 'goodwill: late delivery', lines: [], totals: { net: 100, tax: 20, gross: 120, grossFunctional: 131 },
  related: [ref('credits invoice', 'invoice', 'INV-0000004', 2400, 'EUR')],
};

/** Every table's rows and footer have one cell per column. */
const expectAligned = (view: DocumentView) => {
  for (const table of view.tables) {
    for (const row of table.rows) expect(row, table.title).toHaveLength(table.columns.length);
    if (table.footer) expect(table.footer, `${table.title} footer`).toHaveLength(table.columns.length);
  }
};

describe('documentView', () => {
  it('lays out a sales order: lines with a totals row, money in the order currency, journal entries apart from the other related documents', () => {
    const view = documentView(salesOrder, 'USD');
    expectAligned(view);
    expect(view).toMatchObject({ kind: 'sales-order', kindLabel: 'Sales order', number: 'SO-0000007', currency: 'EUR' });
    expect(view.fields).toContainEqual({ label: 'Currency', value: { t: 'text', v: 'EUR at 1.09 USD' } });
    const lines = view.tables[0]!;
    // No line was cancelled: that column is left out; one line has a discount: that one stays.
    expect(lines.columns.map((c) => c.label)).toEqual(['#', 'Item', 'Qty', 'Unit price', 'Discount', 'Net', 'Tax', 'Delivered', 'Invoiced']);
    expect(lines.rows[1]![4]).toEqual({ t: 'bp', v: 1000 });
    expect(lines.rows[1]![5]).toEqual({ t: 'money', v: 450, currency: 'EUR' });
    expect(lines.footer![5]).toEqual({ t: 'money', v: 3450, currency: 'EUR' });
    expect(view.totals.find((t) => t.main)).toEqual({ label: 'Total', value: { t: 'money', v: 4140, currency: 'EUR' }, main: true });
    expect(view.related.map((r) => [r.number, r.href])).toEqual([['DN-0000003', '/documents/delivery/DN-0000003'], ['LOT-00000009', null]]);
    expect(view.postings.map((r) => r.href)).toEqual(['/documents/journal-entry/JE-00000012']);
  });

  it('shows a journal entry with the document that posted it, and no document-amount column when every line is in the functional currency', () => {
    const view = documentView(entry, 'USD');
    expectAligned(view);
    expect(view.fields).toContainEqual({ label: 'Posted by', value: { t: 'doc', kind: 'delivery', number: 'DN-0000003' } });
    expect(view.tables[0]!.columns.map((c) => c.label)).toEqual(['#', 'Account', 'Debit', 'Credit']);
    expect(view.tables[0]!.rows[0]).toEqual([{ t: 'qty', v: 1 }, { t: 'text', v: '5000 · Cost of goods sold' }, { t: 'money', v: 1800, currency: 'USD' }, { t: 'none' }]);
    expect(view.tables[0]!.footer).toEqual([{ t: 'none' }, { t: 'text', v: 'Total' }, { t: 'money', v: 1800, currency: 'USD' }, { t: 'money', v: 1800, currency: 'USD' }]);
    expect(view.postings).toEqual([]);
    expect(view.related.map((r) => r.href)).toEqual(['/documents/delivery/DN-0000003']);
    const foreign = documentView({ ...entry, lines: entry.lines.map((l) => ({ ...l, currency: 'EUR', amountTxn: l.amountTxn - 150 })) }, 'USD');
    expectAligned(foreign);
    expect(foreign.tables[0]!.rows[0]!.at(-1)).toEqual({ t: 'money', v: 1650, currency: 'EUR' });
  });

  it('gives a credit note no lines table, and its functional amount in the functional currency', () => {
    const view = documentView(creditNote, 'USD');
    expect(view.tables).toEqual([]);
    expect(view.fields[0]).toEqual({ label: 'Credits invoice', value: { t: 'doc', kind: 'invoice', number: 'INV-0000004' } });
    expect(view.totals).toContainEqual({ label: 'Credited in USD', value: { t: 'money', v: 131, currency: 'USD' } });
    expect(documentView({ ...creditNote, currency: 'USD' }, 'USD').totals.map((t) => t.label)).toEqual(['Net', 'Tax', 'Credited']);
  });
});

describe('documentHref', () => {
  it('links every kind under /documents, escaping the number', () => {
    expect(DOCUMENT_KINDS).toContain('purchase-order');
    expect(documentHref('purchase-order', 'PO-0000012')).toBe('/documents/purchase-order/PO-0000012');
    expect(documentHref('invoice', 'INV 1/2')).toBe('/documents/invoice/INV%201%2F2');
    expect(documentHrefOrNull('receipt', 'GR-0000001')).toBe('/documents/receipt/GR-0000001');
    expect(documentHrefOrNull('asn', 'ASN-0000001')).toBeNull();
  });
});
