/**
 * Where a cell leads: columns that name a document or a thing with its own page link to it,
 * so every table of rows drills down to the operational document behind a row. Keyed by the
 * column name the warehouse uses for the number.
 */
const DOCUMENT_COLUMNS: Record<string, string> = {
  order_no: 'sales-order',
  delivery_no: 'delivery',
  invoice_no: 'invoice',
  credit_note_no: 'credit-note',
  return_no: 'return',
  po_no: 'purchase-order',
  receipt_no: 'receipt',
  bill_no: 'vendor-bill',
  requisition_no: 'requisition',
  ticket_no: 'service-ticket',
  production_order_no: 'production-order',
  entry_no: 'journal-entry',
};

const PAGE_COLUMNS: Record<string, string> = {
  customer_code: '/customers',
  supplier_code: '/suppliers',
  lot_no: '/inventory/lots',
};

/** The link for a cell, or null when its column leads nowhere or it is empty. */
export function cellHref(column: string, value: unknown): string | null {
  if (value === null || value === undefined || value === '') return null;
  const text = encodeURIComponent(String(value));
  const kind = DOCUMENT_COLUMNS[column];
  if (kind) return `/documents/${kind}/${text}`;
  const base = PAGE_COLUMNS[column];
  return base ? `${base}/${text}` : null;
}
