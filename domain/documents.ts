import type { Kysely } from 'kysely';
import type { DB } from './db/tables.js';
import type { DocumentKind } from './kernel/documents.js';
import * as erp from './erp/index.js';
import * as scm from './scm/index.js';
import * as crm from './crm/index.js';
import * as finance from './finance/index.js';

/** Every readable document, by kind. */
export interface DocumentsByKind {
  'sales-order': erp.SalesOrderDocument;
  delivery: erp.DeliveryDocument;
  invoice: erp.InvoiceDocument;
  'credit-note': erp.CreditNoteDocument;
  return: crm.ReturnDocument;
  'customer-payment': erp.CustomerPaymentDocument;
  'purchase-order': scm.PurchaseOrderDocument;
  receipt: scm.ReceiptDocument;
  'vendor-bill': scm.VendorBillDocument;
  'supplier-payment': scm.SupplierPaymentDocument;
  requisition: scm.RequisitionDocument;
  'service-ticket': crm.ServiceTicketDocument;
  'production-order': erp.ProductionOrderDocument;
  'journal-entry': finance.JournalEntryDocument;
}
export type AnyDocument = DocumentsByKind[DocumentKind];

export interface ReadOptions {
  /** The business date SLA standings are judged on (service tickets); default today. */
  asOf?: string;
}

type Readers = { [K in DocumentKind]: (db: Kysely<DB>, number: string, options: ReadOptions) => Promise<DocumentsByKind[K] | null> };

/** Each kind's reader, in the area that owns the document. */
export const DOCUMENT_READERS: Readers = {
  'sales-order': erp.salesOrderDocument,
  delivery: erp.deliveryDocument,
  invoice: erp.invoiceDocument,
  'credit-note': erp.creditNoteDocument,
  return: crm.returnDocument,
  'customer-payment': erp.customerPaymentDocument,
  'purchase-order': scm.purchaseOrderDocument,
  receipt: scm.receiptDocument,
  'vendor-bill': scm.vendorBillDocument,
  'supplier-payment': scm.supplierPaymentDocument,
  requisition: scm.requisitionDocument,
  'service-ticket': (db, number, options) => crm.serviceTicketDocument(db, number, options),
  'production-order': erp.productionOrderDocument,
  'journal-entry': finance.journalEntryDocument,
};

/** One document by kind and number; null when there is no such document. */
export function readDocument<K extends DocumentKind>(db: Kysely<DB>, kind: K, number: string, options: ReadOptions = {}): Promise<DocumentsByKind[K] | null> {
  return (DOCUMENT_READERS[kind] as Readers[K])(db, number, options);
}
