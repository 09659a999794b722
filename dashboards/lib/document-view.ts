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
  columns: { label: string; numeric: boolean }[];
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
const col = (label: string, numeric = false) => ({ label, numeric });
const blank: Cell = { t: 'none' };
/** The document's currency, and for a foreign one its rate: functional units per unit ('EUR at 1.09 USD'). */
const currencyOf = (d: { currency: string; rate: string }, functional: string): Cell =>
  text(d.currency === functional ? d.currency : `${d.currency} at ${d.rate.includes('.') ? d.rate.replace(/0+$/, '').replace(/\.$/, '') : d.rate} ${functional}`);
const sum = <T>(rows: T[], f: (r: T) => number) => rows.reduce((s, r) => s + f(r), 0);

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

function bodyOf(d: AnyDocument, functional: string): Body {
  const c = d.currency;
  switch (d.kind) {
    case 'sales-order':
      return {
        fields: [
          { label: 'Warehouse', value: text(`${d.warehouse.code} · ${d.warehouse.name}`) },
          { label: 'Currency', value: currencyOf(d, functional) },
          ...(d.holdReason ? [{ label: 'Held', value: text(d.holdReason) }] : []),
        ],
        tables: [{
          title: 'Lines',
          columns: [col('#', true), col('Item'), col('Qty', true), col('Unit price', true), col('Discount', true), col('Net', true), col('Tax', true), col('Delivered', true), col('Invoiced', true), col('Cancelled', true)],
          rows: d.lines.map((l) => [qty(l.lineNo), item(l.item), qty(l.quantity), money(l.unitPrice, c), { t: 'bp', v: l.discountBp }, money(l.net, c), money(l.tax, c), qty(l.delivered), qty(l.invoiced), qty(l.cancelled)]),
          footer: [blank, text('Total'), qty(sum(d.lines, (l) => l.quantity)), blank, blank, money(d.totals.net, c), money(d.totals.tax, c), qty(sum(d.lines, (l) => l.delivered)), qty(sum(d.lines, (l) => l.invoiced)), qty(sum(d.lines, (l) => l.cancelled))],
          empty: 'No lines.',
        }],
        totals: [
          { label: 'Net', value: money(d.totals.net, c) },
          { label: 'Tax', value: money(d.totals.tax, c) },
          { label: 'Total', value: money(d.totals.gross, c), main: true },
          { label: 'Invoiced (net)', value: money(d.totals.invoicedNet, c) },
        ],
      };
    case 'delivery':
      return {
        fields: [
          { label: 'Sales order', value: doc('sales-order', d.orderNo) },
          { label: 'Warehouse', value: text(`${d.warehouse.code} · ${d.warehouse.name}`) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('Order line', true), col('Item'), col('Qty', true), col('Lots'), col('Cost', true)],
          rows: d.lines.map((l) => [qty(l.orderLineNo), item(l.item), qty(l.quantity), text(l.lots.map((x) => `${x.lotNo} (${x.quantity})`).join(', ')), money(l.cost, c)]),
          footer: [blank, text('Total'), qty(d.totals.quantity), blank, money(d.totals.cost, c)],
          empty: 'No lines.',
        }],
        totals: [{ label: 'Cost of goods shipped', value: money(d.totals.cost, c), main: true }],
      };
    case 'invoice':
      return {
        fields: [
          { label: d.invoiceKind === 'goods' ? 'Sales order' : 'Billed', value: d.invoiceKind === 'goods' ? doc('sales-order', d.orderNo) : text('services (no order)') },
          { label: 'Due', value: date(d.dueDate) },
          { label: 'Currency', value: currencyOf(d, functional) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('Order line', true), col('Item'), col('Qty', true), col('Net', true), col('Tax rate', true), col('Tax', true), col('Gross', true)],
          rows: d.lines.map((l) => [qty(l.orderLineNo), l.item ? item(l.item) : text('Service'), qty(l.quantity), money(l.net, c), { t: 'bp', v: l.taxBp }, money(l.tax, c), money(l.net + l.tax, c)]),
          footer: [blank, text('Total'), qty(sum(d.lines, (l) => l.quantity)), money(d.totals.net, c), blank, money(d.totals.tax, c), money(d.totals.gross, c)],
          empty: 'No lines.',
        }],
        totals: [
          { label: 'Net', value: money(d.totals.net, c) },
          { label: 'Tax', value: money(d.totals.tax, c) },
          { label: 'Total', value: money(d.totals.gross, c), main: true },
          ...(d.currency === functional ? [] : [{ label: `Total in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
          { label: 'Paid', value: money(d.totals.paid, c) },
          { label: 'Credited', value: money(d.totals.credited, c) },
          ...(d.totals.refunded > 0 ? [{ label: 'Refunded', value: money(d.totals.refunded, c) }] : []),
          { label: 'Open', value: money(d.totals.open, c), main: true },
        ],
      };
    case 'credit-note':
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
          ...(d.currency === functional ? [] : [{ label: `Credited in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
        ],
      };
    case 'return':
      return {
        fields: [
          { label: 'Reason', value: text(d.reason) },
          { label: 'Received', value: date(d.receivedDate) },
          { label: 'Closed', value: date(d.closedDate) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('#', true), col('Item'), col('Qty', true), col('Reason'), col('Restocked', true), col('Scrapped', true), col('Credit net', true), col('Credit tax', true)],
          rows: d.lines.map((l) => [qty(l.lineNo), item(l.item), qty(l.quantity), text(l.reason), qty(l.inspection?.restocked ?? null), qty(l.inspection?.scrapped ?? null), money(l.inspection?.net ?? null, c), money(l.inspection?.tax ?? null, c)]),
          footer: [blank, text('Total'), qty(sum(d.lines, (l) => l.quantity)), blank, blank, blank, money(d.totals.net, c), money(d.totals.tax, c)],
          empty: 'No lines.',
        }],
        totals: [
          { label: `Value approved (${functional})`, value: money(d.totals.value, functional) },
          { label: 'Credited', value: money(d.totals.credited, c), main: true },
          { label: 'Refunded', value: money(d.totals.refunded, c) },
          { label: `Restocked at cost (${functional})`, value: money(d.totals.restockedCost, functional) },
          { label: `Scrapped at cost (${functional})`, value: money(d.totals.scrappedCost, functional) },
        ],
      };
    case 'customer-payment':
    case 'supplier-payment':
      return paymentBody(d, functional);
    case 'purchase-order':
      return {
        fields: [
          { label: 'Expected', value: date(d.expectedDate) },
          { label: 'Warehouse', value: text(`${d.warehouse.code} · ${d.warehouse.name}`) },
          { label: 'Approval', value: text(d.approvalStatus.replace('_', ' ')) },
          { label: 'Version', value: qty(d.version) },
        ],
        tables: [
          {
            title: 'Lines',
            columns: [col('#', true), col('Item'), col('Qty', true), col('Unit price', true), col('Amount', true), col('Expected'), col('Received', true), col('Returned', true), col('Billed', true)],
            rows: d.lines.map((l) => [qty(l.lineNo), item(l.item), qty(l.quantity), money(l.unitPrice, c), money(l.amount, c), date(l.expectedDate), qty(l.received), qty(l.returned), qty(l.billed)]),
            footer: [blank, text('Total'), qty(sum(d.lines, (l) => l.quantity)), blank, money(d.totals.net, c), blank, qty(sum(d.lines, (l) => l.received)), qty(sum(d.lines, (l) => l.returned)), qty(sum(d.lines, (l) => l.billed))],
            empty: 'No lines.',
          },
          ...(d.changes.length === 0 ? [] : [{
            title: 'Change orders',
            columns: [col('Version', true), col('Date'), col('Reason'), col('Net before', true), col('Net after', true)],
            rows: d.changes.map((x) => [qty(x.version), date(x.date), text(x.reason), money(x.netBefore, c), money(x.netAfter, c)]),
            footer: null,
            empty: '',
          }]),
        ],
        totals: [
          { label: 'Order total', value: money(d.totals.net, c), main: true },
          { label: 'Billed', value: money(d.totals.billed, c) },
        ],
      };
    case 'receipt':
      return {
        fields: [
          { label: 'Purchase order', value: doc('purchase-order', d.poNo) },
          { label: 'Warehouse', value: text(`${d.warehouse.code} · ${d.warehouse.name}`) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('Order line', true), col('Item'), col('Qty', true), col('Lot'), col('Inspection'), col('Accepted', true), col('Rejected', true), col('Defects'), col('Value', true)],
          rows: d.lines.map((l) => [
            qty(l.poLineNo), item(l.item), qty(l.quantity), doc('lot', l.lotNo), doc('inspection', l.inspection?.inspectionNo ?? null), qty(l.inspection?.accepted ?? null), qty(l.inspection?.rejected ?? null),
            text(l.inspection?.defects.map((x) => `${x.code} ${x.quantity}`).join(', ')), money(l.value, c),
          ]),
          footer: [blank, text('Total'), qty(d.totals.quantity), blank, blank, qty(d.totals.accepted), qty(d.totals.rejected), blank, money(d.totals.value, c)],
          empty: 'No lines.',
        }],
        totals: [{ label: 'Value received', value: money(d.totals.value, c), main: true }],
      };
    case 'vendor-bill':
      return {
        fields: [
          { label: 'Supplier reference', value: text(d.supplierRef) },
          { label: 'Purchase order', value: doc('purchase-order', d.poNo) },
          { label: 'Due', value: date(d.dueDate) },
          { label: 'Three-way match', value: text(d.matchStatus) },
          ...(d.discountBp > 0 ? [{ label: 'Early-payment discount', value: { t: 'bp', v: d.discountBp } as Cell }, { label: 'Discount until', value: date(d.discountUntil) }] : []),
          { label: 'Currency', value: currencyOf(d, functional) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('Order line', true), col('Item'), col('Qty', true), col('Unit price', true), col('Order price', true), col('Amount', true), col(`Off GRNI (${functional})`, true), col(`Variance (${functional})`, true)],
          rows: d.lines.map((l) => [qty(l.poLineNo), item(l.item), qty(l.quantity), money(l.unitPrice, c), money(l.orderUnitPrice, c), money(l.amount, c), money(l.grniValue, functional), money(l.variance, functional)]),
          footer: [blank, text('Total'), qty(sum(d.lines, (l) => l.quantity)), blank, blank, money(d.totals.gross, c), money(sum(d.lines, (l) => l.grniValue), functional), money(sum(d.lines, (l) => l.variance), functional)],
          empty: 'No lines.',
        }],
        totals: [
          { label: 'Total', value: money(d.totals.gross, c), main: true },
          ...(d.currency === functional ? [] : [{ label: `Total in ${functional}`, value: money(d.totals.grossFunctional, functional) }]),
          { label: 'Paid', value: money(d.totals.paid, c) },
          ...(d.totals.discounted > 0 ? [{ label: 'Discount taken', value: money(d.totals.discounted, c) }] : []),
          ...(d.totals.credited > 0 ? [{ label: 'Credited by supplier', value: money(d.totals.credited, c) }] : []),
          { label: 'Open', value: money(d.totals.open, c), main: true },
        ],
      };
    case 'requisition':
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
        tables: [{
          title: 'Lines',
          columns: [col('Item'), col('Qty', true), col('Unit estimate', true), col('Amount', true)],
          rows: d.lines.map((l) => [item(l.item), qty(l.quantity), money(l.unitEstimate, c), money(l.amount, c)]),
          footer: null,
          empty: 'No lines.',
        }],
        totals: [{ label: 'Estimated amount', value: money(d.totals.amount, c), main: true }],
      };
    case 'service-ticket':
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
        tables: [{
          title: 'Status history',
          columns: [col('Date'), col('From'), col('To'), col('Technician'), col('Note')],
          rows: d.lines.map((l) => [date(l.date), text(l.from?.replace('_', ' ')), text(l.to.replace('_', ' ')), l.technician ? text(l.technician.name) : blank, text(l.note)]),
          footer: null,
          empty: 'No history.',
        }],
        totals: [],
      };
    case 'production-order':
      return {
        fields: [
          { label: 'Makes', value: text(`${d.quantity} × ${d.item.sku} · ${d.item.name}`) },
          { label: 'Warehouse', value: text(`${d.warehouse.code} · ${d.warehouse.name}`) },
          { label: 'Due', value: date(d.dueDate) },
          { label: 'Released', value: date(d.releasedDate) },
          { label: 'Closed', value: date(d.closedDate) },
          { label: 'Received', value: qty(d.received) },
          { label: 'Scrapped', value: qty(d.scrapped) },
          { label: 'Costing', value: text(`${d.costing}${d.backflush ? ', backflushed' : ''}`) },
          { label: 'Standard unit cost', value: money(d.standardUnitCost, c) },
        ],
        tables: [
          {
            title: 'Components',
            columns: [col('#', true), col('Item'), col('Per unit', true), col('Scrap', true), col('Planned', true), col('Issued', true), col('Issued value', true)],
            rows: d.lines.map((l) => [qty(l.lineNo), item(l.item), qty(l.quantityPer), { t: 'bp', v: l.scrapBp }, qty(l.planned), qty(l.issued), money(l.issuedValue, c)]),
            footer: [blank, text('Total'), blank, blank, qty(sum(d.lines, (l) => l.planned)), qty(sum(d.lines, (l) => l.issued)), money(d.totals.issuedValue, c)],
            empty: 'No components.',
          },
          {
            title: 'Operations',
            columns: [col('Seq', true), col('Work centre'), col('Operation'), col('Setup min', true), col('Run min', true), col('Good', true), col('Scrap', true), col('Absorbed', true)],
            rows: d.operations.map((o) => [qty(o.seq), text(`${o.workCenter.code} · ${o.workCenter.name}`), text(o.description), text(o.setupMinutes), text(o.runMinutes), qty(o.good), qty(o.scrap), money(o.absorbedValue, c)]),
            footer: [blank, text('Total'), blank, blank, blank, blank, blank, money(d.totals.absorbedValue, c)],
            empty: 'No routing: nothing absorbed.',
          },
        ],
        totals: [
          { label: 'Materials issued', value: money(d.totals.issuedValue, c) },
          { label: 'Labour and overhead absorbed', value: money(d.totals.absorbedValue, c) },
          { label: 'Received into stock', value: money(d.totals.receivedValue, c) },
          { label: 'Variance at close', value: money(d.totals.varianceValue, c) },
          { label: 'Work in progress', value: money(d.totals.wip, c), main: true },
        ],
      };
    case 'journal-entry': {
      const source = d.related.find((r) => r.relation === 'source');
      // Lines in another currency carry the document's own amount; without any, the column says nothing.
      const foreign = d.lines.some((l) => l.currency !== c);
      return {
        fields: [
          { label: 'Period', value: text(d.period) },
          { label: 'Posted by', value: source ? doc(source.kind, source.number) : text(d.source.type.replaceAll('_', ' ')) },
          { label: 'Memo', value: text(d.memo) },
        ],
        tables: [{
          title: 'Lines',
          columns: [col('#', true), col('Account'), col('Subledger'), col('Cost centre'), col('Debit', true), col('Credit', true), ...(foreign ? [col('Document amount', true)] : [])],
          rows: d.lines.map((l) => [
            qty(l.lineNo), text(`${l.account.code} · ${l.account.name}`),
            text(l.customer ? `${l.customer.code} · ${l.customer.name}` : l.supplier ? `${l.supplier.code} · ${l.supplier.name}` : l.item ? `${l.item.sku} · ${l.item.name}` : null),
            text(l.costCenter), l.debit === 0 ? blank : money(l.debit, c), l.credit === 0 ? blank : money(l.credit, c),
            ...(foreign ? [l.currency === c ? blank : money(l.amountTxn, l.currency)] : []),
          ]),
          footer: [blank, text('Total'), blank, blank, money(d.totals.debit, c), money(d.totals.credit, c), ...(foreign ? [blank] : [])],
          empty: 'No lines.',
        }],
        totals: [
          { label: 'Debits', value: money(d.totals.debit, c) },
          { label: 'Credits', value: money(d.totals.credit, c) },
          { label: 'Balance', value: money(d.totals.debit - d.totals.credit, c), main: true },
        ],
      };
    }
  }
}

function paymentBody(d: Extract<AnyDocument, { kind: 'customer-payment' | 'supplier-payment' }>, functional: string): Body {
  const c = d.currency;
  const fields: Body['fields'] = [{ label: 'Currency', value: currencyOf(d, functional) }];
  if (d.kind === 'customer-payment') {
    if (d.reference) fields.push({ label: 'Reference', value: text(d.reference) });
    return {
      fields,
      tables: [{
        title: 'Allocations',
        columns: [col('Invoice'), col('Date'), col('Amount', true), col(`Cleared (${functional})`, true), col(`Exchange difference (${functional})`, true)],
        rows: d.lines.map((l) => [doc('invoice', l.invoiceNo), date(l.date), money(l.amount, c), money(l.clearedFunctional, functional), money(l.fxDifference, functional)]),
        footer: [text('Total'), blank, money(d.totals.allocated, c), money(sum(d.lines, (l) => l.clearedFunctional), functional), money(sum(d.lines, (l) => l.fxDifference), functional)],
        empty: 'Not allocated to any invoice yet.',
      }],
      totals: [
        { label: 'Received', value: money(d.totals.amount, c), main: true },
        { label: 'Allocated', value: money(d.totals.allocated, c) },
        { label: 'Unallocated', value: money(d.totals.unallocated, c) },
      ],
    };
  }
  if (d.paymentRunNo) fields.push({ label: 'Payment run', value: text(d.paymentRunNo) });
  return {
    fields,
    tables: [{
      title: 'Allocations',
      columns: [col('Bill'), col('Amount', true), col('Discount', true), col(`Cleared (${functional})`, true), col(`Exchange difference (${functional})`, true)],
      rows: d.lines.map((l) => [doc('vendor-bill', l.billNo), money(l.amount, c), money(l.discount, c), money(l.clearedFunctional, functional), money(l.fxDifference, functional)]),
      footer: [text('Total'), money(d.totals.allocated, c), money(d.totals.discounts, c), money(sum(d.lines, (l) => l.clearedFunctional), functional), money(sum(d.lines, (l) => l.fxDifference), functional)],
      empty: 'Not allocated to any bill yet.',
    }],
    totals: [
      { label: 'Paid', value: money(d.totals.amount, c), main: true },
      { label: 'Allocated', value: money(d.totals.allocated, c) },
      { label: 'Unallocated', value: money(d.totals.unallocated, c) },
    ],
  };
}
