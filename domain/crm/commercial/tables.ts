import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts.
 * Money columns are integer minor units of the document's currency unless named `_functional`.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;

export type QuoteStatus = 'draft' | 'pending_approval' | 'approved' | 'sent' | 'accepted' | 'rejected' | 'expired' | 'superseded';
export type ContractStatus = 'draft' | 'pending_approval' | 'active' | 'completed' | 'terminated';
export type InvoicingRequestStatus = 'pending_approval' | 'invoiced' | 'rejected' | 'cancelled';
/** Derived from the invoice that bills an instalment and the payments allocated to it. */
export type InstalmentStatus = 'open' | 'invoiced' | 'partially_paid' | 'paid';

/** One row: the commercial policy. */
export interface CrmCommercialSettings {
  id: ColumnType<boolean, boolean | undefined, never>;
  /** A quote line discount above this needs approval ('quote_discount'). */
  discount_approval_bp: number;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  updated_by: string;
}

export interface CrmQuotes {
  id: Serial;
  quote_no: string;
  customer_id: number;
  opportunity_id: number | null;
  currency: string;
  quote_date: string;
  sales_order_id: number | null;
  accepted_date: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface CrmQuoteVersions {
  id: Serial;
  quote_id: number;
  version_no: number;
  version_date: string;
  valid_until: string;
  list_amount: number;
  net_amount: number;
  line_count: number;
  max_discount_bp: number;
  needs_approval: boolean;
  approval_request_id: number | null;
  status: QuoteStatus;
  status_date: string;
  status_reason: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface CrmQuoteLines {
  id: Serial;
  version_id: number;
  line_no: number;
  item_id: number;
  quantity: number;
  unit_price: number;
  discount_bp: number;
  net_amount: number;
}

export interface CrmContracts {
  id: Serial;
  contract_no: string;
  customer_id: number;
  title: string;
  currency: string;
  value: number;
  value_functional: number;
  tax_category: string | null;
  signed_date: string;
  start_date: string;
  end_date: string;
  status: ContractStatus;
  approval_request_id: number | null;
  status_date: string;
  status_reason: string | null;
  created_at: Timestamp;
  created_by: string;
}

export interface CrmContractOrders {
  contract_id: number;
  order_id: number;
  linked_date: string;
}

export interface CrmContractInstalments {
  id: Serial;
  contract_id: number;
  seq: number;
  due_date: string;
  amount: number;
  invoice_id: number | null;
  invoiced_date: string | null;
}

export interface CrmInvoicingRequests {
  id: Serial;
  request_no: string;
  customer_id: number;
  instalment_id: number | null;
  order_id: number | null;
  currency: string;
  amount: number;
  amount_functional: number;
  request_date: string;
  status: InvoicingRequestStatus;
  approval_request_id: number;
  invoice_id: number | null;
  status_date: string;
  created_at: Timestamp;
  created_by: string;
}

export interface CrmCommercialTables {
  'crm.commercial_settings': CrmCommercialSettings;
  'crm.quotes': CrmQuotes;
  'crm.quote_versions': CrmQuoteVersions;
  'crm.quote_lines': CrmQuoteLines;
  'crm.contracts': CrmContracts;
  'crm.contract_orders': CrmContractOrders;
  'crm.contract_instalments': CrmContractInstalments;
  'crm.invoicing_requests': CrmInvoicingRequests;
}
