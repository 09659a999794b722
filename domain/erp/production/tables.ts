import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of ERP's production and stock-operation tables (sql/postgres/0015), keyed
 * `schema.table`; merged into DB in domain/db/tables.ts. Quantities are whole units, values
 * functional minor units, dates 'YYYY-MM-DD', standard minutes decimal strings ("12.50").
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Serial = Generated<number>;
type Computed<T> = ColumnType<T, never, never>;
type Minutes = ColumnType<string, string | number, string | number>;

export type LotQualityStatus = 'unrestricted' | 'quarantine' | 'accepted' | 'rejected' | 'partially_accepted';

export interface ErpLots {
  id: Serial; lot_no: string; item_id: number; origin_type: string; origin_id: string; origin_line: number | null;
  origin_date: string; quantity: number; expiry_date: string | null; quality_status: Defaulted<LotQualityStatus>;
  inspected_qty: number | null; accepted_qty: number | null; rejected_qty: number | null; inspection_id: number | null; created_at: Timestamp;
}
export interface ErpLotStock { lot_id: number; item_id: number; warehouse_id: number; on_hand: number }
export interface ErpLotMoves {
  id: Generated<number>; stock_move_id: number; lot_id: number; item_id: number; warehouse_id: number; move_date: string; kind: string;
  quantity: number; source_type: string; source_id: string; line_ref: number | null;
}
/** View: the lots each delivery line shipped. */
export interface ErpDeliveryLineLots { delivery_line_id: number; delivery_id: number; lot_id: number; quantity: number }
/** View: finished lots and the component lots issued to the order that made them. */
export interface ErpLotGenealogy { lot_id: number; component_lot_id: number; order_id: number }

export interface ErpBomRevisions {
  id: Serial; item_id: number; revision: number; effective_from: string; effective_to: string | null; change_note: Defaulted<string>;
  created_by: string; created_at: Timestamp;
}
export interface ErpBomLines {
  id: Serial; revision_id: number; parent_item_id: number; line_no: number; component_item_id: number; quantity_per: number; scrap_bp: Defaulted<number>;
}
export interface ErpBomChanges {
  id: Serial; revision_id: number; item_id: number; component_item_id: number; change: 'added' | 'removed' | 'changed';
  old_quantity_per: number | null; new_quantity_per: number | null; old_scrap_bp: number | null; new_scrap_bp: number | null;
  changed_by: string; changed_at: Timestamp;
}

export interface ErpWorkCenters {
  id: Serial; code: string; name: string; warehouse_id: number | null; cost_rate_per_hour: number; created_by: string; created_at: Timestamp;
}
export interface ErpRoutings {
  id: Serial; item_id: number; revision: number; effective_from: string; effective_to: string | null; change_note: Defaulted<string>;
  created_by: string; created_at: Timestamp;
}
export interface ErpRoutingOperations {
  id: Serial; routing_id: number; seq: number; work_center_id: number; description: string; setup_minutes: Minutes; run_minutes: Minutes;
}

export type ProductionOrderStatus = 'planned' | 'released' | 'closed';
export type Costing = 'standard' | 'actual';
export interface ErpProductionOrders {
  id: Serial; order_no: string; item_id: number; warehouse_id: number; quantity: number; order_date: string; due_date: string;
  bom_revision_id: number; routing_id: number | null; costing: Costing; backflush: boolean; standard_unit_cost: number;
  status: Defaulted<ProductionOrderStatus>; released_date: string | null; closed_date: string | null;
  received_qty: Defaulted<number>; scrapped_qty: Defaulted<number>; issued_value: Defaulted<number>; absorbed_value: Defaulted<number>;
  received_value: Defaulted<number>; variance_value: Defaulted<number>; close_entry_id: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpProductionOrderComponents {
  id: Serial; order_id: number; line_no: number; item_id: number; quantity_per: number; scrap_bp: number; planned_qty: number;
  issued_qty: Defaulted<number>; issued_value: Defaulted<number>;
}
export interface ErpProductionOrderOperations {
  id: Serial; order_id: number; seq: number; work_center_id: number; description: string; setup_minutes: Minutes; run_minutes: Minutes;
  rate_per_hour: number; good_qty: Defaulted<number>; scrap_qty: Defaulted<number>; absorbed_value: Defaulted<number>;
}
export interface ErpProductionEvents {
  id: Generated<number>; order_id: number; operation_id: number; event: 'start' | 'finish'; event_date: string; employee_id: number;
  good_qty: Defaulted<number>; scrap_qty: Defaulted<number>; minutes: Minutes | null; absorbed_value: Defaulted<number>;
  journal_entry_id: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpProductionIssues {
  id: Serial; issue_no: string; order_id: number; issue_date: string; mode: 'manual' | 'backflush'; value: number;
  journal_entry_id: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpProductionIssueLines { id: Serial; issue_id: number; component_id: number; item_id: number; quantity: number; value: number }
export interface ErpProductionReceipts {
  id: Serial; receipt_no: string; order_id: number; receipt_date: string; quantity: number; value: number; lot_id: number;
  journal_entry_id: number | null; created_by: string; created_at: Timestamp;
}

export interface ErpTransfers {
  id: Serial; transfer_no: string; from_warehouse_id: number; to_warehouse_id: number; ship_date: string; status: 'in_transit' | 'received';
  value: number; journal_entry_id: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpTransferLines {
  id: Serial; transfer_id: number; line_no: number; item_id: number; quantity: number; value: number; received_qty: Defaulted<number>; received_value: Defaulted<number>;
}
export interface ErpTransferLots { transfer_line_id: number; lot_id: number; quantity: number; received_qty: Defaulted<number> }
export interface ErpTransferReceipts {
  id: Serial; receipt_no: string; transfer_id: number; receipt_date: string; value: number; journal_entry_id: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpTransferReceiptLines { id: Serial; receipt_id: number; transfer_line_id: number; quantity: number; value: number }

export interface ErpStocktakes {
  id: Serial; stocktake_no: string; warehouse_id: number; count_date: string; status: Defaulted<'counting' | 'posted'>; posted_date: string | null;
  adjustment_id: number | null; variance_value: number | null; created_by: string; created_at: Timestamp;
}
export interface ErpStocktakeLines {
  id: Serial; stocktake_id: number; line_no: number; item_id: number; lot_id: number | null; book_qty: number; counted_qty: number | null;
  variance_qty: Computed<number | null>;
}

export interface ErpProductionTables {
  'erp.lots': ErpLots;
  'erp.lot_stock': ErpLotStock;
  'erp.lot_moves': ErpLotMoves;
  'erp.delivery_line_lots': ErpDeliveryLineLots;
  'erp.lot_genealogy': ErpLotGenealogy;
  'erp.bom_revisions': ErpBomRevisions;
  'erp.bom_lines': ErpBomLines;
  'erp.bom_changes': ErpBomChanges;
  'erp.work_centers': ErpWorkCenters;
  'erp.routings': ErpRoutings;
  'erp.routing_operations': ErpRoutingOperations;
  'erp.production_orders': ErpProductionOrders;
  'erp.production_order_components': ErpProductionOrderComponents;
  'erp.production_order_operations': ErpProductionOrderOperations;
  'erp.production_events': ErpProductionEvents;
  'erp.production_issues': ErpProductionIssues;
  'erp.production_issue_lines': ErpProductionIssueLines;
  'erp.production_receipts': ErpProductionReceipts;
  'erp.transfers': ErpTransfers;
  'erp.transfer_lines': ErpTransferLines;
  'erp.transfer_lots': ErpTransferLots;
  'erp.transfer_receipts': ErpTransferReceipts;
  'erp.transfer_receipt_lines': ErpTransferReceiptLines;
  'erp.stocktakes': ErpStocktakes;
  'erp.stocktake_lines': ErpStocktakeLines;
}
