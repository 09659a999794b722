/**
 * Procure to pay: requisitions from departments through approval, orders from requisitions with
 * approval above an amount and change orders, advance shipping notices, receipt inspection with
 * returns to the supplier, three-way match of bills (blocked until resolved by approval or a
 * supplier credit), early-payment discounts and payment runs, supplier statement reconciliation.
 */
export { setProcurementTolerances, procurementTolerances, setEarlyPaymentTerms, receivableQuantity, type ProcurementTolerances } from './settings.js';
export { createRequisition, cancelRequisition, orderRequisitions, requisitionsOf, requisitionsByItemAndDepartment, REQUISITION, type RequisitionProgress, type RequisitionAggregate } from './requisitions.js';
export { changePurchaseOrder, purchaseOrderVersions, PURCHASE_ORDER, type PurchaseOrderVersion } from './change-orders.js';
export { createAsn, receiveAsn, unshippedLines, asnsInTransit, type UnshippedLine } from './asns.js';
export { inspectReceipt, inspections, type InspectionRecord, type InspectionResult, type InspectionLineInput } from './inspections.js';
export { returnToSupplier } from './supplier-returns.js';
export { matchIssues, acceptBillMismatch, recordSupplierCredit, blockedBills, BILL_MISMATCH, type MatchIssue, type MatchLine, type MatchTolerances, type BlockedBillRecord } from './three-way-match.js';
export { runSupplierPayments, billsDue, type DueBill } from './payment-runs.js';
export {
  generateSupplierStatement, recordSupplierResponse, reviewSupplierStatement, supplierStatement, supplierLedgerBalance, SUPPLIER_STATEMENT, type SupplierStatement,
} from './statements.js';
