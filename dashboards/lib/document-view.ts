import type { AnyDocument, Counterparty, DocumentKind, ItemRef, RelatedDocument } from '../../domain/index.js';
import { DOCUMENT_LABELS, documentHrefOrNull } from './documents.js';

/**
 * One document as its page shows it: header fields, line tables, totals and related documents,
 * as typed cells the page formats in the reader's locale (money in the cell's own currency, in
 * minor units). Built on the server from the domain's typed document; pure, so it is tested
 * without a database.
 */
export type Cell =
  | { t: 'text'; v: string }
  | { t: 'money'; v: number; currency: string }
  | { t: 'qty'; v: number }
  | { t: 'date'; v: string }
  /** Basis points, shown as a percentage. */
  | { t: 'bp'; v: number }
  | { t: 'doc'; kind: string; number: string }
  | { t: 'none' };

export interface ViewTable {
  title: string;
  /** `wide` columns (an item, an account) keep room for their text instead of wrapping word by word. */
  columns: { label: string; numeric: boolean; wide: boolean }[];
  rows: Cell[][];
  /** A totals row under the lines, aligned with the columns; null without one. */
  footer: Cell[] | null;
  /** What to say when there are no rows. */
  empty: string;
}

export interface RelatedLink extends RelatedDocument {
  /** The related document's page; null when its kind has none. */
  href: string | null;
}

export interface DocumentView {
  kind: DocumentKind;
  kindLabel: string;
  number: string;
  date: string;
  status: string | null;
  currency: string;
  counterparty: Counterparty | null;
  fields: { label: string; value: Cell }[];
  tables: ViewTable[];
  totals: { label: string; value: Cell; main?: boolean }[];
  /** Related documents other than journal entries, in the domain's order. */
  related: RelatedLink[];
  /** The journal entries behind the document (or its related documents). */
  postings: RelatedLink[];
}

const text = (v: string | null | undefined): Cell => (v === null || v === undefined || v === '' ? { t: 'none' } : { t: 'text', v });
const money = (v: number | null, currency: string): Cell => (v === null ? { t: 'none' } : { t: 'money', v, currency });
const qty = (v: number | null): Cell => (v === null ? { t: 'none' } : { t: 'qty', v });
const date = (v: string | null): Cell => (v === null ? { t: 'none' } : { t: 'date', v });
const doc = (kind: string, number: string | null): Cell => (number === null ? { t: 'none' } : { t: 'doc', kind, number });
const item = (i: ItemRef | null): Cell => (i === null ? { t: 'none' } : { t: 'text', v: `${i.sku} · ${i.name}` });
const blank: Cell = { t: 'none' };
/** The document's currency, and for a foreign one its rate: functional units per unit ('EUR at 1.09 USD'). */
const currencyOf = (d: { currency: string; rate: string }, functional: string): Cell =>
  text(d.currency === functional ? d.currency : `${d.currency} at ${d.rate.includes('.') ? d.rate.replace(/0+$/, '').replace(/\.$/, '') : d.rate} ${functional}`);
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

/** A column of a lines table: its cell for each row, its cell in the totals row, and whether it is shown at all. */
interface Column<T> {
  label: string;
  cell: (row: T) => Cell;
  numeric?: boolean;
  wide?: boolean;
  total?: Cell;
  /** False drops the column (a discount column on an order without discounts). */
  when?: boolean;
}

/**
 * A lines table from column specs, so every row and the totals row have a cell per column. The
 * totals row is there when any column has a total; the first column without one says 'Total'.
 */
function table<T>(title: string, rows: T[], columns: Column<T>[], empty = 'No lines.'): ViewTable {
  const shown = columns.filter((c) => c.when !== false);
  const withTotals = shown.some((c) => c.total !== undefined);
  const label = shown.findIndex((c) => c.total === undefined && !c.numeric);
  return {
    title,
    columns: shown.map((c) => ({ label: c.label, numeric: c.numeric ?? false, wide: c.wide ?? false })),
    rows: rows.map((r) => shown.map((c) => c.cell(r))),
    footer: withTotals ? shown.map((c, i) => c.total ?? (i === label ? text('Total') : blank)) : null,
    empty,
  };
}

/** The page's view of a document; `functional` is the company's functional currency (for functional amounts on foreign-currency documents). */
export function documentView(d: AnyDocument, functional: string): DocumentView {
  const body = bodyOf(d, functional);
  const links = d.related.map((r) => ({ ...r, href: documentHrefOrNull(r.kind, r.number) }));
  return {
    kind: d.kind,
    kindLabel: DOCUMENT_LABELS[d.kind],
    number: d.number,
    date: d.date,
    status: d.status,
    currency: d.currency,
    counterparty: d.counterparty,
    ...body,
    related: links.filter((r) => r.kind !== 'journal-entry' || d.kind === 'journal-entry'),
    postings: d.kind === 'journal-entry' ? [] : links.filter((r) => r.kind === 'journal-entry'),
  };
}

type Body = Pick<DocumentView, 'fields' | 'tables' | 'totals'>;
type Of<K extends DocumentKind> = Extract<AnyDocument, { kind: K }>;

const lineNo = <T>(label: string, f: (r: T) => number | null): Column<T> => ({ label, numeric: true, cell: (r) => qty(f(r)) });
const itemColumn = <T>(f: (r: T) => ItemRef | null): Column<T> => ({ label: 'Item', wide: true, cell: (r) => item(f(r)) });
const quantity = <T>(label: string, rows: T[], f: (r: T) => number | null, options: { total?: boolean; when?: boolean } = {}): Column<T> => ({
  label, numeric: true, cell: (r) => qty(f(r)), when: options.when, ...(options.total === false ? {} : { total: qty(sum(rows, (r) => f(r) ?? 0)) }),
});
const amount = <T>(label: string, currency: string, rows: T[], f: (r: T) => number | null, options: { total?: boolean | number; when?: boolean } = {}): Column<T> => ({
  label, numeric: true, cell: (r) => money(f(r), currency), when: options.when,
  ...(options.total === false ? {} : { total: money(typeof options.total === 'number' ? options.total : sum(rows, (r) => f(r) ?? 0), currency) }),
});
const warehouseOf = (w: { code: string; name: string }): Cell => text(`${w.code} · ${w.name}`);

function bodyOf(d: AnyDocument, functional: string): Body {
  switch (d.kind) {
    case 'sales-order': return salesOrder(d, functional);
    case 'delivery': return delivery(d);
    case 'invoice': return invoice(d, functional);
    case 'credit-note': return creditNote(d, functional);
    case 'return': return customerReturn(d, functional);
    case 'customer-payment': return customerPayment(d, functional);
    case 'purchase-order': return purchaseOrder(d);
    case 'receipt': return receipt(d);
    case 'vendor-bill': return vendorBill(d, functional);
    case 'supplier-payment': return supplierPayment(d, functional);
    case 'requisition': return requisition(d);
    case 'service-ticket': return serviceTicket(d);
    case 'production-order': return productionOrder(d);
    case 'journal-entry': return journalEntry(d);
  }
}

function salesOrder(d: Of<'sales-order'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Warehouse', value: warehouseOf(d.warehouse) },
      { label: 'Currency', value: currencyOf(d, functional) },
      ...(d.holdReason ? [{ label: 'Held', value: text(d.holdReason) }] : []),
    ],
    tables: [table('Lines', l, [
      lineNo('#', (x) => x.lineNo),
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity),
      amount('Unit price', c, l, (x) => x.unitPrice, { total: false }),
      { label: 'Discount', numeric: true, cell: (x) => ({ t: 'bp', v: x.discountBp }), when: l.some((x) => x.discountBp > 0) },
      amount('Net', c, l, (x) => x.net, { total: d.totals.net }),
      amount('Tax', c, l, (x) => x.tax, { total: d.totals.tax }),
      quantity('Delivered', l, (x) => x.delivered),
      quantity('Invoiced', l, (x) => x.invoiced),
      quantity('Cancelled', l, (x) => x.cancelled, { when: l.some((x) => x.cancelled > 0) }),
    ])],
    totals: [
      { label: 'Net', value: money(d.totals.net, c) },
      { label: 'Tax', value: money(d.totals.tax, c) },
      { label: 'Total', value: money(d.totals.gross, c), main: true },
      { label: 'Invoiced (net)', value: money(d.totals.invoicedNet, c) },
    ],
  };
}

function delivery(d: Of<'delivery'>): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Sales order', value: doc('sales-order', d.orderNo) },
      { label: 'Warehouse', value: warehouseOf(d.warehouse) },
    ],
    tables: [table('Lines', l, [
      lineNo('Order line', (x) => x.orderLineNo),
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity, { total: true }),
      { label: 'Lots', cell: (x) => text(x.lots.map((lot) => `${lot.lotNo} (${lot.quantity})`).join(', ')) },
      amount('Cost', c, l, (x) => x.cost, { total: d.totals.cost }),
    ])],
    totals: [{ label: 'Cost of goods shipped', value: money(d.totals.cost, c), main: true }],
  };
}

function invoice(d: Of<'invoice'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      d.invoiceKind === 'goods' ? { label: 'Sales order', value: doc('sales-order', d.orderNo) } : { label: 'Billed', value: text('services (no order)') },
      { label: 'Due', value: date(d.dueDate) },
      { label: 'Currency', value: currencyOf(d, functional) },
    ],
    tables: [table('Lines', l, [
      lineNo('Order line', (x) => x.orderLineNo),
      { label: 'Item', wide: true, cell: (x) => (x.item ? item(x.item) : text('Service')) },
      quantity('Qty', l, (x) => x.quantity),
      amount('Net', c, l, (x) => x.net, { total: d.totals.net }),
      { label: 'Tax rate', numeric: true, cell: (x) => ({ t: 'bp', v: x.taxBp }) },
      amount('Tax', c, l, (x) => x.tax, { total: d.totals.tax }),
      amount('Gross', c, l, (x) => x.net + x.tax, { total: d.totals.gross }),
    ])],
    totals: [
      { label: 'Net', value: money(d.totals.net, c) },
      { label: 'Tax', value: money(d.totals.tax, c) },
      { label: 'Total', value: money(d.totals.gross, c), main: true },
      ...(c === functional ? [] : [{ label: `Total in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
      { label: 'Paid', value: money(d.totals.paid, c) },
      { label: 'Credited', value: money(d.totals.credited, c) },
      ...(d.totals.refunded > 0 ? [{ label: 'Refunded', value: money(d.totals.refunded, c) }] : []),
      { label: 'Open', value: money(d.totals.open, c), main: true },
    ],
  };
}

function creditNote(d: Of<'credit-note'>, functional: string): Body {
  const c = d.currency;
  return {
    fields: [
      { label: 'Credits invoice', value: doc('invoice', d.invoiceNo) },
      { label: 'Reason', value: text(d.reason) },
    ],
    tables: [],
    totals: [
      { label: 'Net', value: money(d.totals.net, c) },
      { label: 'Tax', value: money(d.totals.tax, c) },
      { label: 'Credited', value: money(d.totals.gross, c), main: true },
      ...(c === functional ? [] : [{ label: `Credited in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
    ],
  };
}

function customerReturn(d: Of<'return'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Reason', value: text(d.reason) },
      { label: 'Received', value: date(d.receivedDate) },
      { label: 'Closed', value: date(d.closedDate) },
    ],
    tables: [table('Lines', l, [
      lineNo('#', (x) => x.lineNo),
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity),
      { label: 'Reason', cell: (x) => text(x.reason) },
      quantity('Restocked', l, (x) => x.inspection?.restocked ?? null),
      quantity('Scrapped', l, (x) => x.inspection?.scrapped ?? null),
      amount('Credit net', c, l, (x) => x.inspection?.net ?? null, { total: d.totals.net }),
      amount('Credit tax', c, l, (x) => x.inspection?.tax ?? null, { total: d.totals.tax }),
    ])],
    totals: [
      { label: `Value approved (${functional})`, value: money(d.totals.value, functional) },
      { label: 'Credited', value: money(d.totals.credited, c), main: true },
      { label: 'Refunded', value: money(d.totals.refunded, c) },
      { label: `Restocked at cost (${functional})`, value: money(d.totals.restockedCost, functional) },
      { label: `Scrapped at cost (${functional})`, value: money(d.totals.scrappedCost, functional) },
    ],
  };
}

function customerPayment(d: Of<'customer-payment'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [{ label: 'Currency', value: currencyOf(d, functional) }, ...(d.reference ? [{ label: 'Reference', value: text(d.reference) }] : [])],
    tables: [table('Allocations', l, [
      { label: 'Invoice', cell: (x) => doc('invoice', x.invoiceNo) },
      { label: 'Date', cell: (x) => date(x.date) },
      amount('Amount', c, l, (x) => x.amount, { total: d.totals.allocated }),
      amount(`Cleared (${functional})`, functional, l, (x) => x.clearedFunctional),
      amount(`Exchange difference (${functional})`, functional, l, (x) => x.fxDifference, { when: l.some((x) => x.fxDifference !== 0) }),
    ], 'Not allocated to any invoice yet.')],
    totals: [
      { label: 'Received', value: money(d.totals.amount, c), main: true },
      { label: 'Allocated', value: money(d.totals.allocated, c) },
      { label: 'Unallocated', value: money(d.totals.unallocated, c) },
    ],
  };
}

function supplierPayment(d: Of<'supplier-payment'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [{ label: 'Currency', value: currencyOf(d, functional) }, ...(d.paymentRunNo ? [{ label: 'Payment run', value: text(d.paymentRunNo) }] : [])],
    tables: [table('Allocations', l, [
      { label: 'Bill', cell: (x) => doc('vendor-bill', x.billNo) },
      amount('Amount', c, l, (x) => x.amount, { total: d.totals.allocated }),
      amount('Discount', c, l, (x) => x.discount, { total: d.totals.discounts, when: d.totals.discounts > 0 }),
      amount(`Cleared (${functional})`, functional, l, (x) => x.clearedFunctional),
      amount(`Exchange difference (${functional})`, functional, l, (x) => x.fxDifference, { when: l.some((x) => x.fxDifference !== 0) }),
    ], 'Not allocated to any bill yet.')],
    totals: [
      { label: 'Paid', value: money(d.totals.amount, c), main: true },
      { label: 'Allocated', value: money(d.totals.allocated, c) },
      { label: 'Unallocated', value: money(d.totals.unallocated, c) },
    ],
  };
}

function purchaseOrder(d: Of<'purchase-order'>): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Expected', value: date(d.expectedDate) },
      { label: 'Warehouse', value: warehouseOf(d.warehouse) },
      { label: 'Approval', value: text(d.approvalStatus.replace('_', ' ')) },
      { label: 'Version', value: qty(d.version) },
    ],
    tables: [
      table('Lines', l, [
        lineNo('#', (x) => x.lineNo),
        itemColumn((x) => x.item),
        quantity('Qty', l, (x) => x.quantity),
        amount('Unit price', c, l, (x) => x.unitPrice, { total: false }),
        amount('Amount', c, l, (x) => x.amount, { total: d.totals.net }),
        { label: 'Expected', cell: (x) => date(x.expectedDate) },
        quantity('In transit', l, (x) => x.inTransit, { when: l.some((x) => x.inTransit > 0) }),
        quantity('Received', l, (x) => x.received),
        quantity('Returned', l, (x) => x.returned, { when: l.some((x) => x.returned > 0) }),
        quantity('Billed', l, (x) => x.billed),
      ]),
      ...(d.changes.length === 0 ? [] : [table('Change orders', d.changes, [
        lineNo('Version', (x) => x.version),
        { label: 'Date', cell: (x) => date(x.date) },
        { label: 'Reason', wide: true, cell: (x) => text(x.reason) },
        amount('Net before', c, d.changes, (x) => x.netBefore, { total: false }),
        amount('Net after', c, d.changes, (x) => x.netAfter, { total: false }),
      ])]),
    ],
    totals: [
      { label: 'Order total', value: money(d.totals.net, c), main: true },
      { label: 'Billed', value: money(d.totals.billed, c) },
    ],
  };
}

function receipt(d: Of<'receipt'>): Body {
  const c = d.currency;
  const l = d.lines;
  const inspected = l.some((x) => x.inspection);
  return {
    fields: [
      { label: 'Purchase order', value: doc('purchase-order', d.poNo) },
      { label: 'Warehouse', value: warehouseOf(d.warehouse) },
    ],
    tables: [table('Lines', l, [
      lineNo('Order line', (x) => x.poLineNo),
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity, { total: true }),
      { label: 'Lot', cell: (x) => doc('lot', x.lotNo) },
      { label: 'Inspection', cell: (x) => doc('inspection', x.inspection?.inspectionNo ?? null), when: inspected },
      quantity('Accepted', l, (x) => x.inspection?.accepted ?? null, { when: inspected }),
      quantity('Rejected', l, (x) => x.inspection?.rejected ?? null, { when: inspected }),
      { label: 'Defects', cell: (x) => text(x.inspection?.defects.map((f) => `${f.code} ${f.quantity}`).join(', ')), when: l.some((x) => (x.inspection?.defects.length ?? 0) > 0) },
      amount('Value', c, l, (x) => x.value, { total: d.totals.value }),
    ])],
    totals: [{ label: 'Value received', value: money(d.totals.value, c), main: true }],
  };
}

function vendorBill(d: Of<'vendor-bill'>, functional: string): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Supplier reference', value: text(d.supplierRef) },
      { label: 'Purchase order', value: doc('purchase-order', d.poNo) },
      { label: 'Due', value: date(d.dueDate) },
      { label: 'Three-way match', value: text(d.matchStatus) },
      ...(d.discountBp > 0 ? [{ label: 'Early-payment discount', value: { t: 'bp', v: d.discountBp } as Cell }, { label: 'Discount until', value: date(d.discountUntil) }] : []),
      { label: 'Currency', value: currencyOf(d, functional) },
    ],
    tables: [table('Lines', l, [
      lineNo('Order line', (x) => x.poLineNo),
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity),
      amount('Unit price', c, l, (x) => x.unitPrice, { total: false }),
      amount('Order price', c, l, (x) => x.orderUnitPrice, { total: false, when: l.some((x) => x.orderUnitPrice !== null && x.orderUnitPrice !== x.unitPrice) }),
      amount('Amount', c, l, (x) => x.amount, { total: d.totals.gross }),
      amount(`Off GRNI (${functional})`, functional, l, (x) => x.grniValue),
      amount(`Variance (${functional})`, functional, l, (x) => x.variance),
    ])],
    totals: [
      { label: 'Total', value: money(d.totals.gross, c), main: true },
      ...(c === functional ? [] : [{ label: `Total in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
      { label: 'Paid', value: money(d.totals.paid, c) },
      ...(d.totals.discounted > 0 ? [{ label: 'Discount taken', value: money(d.totals.discounted, c) }] : []),
      ...(d.totals.credited > 0 ? [{ label: 'Credited by supplier', value: money(d.totals.credited, c) }] : []),
      { label: 'Open', value: money(d.totals.open, c), main: true },
    ],
  };
}

function requisition(d: Of<'requisition'>): Body {
  const c = d.currency;
  const l = d.lines;
  return {
    fields: [
      { label: 'Requester', value: text(`${d.requester.code} · ${d.requester.name}`) },
      { label: 'Needed by', value: date(d.neededBy) },
      { label: 'Decided', value: date(d.decidedDate) },
      { label: 'Ordered on', value: d.ordered ? doc('purchase-order', d.ordered.poNo) : text('not ordered') },
      ...(d.ordered ? [
        { label: 'Order line', value: qty(d.ordered.lineNo) },
        { label: 'Quantity ordered', value: qty(d.ordered.quantity) },
        { label: 'Order price', value: money(d.ordered.unitPrice, d.ordered.currency) },
      ] : []),
      ...(d.note ? [{ label: 'Note', value: text(d.note) }] : []),
    ],
    tables: [table('Lines', l, [
      itemColumn((x) => x.item),
      quantity('Qty', l, (x) => x.quantity, { total: false }),
      amount('Unit estimate', c, l, (x) => x.unitEstimate, { total: false }),
      amount('Amount', c, l, (x) => x.amount, { total: false }),
    ])],
    totals: [{ label: 'Estimated amount', value: money(d.totals.amount, c), main: true }],
  };
}

function serviceTicket(d: Of<'service-ticket'>): Body {
  return {
    fields: [
      { label: 'Subject', value: text(d.subject) },
      { label: 'Type', value: text(d.ticketType.replaceAll('_', ' ')) },
      { label: 'Priority', value: text(d.priority) },
      { label: 'Item', value: item(d.item) },
      { label: 'Technician', value: d.technician ? text(`${d.technician.code} · ${d.technician.name}`) : blank },
      { label: 'Response due', value: date(d.sla.responseDue) },
      { label: 'First response', value: date(d.sla.respondedDate) },
      { label: 'Response SLA', value: text(d.sla.response) },
      { label: 'Resolution due', value: date(d.sla.resolutionDue) },
      { label: 'Resolved', value: date(d.sla.resolvedDate) },
      { label: 'Resolution SLA', value: text(d.sla.resolution) },
      { label: 'SLA as of', value: date(d.sla.asOf) },
      ...(d.resolution ? [{ label: 'Resolution', value: text(d.resolution) }] : []),
      ...(d.satisfaction !== null ? [{ label: 'Satisfaction', value: text(`${d.satisfaction} of 5`) }] : []),
    ],
    tables: [table('Status history', d.lines, [
      { label: 'Date', cell: (x) => date(x.date) },
      { label: 'From', cell: (x) => text(x.from?.replace('_', ' ')) },
      { label: 'To', cell: (x) => text(x.to.replace('_', ' ')) },
      { label: 'Technician', cell: (x) => (x.technician ? text(x.technician.name) : blank) },
      { label: 'Note', wide: true, cell: (x) => text(x.note) },
    ], 'No history.')],
    totals: [],
  };
}

function productionOrder(d: Of<'production-order'>): Body {
  const c = d.currency;
  const l = d.lines;
  const o = d.operations;
  return {
    fields: [
      { label: 'Makes', value: text(`${d.quantity} × ${d.item.sku} · ${d.item.name}`) },
      { label: 'Warehouse', value: warehouseOf(d.warehouse) },
      { label: 'Due', value: date(d.dueDate) },
      { label: 'Released', value: date(d.releasedDate) },
      { label: 'Closed', value: date(d.closedDate) },
      { label: 'Received', value: qty(d.received) },
      { label: 'Scrapped', value: qty(d.scrapped) },
      { label: 'Costing', value: text(`${d.costing}${d.backflush ? ', backflushed' : ''}`) },
      { label: 'Standard unit cost', value: money(d.standardUnitCost, c) },
    ],
    tables: [
      table('Components', l, [
        lineNo('#', (x) => x.lineNo),
        itemColumn((x) => x.item),
        quantity('Per unit', l, (x) => x.quantityPer, { total: false }),
        { label: 'Scrap', numeric: true, cell: (x) => ({ t: 'bp', v: x.scrapBp }) },
        quantity('Planned', l, (x) => x.planned),
        quantity('Issued', l, (x) => x.issued),
        amount('Issued value', c, l, (x) => x.issuedValue, { total: d.totals.issuedValue }),
      ], 'No components.'),
      table('Operations', o, [
        lineNo('Seq', (x) => x.seq),
        { label: 'Work centre', wide: true, cell: (x) => text(`${x.workCenter.code} · ${x.workCenter.name}`) },
        { label: 'Operation', cell: (x) => text(x.description) },
        { label: 'Setup min', numeric: true, cell: (x) => text(x.setupMinutes) },
        { label: 'Run min', numeric: true, cell: (x) => text(x.runMinutes) },
        quantity('Good', o, (x) => x.good, { total: false }),
        quantity('Scrap', o, (x) => x.scrap, { total: false }),
        amount('Absorbed', c, o, (x) => x.absorbedValue, { total: d.totals.absorbedValue }),
      ], 'No routing: nothing absorbed.'),
    ],
    totals: [
      { label: 'Materials issued', value: money(d.totals.issuedValue, c) },
      { label: 'Labour and overhead absorbed', value: money(d.totals.absorbedValue, c) },
      { label: 'Received into stock', value: money(d.totals.receivedValue, c) },
      { label: 'Variance at close', value: money(d.totals.varianceValue, c) },
      { label: 'Work in progress', value: money(d.totals.wip, c), main: true },
    ],
  };
}

function journalEntry(d: Of<'journal-entry'>): Body {
  const c = d.currency;
  const l = d.lines;
  const source = d.related.find((r) => r.relation === 'source');
  return {
    fields: [
      { label: 'Period', value: text(d.period) },
      { label: 'Posted by', value: source ? doc(source.kind, source.number) : text(d.source.type.replaceAll('_', ' ')) },
      { label: 'Memo', value: text(d.memo) },
    ],
    tables: [table('Lines', l, [
      lineNo('#', (x) => x.lineNo),
      { label: 'Account', wide: true, cell: (x) => text(`${x.account.code} · ${x.account.name}`) },
      {
        label: 'Subledger',
        cell: (x) => text(x.customer ? `${x.customer.code} · ${x.customer.name}` : x.supplier ? `${x.supplier.code} · ${x.supplier.name}` : x.item ? `${x.item.sku} · ${x.item.name}` : null),
        when: l.some((x) => x.customer || x.supplier || x.item),
      },
      { label: 'Cost centre', cell: (x) => text(x.costCenter), when: l.some((x) => x.costCenter) },
      { label: 'Debit', numeric: true, cell: (x) => (x.debit === 0 ? blank : money(x.debit, c)), total: money(d.totals.debit, c) },
      { label: 'Credit', numeric: true, cell: (x) => (x.credit === 0 ? blank : money(x.credit, c)), total: money(d.totals.credit, c) },
      // Lines in another currency carry the document's own amount; without any, the column says nothing.
      { label: 'Document amount', numeric: true, cell: (x) => (x.currency === c ? blank : money(x.amountTxn, x.currency)), when: l.some((x) => x.currency !== c) },
    ])],
    totals: [
      { label: 'Debits', value: money(d.totals.debit, c) },
      { label: 'Credits', value: money(d.totals.credit, c) },
      { label: 'Balance', value: money(d.totals.debit - d.totals.credit, c), main: true },
    ],
  };
}
