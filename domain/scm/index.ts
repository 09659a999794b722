export { registerSupplier, updateSupplierRegistration, changeSupplierStatus, STATUS_TRANSITIONS } from './suppliers.js';
export { createPurchaseOrder, type PurchaseOrderWarning } from './purchase-orders.js';
export { receivePurchaseOrder } from './receipts.js';
export { recordVendorBill } from './vendor-bills.js';
export { paySupplier } from './supplier-payments.js';
export * from './queries.js';
export * from './lifecycle/index.js';
export * from './procurement/index.js';
export * from './standings/index.js';
export {
  purchaseOrderDocument, receiptDocument, vendorBillDocument, supplierPaymentDocument, requisitionDocument,
  type PurchaseOrderDocument, type PurchaseOrderLine, type ReceiptDocument, type ReceiptLine, type ReceiptInspection, type VendorBillDocument,
  type VendorBillLine, type SupplierPaymentDocument, type SupplierPaymentLine, type RequisitionDocument, type RequisitionLine,
} from './documents.js';
