import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of procure to pay's tables (sql/postgres/0016_scm_procurement.sql), keyed
 * `schema.table`; merged into DB in domain/db/tables.ts. Money is integer minor units, dates
 * 'YYYY-MM-DD' strings. The columns 0016 adds to purchase orders, their lines, bills, payments
 * and allocations are read through raw SQL, so the older row types stay as they were.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;

export type RequisitionStatus = 'pending' | 'approved' | 'rejected' | 'ordered' | 'cancelled';
export type MatchStatus = 'matched' | 'blocked' | 'resolved';
export type StatementStatus = 'generated' | 'responded' | 'reviewed' | 'reconciled' | 'rejected';
export type StatementDocKind = 'bill' | 'payment' | 'discount' | 'credit' | 'return';

export interface ScmProcurementSettings {
  id: Defaulted<boolean>; receipt_tolerance_bp: number; quantity_tolerance_bp: number; price_tolerance_bp: number; price_tolerance_unit: number;
}
export interface ScmEarlyPaymentTerms { supplier_id: number; discount_bp: number; discount_days: number }
export interface ScmRequisitions {
  id: Serial; requisition_no: string; requester_id: number; department_id: number; item_id: number; quantity: number;
  unit_estimate: number; amount: number; request_date: string; needed_by: string; note: string | null; status: RequisitionStatus;
  decided_date: string | null; po_line_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmPurchaseOrderVersions {
  id: Serial; po_id: number; version: number; change_date: string; reason: string; net_before: number; net_after: number;
  changes: unknown; approval_request_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmAsns {
  id: Serial; asn_no: string; supplier_id: number; po_id: number; supplier_ref: string | null; ship_date: string; expected_date: string;
  status: 'in_transit' | 'received' | 'cancelled'; receipt_id: number | null; received_date: string | null; created_at: Timestamp; created_by: string;
}
export interface ScmAsnLines { id: Serial; asn_id: number; po_line_id: number; item_id: number; quantity: number }
export interface ScmInspections {
  id: Serial; inspection_no: string; receipt_id: number; receipt_line_id: number; lot_id: number | null; item_id: number; inspection_date: string;
  received_qty: number; sampled_qty: number; inspected_qty: number; accepted_qty: number; rejected_qty: number; note: string | null;
  created_at: Timestamp; created_by: string;
}
export interface ScmInspectionDefects { inspection_id: number; defect_code: string; quantity: number }
export interface ScmSupplierReturns {
  id: Serial; return_no: string; supplier_id: number; po_id: number; receipt_id: number; return_date: string; reason: string;
  grni_value: number; stock_value: number; journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmSupplierReturnLines {
  id: Serial; return_id: number; receipt_line_id: number; po_line_id: number; item_id: number; lot_id: number | null;
  inspection_id: number | null; quantity: number; grni_value: number; stock_value: number;
}
export interface ScmSupplierCredits {
  id: Serial; credit_no: string; supplier_ref: string; supplier_id: number; bill_id: number; credit_date: string; currency: string;
  amount: number; amount_functional: number; reason: string; journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmPaymentRuns {
  id: Serial; run_no: string; run_date: string; due_by: string; take_discounts: boolean; payments: number; total_functional: number;
  discount_functional: number; created_at: Timestamp; created_by: string;
}
export interface ScmSupplierStatements {
  id: Serial; statement_no: string; supplier_id: number; period: string; period_end: string; currency: string; opening_balance: number;
  closing_balance: number; supplier_balance: number | null; status: StatementStatus; generated_date: string; responded_date: string | null;
  reviewer_id: number | null; reviewed_date: string | null; review_note: string | null; approval_request_id: number | null;
  closed_date: string | null; discrepancy_total: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmSupplierStatementLines {
  id: Serial; statement_id: number; line_no: number; doc_kind: StatementDocKind; doc_id: number; doc_no: string; doc_date: string;
  amount: number; status: Defaulted<'open' | 'confirmed' | 'disputed'>; supplier_amount: number | null; note: string | null; released: Defaulted<boolean>;
}
export interface ScmSupplierStatementDiscrepancies {
  id: Serial; statement_id: number; line_id: number | null; kind: 'amount' | 'not_on_supplier_statement' | 'unknown_to_us' | 'balance';
  our_amount: number; supplier_amount: number; difference: number; supplier_ref: string | null; note: string | null;
}

export interface ScmProcurementTables {
  'scm.procurement_settings': ScmProcurementSettings;
  'scm.early_payment_terms': ScmEarlyPaymentTerms;
  'scm.requisitions': ScmRequisitions;
  'scm.purchase_order_versions': ScmPurchaseOrderVersions;
  'scm.asns': ScmAsns;
  'scm.asn_lines': ScmAsnLines;
  'scm.inspections': ScmInspections;
  'scm.inspection_defects': ScmInspectionDefects;
  'scm.supplier_returns': ScmSupplierReturns;
  'scm.supplier_return_lines': ScmSupplierReturnLines;
  'scm.supplier_credits': ScmSupplierCredits;
  'scm.payment_runs': ScmPaymentRuns;
  'scm.supplier_statements': ScmSupplierStatements;
  'scm.supplier_statement_lines': ScmSupplierStatementLines;
  'scm.supplier_statement_discrepancies': ScmSupplierStatementDiscrepancies;
}
