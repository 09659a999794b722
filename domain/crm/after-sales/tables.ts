import type { ColumnType, Generated } from 'kysely';

/** Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;

export type ReturnStatus = 'requested' | 'approved' | 'rejected' | 'cancelled' | 'completed';
export const TICKET_TYPES = ['installation', 'on_site_test', 'demonstration', 'repair'] as const;
export type TicketType = (typeof TICKET_TYPES)[number];
export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export type TicketPriority = (typeof TICKET_PRIORITIES)[number];
export type TicketStatus = 'open' | 'assigned' | 'in_progress' | 'resolved' | 'closed' | 'cancelled';

export interface CrmReturns {
  id: Serial; return_no: string; customer_id: number; delivery_id: number; request_date: string; reason: string; currency: string;
  /** Net value of the goods at invoice prices, functional minor units: the approval amount. */
  value_functional: number; approval_request_id: number | null; status: ReturnStatus; received_date: string | null;
  restocked_cost: number | null; scrapped_cost: number | null; credited_amount: number | null; refunded_amount: number | null;
  closed_date: string | null; created_at: Timestamp; created_by: string;
}
export interface CrmReturnLines {
  id: Serial; return_id: number; line_no: number; delivery_line_id: number; invoice_line_id: number; item_id: number; quantity: number; reason: string;
}
export interface CrmReturnInspections {
  return_line_id: number; restock_qty: number; scrap_qty: number; restock_cost: number; scrap_cost: number;
  net_amount: number; tax_amount: number; note: string | null; inspected_date: string; created_by: string;
}
export interface CrmReturnableQuantities { line_kind: 'delivery' | 'invoice'; line_id: number; limit_qty: number; returned_qty: number }
export interface CrmSlaTargets { ticket_type: TicketType; priority: TicketPriority; response_days: number; resolution_days: number; updated_by: string }
export interface CrmServiceTickets {
  id: Serial; ticket_no: string; customer_id: number; ticket_type: TicketType; priority: TicketPriority; item_id: number | null;
  delivery_id: number | null; subject: string; status: TicketStatus; technician_id: number | null; opened_date: string;
  response_due: string; resolution_due: string; responded_date: string | null; resolved_date: string | null; closed_date: string | null;
  response_breached: boolean | null; resolution_breached: boolean | null; satisfaction: number | null; resolution: string | null;
  created_at: Timestamp; created_by: string;
}
export interface CrmServiceTicketHistory {
  id: Serial; ticket_id: number; from_status: TicketStatus | null; to_status: TicketStatus; event_date: string;
  technician_id: number | null; note: string | null; created_at: Timestamp; created_by: string;
}

export interface CrmAfterSalesTables {
  'crm.returns': CrmReturns;
  'crm.return_lines': CrmReturnLines;
  'crm.return_inspections': CrmReturnInspections;
  'crm.returnable_quantities': CrmReturnableQuantities;
  'crm.sla_targets': CrmSlaTargets;
  'crm.service_tickets': CrmServiceTickets;
  'crm.service_ticket_history': CrmServiceTicketHistory;
}
