/**
 * Operational documents read one at a time — an order, an invoice, a receipt, a ticket — as a
 * reader opens them from a row in the dashboards. Each area reads its own documents
 * (erp/documents.ts, scm/documents.ts, crm/documents.ts, finance/documents.ts); this module holds
 * what they share: the kinds that can be opened by number, and how a document names the
 * documents related to it. Pure types, constants and functions, so the browser can use them too.
 */

/** The kinds of document that can be read by number, in the order a reader meets them. */
export const READABLE_DOCUMENTS = [
  'sales-order',
  'delivery',
  'invoice',
  'credit-note',
  'return',
  'customer-payment',
  'purchase-order',
  'receipt',
  'vendor-bill',
  'supplier-payment',
  'requisition',
  'service-ticket',
  'production-order',
  'journal-entry',
] as const;
export type DocumentKind = (typeof READABLE_DOCUMENTS)[number];

/** Documents that are named as related but have no reader of their own (yet). */
export type OtherDocumentKind =
  | 'refund'
  | 'quote'
  | 'contract'
  | 'invoicing-request'
  | 'asn'
  | 'inspection'
  | 'lot'
  | 'supplier-return'
  | 'supplier-credit'
  | 'payment-run'
  | 'production-issue'
  | 'production-receipt'
  | 'transfer'
  | 'transfer-receipt'
  | 'stock-adjustment'
  | 'payroll-run'
  | 'payroll-payment'
  | 'operating-expense'
  | 'expense-payment';

export type LinkedKind = DocumentKind | OtherDocumentKind;

export const isDocumentKind = (kind: string): kind is DocumentKind => (READABLE_DOCUMENTS as readonly string[]).includes(kind);

/** A document related to the one being read, by kind and number, so a page can link to it. */
export interface RelatedDocument {
  /** What it is to the document read, as a reader would say it: 'delivery', 'invoice', 'posting', 'ordered by', … */
  relation: string;
  kind: LinkedKind;
  number: string;
  date: string | null;
  status: string | null;
  /** Its headline amount in minor units of `currency`; null when it has none. */
  amount: number | null;
  currency: string | null;
}

/** A related document as read, without the columns the reading needed (an id, a source type): what a page shows. */
export const relatedDocument = ({ relation, kind, number, date, status, amount, currency }: RelatedDocument): RelatedDocument => ({ relation, kind, number, date, status, amount, currency });

/** The related documents' amounts summed, one without an amount counting nothing; they share a currency. */
export const totalAmount = (documents: readonly RelatedDocument[]): number => documents.reduce((s, d) => s + (d.amount ?? 0), 0);

/** Who the document is with: a customer, a supplier, or for internal documents the department or employee. */
export interface Counterparty {
  role: 'customer' | 'supplier' | 'department' | 'employee';
  code: string;
  name: string;
}

export interface ItemRef {
  sku: string;
  name: string;
  unit: string;
}

/**
 * What every document has. Money is integer minor units; `currency` is the document's own
 * (functional for internal documents such as deliveries, receipts and journal entries);
 * dates are 'YYYY-MM-DD'.
 */
export interface DocumentBase<K extends DocumentKind> {
  kind: K;
  number: string;
  date: string;
  status: string | null;
  counterparty: Counterparty | null;
  currency: string;
  /** Related documents, journal entries (relation 'posting') among them, oldest first within a relation. */
  related: RelatedDocument[];
}
