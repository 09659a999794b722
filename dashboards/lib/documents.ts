import { READABLE_DOCUMENTS, isDocumentKind, type DocumentKind } from '../../domain/kernel/documents.js';

/**
 * Links to the operational documents behind dashboard rows: /documents/KIND/NUMBER shows one
 * document read from Postgres (dashboards/routes/documents). Pages link a row with
 * `documentHref('sales-order', row.order_no)` or the DocumentLink component.
 */
export const DOCUMENT_KINDS = READABLE_DOCUMENTS;
export { isDocumentKind, type DocumentKind };

/** What a reader calls each kind, for titles and link labels. */
export const DOCUMENT_LABELS: Record<DocumentKind, string> = {
  'sales-order': 'Sales order',
  delivery: 'Delivery',
  invoice: 'Invoice',
  'credit-note': 'Credit note',
  return: 'Return',
  'customer-payment': 'Customer payment',
  'purchase-order': 'Purchase order',
  receipt: 'Goods receipt',
  'vendor-bill': 'Vendor bill',
  'supplier-payment': 'Supplier payment',
  requisition: 'Requisition',
  'service-ticket': 'Service ticket',
  'production-order': 'Production order',
  'journal-entry': 'Journal entry',
};

/** The page of one document: `documentHref('invoice', 'INV-0000012')` → '/documents/invoice/INV-0000012'. */
export function documentHref(kind: DocumentKind, number: string): string {
  return `/documents/${kind}/${encodeURIComponent(number)}`;
}

/** The page of a document named by any kind: null when that kind has no page (a lot, an ASN, a refund). */
export function documentHrefOrNull(kind: string, number: string): string | null {
  return isDocumentKind(kind) ? documentHref(kind, number) : null;
}
