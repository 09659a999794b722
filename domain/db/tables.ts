import type { ColumnType, Generated } from 'kysely';
import type { ApprovalTables } from '../approvals/tables.js';
import type { CrmPipelineTables } from '../crm/pipeline/tables.js';
import type { CrmCommercialTables } from '../crm/commercial/tables.js';
import type { CrmAfterSalesTables } from '../crm/after-sales/tables.js';
import type { ScmLifecycleTables } from '../scm/lifecycle/tables.js';
import type { ScmProcurementTables } from '../scm/procurement/tables.js';
import type { ScmStandingTables } from '../scm/standings/tables.js';
import type { PeopleOrganisationTables } from '../people/payroll/tables.js';
import type { ErpProductionTables } from '../erp/production/tables.js';
import type { PlanningTables } from '../planning/tables.js';
import type { AccessTables } from '../access/tables.js';

/**
 * The operational schema as Kysely sees it: one interface per table, keyed `schema.table`.
 * Money columns are integer minor units (`number`, exact below 2^53); quantities are whole
 * units of the item; dates are 'YYYY-MM-DD' strings; rates are decimal strings.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Rate = ColumnType<string, string, string>;

export interface CoreSettings { key: string; value: unknown }
export interface CoreCurrencies { code: string; name: string; minor_units: Defaulted<number> }
export interface CoreExchangeRates { currency: string; rate_date: string; rate: Rate }
export interface CoreRegions { code: string; name: string; currency: string }
export interface CoreIdempotencyKeys {
  key: string; command: string; request_hash: string; result: unknown | null; actor: string; created_at: Timestamp;
}
export interface CoreOutbox {
  id: Generated<number>; tx_id: Generated<string>; command: string; actor: string; aggregate_type: string;
  aggregate_id: string; event_type: string; payload: unknown; occurred_at: Timestamp;
}

export interface PeopleEmployees {
  id: Serial; code: string; name: string; role: string; region: string | null; manager_id: number | null;
  active: Defaulted<boolean>; created_at: Timestamp; created_by: string;
}

export interface FinanceAccounts { code: string; name: string; type: AccountType; parent_code: string | null; postable: Defaulted<boolean> }
export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';
export interface FinanceAccountRoles { role: string; account_code: string }
export interface FinanceCostCenters { code: string; name: string }
export interface FinancePeriods { period: string; status: Defaulted<'open' | 'closed'>; closed_at: Date | null; closed_by: string | null }
export interface FinanceTaxRates { category: string; region: string; rate_bp: number }
export interface FinanceJournalEntries {
  id: Generated<number>; entry_no: string; entry_date: string; period: string; source_type: string;
  source_id: string | null; memo: Defaulted<string>; reversal_of: number | null; created_by: string; created_at: Timestamp;
}
export interface FinanceJournalLines {
  id: Generated<number>; entry_id: number; line_no: number; account_code: string; debit: Defaulted<number>;
  credit: Defaulted<number>; currency: string; amount_txn: Defaulted<number>; customer_id: number | null;
  supplier_id: number | null; item_id: number | null; cost_center: string | null;
}

export interface CrmCustomers {
  id: Serial; code: string; name: string; region: string; segment: CustomerSegment; owner_id: number | null;
  currency: string; payment_terms_days: Defaulted<number>; credit_limit: number | null;
  price_list_code: string | null; status: Defaulted<'active' | 'inactive'>; created_at: Timestamp; created_by: string;
  /** CRM pipeline (0009): attribution, the lead it was converted from, ownership dates, duplicate key. */
  source_code: string | null; campaign_id: number | null; lead_id: number | null; owned_since: string | null; touched_on: string | null;
  name_key: ColumnType<string | null, never, never>;
}
export type CustomerSegment = 'enterprise' | 'mid_market' | 'small_business' | 'consumer';
export interface CrmContacts {
  id: Serial; customer_id: number; name: string; email: string | null; phone: string | null; role: string | null; created_at: Timestamp;
}

export interface ErpItemCategories { code: string; name: string }
export interface ErpItems {
  id: Serial; sku: string; name: string; unit: Defaulted<string>; category: string; procurement: 'buy' | 'make';
  list_price: number; standard_cost: number; active: Defaulted<boolean>; created_at: Timestamp; created_by: string;
}
export interface ErpPriceLists { code: string; name: string; currency: string }
export interface ErpPriceListPrices { price_list_code: string; item_id: number; valid_from: string; unit_price: number }
export interface ErpDiscountRules { id: Serial; segment: string | null; category: string | null; min_quantity: Defaulted<number>; discount_bp: number }
export interface ErpWarehouses { id: Serial; code: string; name: string; region: string }
export interface ErpStock { item_id: number; warehouse_id: number; on_hand: Defaulted<number>; reserved: Defaulted<number>; value: Defaulted<number> }
export interface ErpStockMoves {
  id: Generated<number>; item_id: number; warehouse_id: number; move_date: string; kind: string; quantity: number;
  value: number; source_type: string; source_id: string; created_at: Timestamp;
}
export interface ErpSalesOrders {
  id: Serial; order_no: string; customer_id: number; warehouse_id: number; order_date: string; currency: string;
  rate: Rate; net_amount: number; tax_amount: number; status: 'held' | 'open' | 'closed' | 'cancelled';
  hold_reason: string | null; created_at: Timestamp; created_by: string;
}
export interface ErpSalesOrderLines {
  id: Serial; order_id: number; line_no: number; item_id: number; quantity: number; unit_price: number;
  discount_bp: Defaulted<number>; net_amount: number; tax_bp: number; reserved_qty: Defaulted<number>;
  delivered_qty: Defaulted<number>; invoiced_qty: Defaulted<number>; invoiced_net: Defaulted<number>; cancelled_qty: Defaulted<number>;
}
export interface ErpDeliveries {
  id: Serial; delivery_no: string; order_id: number; warehouse_id: number; delivery_date: string; cost_amount: number;
  journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ErpDeliveryLines { id: Serial; delivery_id: number; order_line_id: number; item_id: number; quantity: number; cost_amount: number }
export interface ErpCustomerInvoices {
  id: Serial; invoice_no: string; customer_id: number; order_id: number | null; invoice_date: string; due_date: string;
  currency: string; rate: Rate; net_amount: number; tax_amount: number; gross_amount: number; gross_functional: number;
  open_amount: number; open_functional: number; journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ErpCustomerInvoiceLines {
  id: Serial; invoice_id: number; order_line_id: number | null; item_id: number | null; quantity: number;
  net_amount: number; tax_bp: number; tax_amount: number;
}
export interface ErpCreditNotes {
  id: Serial; credit_note_no: string; invoice_id: number; customer_id: number; credit_date: string; reason: string;
  net_amount: number; tax_amount: number; gross_amount: number; gross_functional: number; journal_entry_id: number | null;
  created_at: Timestamp; created_by: string;
}
export interface ErpCustomerPayments {
  id: Serial; payment_no: string; customer_id: number; payment_date: string; currency: string; rate: Rate; amount: number;
  amount_functional: number; unallocated: number; unallocated_functional: number; reference: string | null;
  journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ErpPaymentAllocations {
  id: Serial; payment_id: number; invoice_id: number; allocation_date: string; amount: number; cleared_functional: number;
  fx_difference: Defaulted<number>; journal_entry_id: number | null;
}
export interface ErpStockAdjustments {
  id: Serial; adjustment_no: string; adjustment_date: string; reason: string; journal_entry_id: number | null;
  created_at: Timestamp; created_by: string;
}
export interface ErpStockAdjustmentLines { id: Serial; adjustment_id: number; item_id: number; warehouse_id: number; quantity: number; value: number }

export interface ScmSuppliers {
  id: Serial; code: string; legal_name: string; tax_id: string; region: string; currency: string;
  payment_terms_days: Defaulted<number>; status: Defaulted<'prospective' | 'approved' | 'suspended' | 'blocked'>;
  created_at: Timestamp; created_by: string;
  /** Supplier lifecycle (0012): type, bank details, and the tax id without separators (generated). */
  supplier_type: string | null; bank_iban: string | null; bank_account_no: string | null; bank_code: string | null;
  bank_account_holder: string | null; tax_key: ColumnType<string, never, never>;
}
export interface ScmPurchaseOrders {
  id: Serial; po_no: string; supplier_id: number; warehouse_id: number; order_date: string; expected_date: string;
  currency: string; net_amount: number; status: 'open' | 'closed' | 'cancelled'; created_at: Timestamp; created_by: string;
}
export interface ScmPurchaseOrderLines {
  id: Serial; po_id: number; line_no: number; item_id: number; quantity: number; unit_price: number;
  received_qty: Defaulted<number>; received_value: Defaulted<number>; billed_qty: Defaulted<number>; grni_cleared: Defaulted<number>;
}
export interface ScmGoodsReceipts {
  id: Serial; receipt_no: string; po_id: number; warehouse_id: number; receipt_date: string; value: number;
  journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmGoodsReceiptLines { id: Serial; receipt_id: number; po_line_id: number; item_id: number; quantity: number; value: number; lot_id: number | null }
export interface ScmVendorBills {
  id: Serial; bill_no: string; supplier_ref: string; supplier_id: number; po_id: number | null; bill_date: string;
  due_date: string; currency: string; rate: Rate; gross_amount: number; gross_functional: number; open_amount: number;
  open_functional: number; journal_entry_id: number | null; created_at: Timestamp; created_by: string;
}
export interface ScmVendorBillLines {
  id: Serial; bill_id: number; po_line_id: number; quantity: number; unit_price: number; amount: number; grni_value: number; variance: number;
}
export interface ScmSupplierPayments {
  id: Serial; payment_no: string; supplier_id: number; payment_date: string; currency: string; rate: Rate; amount: number;
  amount_functional: number; unallocated: number; unallocated_functional: number; journal_entry_id: number | null;
  created_at: Timestamp; created_by: string;
}
export interface ScmSupplierPaymentAllocations {
  id: Serial; payment_id: number; bill_id: number; amount: number; cleared_functional: number; fx_difference: Defaulted<number>;
}

/** Every table; newer areas declare theirs beside their code and are merged in here. */
export interface DB extends ApprovalTables, CrmPipelineTables, CrmCommercialTables, CrmAfterSalesTables, ScmLifecycleTables, ScmProcurementTables, ScmStandingTables, PeopleOrganisationTables, ErpProductionTables, PlanningTables, AccessTables {
  'core.settings': CoreSettings;
  'core.currencies': CoreCurrencies;
  'core.exchange_rates': CoreExchangeRates;
  'core.regions': CoreRegions;
  'core.idempotency_keys': CoreIdempotencyKeys;
  'core.outbox': CoreOutbox;
  'people.employees': PeopleEmployees;
  'finance.accounts': FinanceAccounts;
  'finance.account_roles': FinanceAccountRoles;
  'finance.cost_centers': FinanceCostCenters;
  'finance.periods': FinancePeriods;
  'finance.tax_rates': FinanceTaxRates;
  'finance.journal_entries': FinanceJournalEntries;
  'finance.journal_lines': FinanceJournalLines;
  'crm.customers': CrmCustomers;
  'crm.contacts': CrmContacts;
  'erp.item_categories': ErpItemCategories;
  'erp.items': ErpItems;
  'erp.price_lists': ErpPriceLists;
  'erp.price_list_prices': ErpPriceListPrices;
  'erp.discount_rules': ErpDiscountRules;
  'erp.warehouses': ErpWarehouses;
  'erp.stock': ErpStock;
  'erp.stock_moves': ErpStockMoves;
  'erp.sales_orders': ErpSalesOrders;
  'erp.sales_order_lines': ErpSalesOrderLines;
  'erp.deliveries': ErpDeliveries;
  'erp.delivery_lines': ErpDeliveryLines;
  'erp.customer_invoices': ErpCustomerInvoices;
  'erp.customer_invoice_lines': ErpCustomerInvoiceLines;
  'erp.credit_notes': ErpCreditNotes;
  'erp.customer_payments': ErpCustomerPayments;
  'erp.payment_allocations': ErpPaymentAllocations;
  'erp.stock_adjustments': ErpStockAdjustments;
  'erp.stock_adjustment_lines': ErpStockAdjustmentLines;
  'scm.suppliers': ScmSuppliers;
  'scm.purchase_orders': ScmPurchaseOrders;
  'scm.purchase_order_lines': ScmPurchaseOrderLines;
  'scm.goods_receipts': ScmGoodsReceipts;
  'scm.goods_receipt_lines': ScmGoodsReceiptLines;
  'scm.vendor_bills': ScmVendorBills;
  'scm.vendor_bill_lines': ScmVendorBillLines;
  'scm.supplier_payments': ScmSupplierPayments;
  'scm.supplier_payment_allocations': ScmSupplierPaymentAllocations;
}
