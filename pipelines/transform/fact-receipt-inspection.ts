import { receiptLinesStage } from '../extract/stages/purchasing.js';
import type { FactTable } from './table.js';

/**
 * One row per goods receipt line with its quality inspection, if any. Receipts, their ASNs and
 * returns are events of the purchase order and an inspection one of the receipt; both reach the
 * order (changedPurchaseOrders), so a changed order replaces all its receipt lines.
 */
export const factReceiptInspection: FactTable = {
  kind: 'fact',
  table: 'fact_receipt_inspection',
  stages: [receiptLinesStage],
  replaceKey: ['purchase_order_id'],
  dimensionKeys: [
    { column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['receipt_date', 'inspection_date', 'asn_expected_date'],
  partitionDate: 'receipt_date',
  sourceRows: 'select count(*) from scm.goods_receipt_lines',
  transform: () => `
    select r.id as receipt_line_id, r.receipt_id, r.receipt_no, r.receipt_date, date_key(r.receipt_date) as receipt_date_key,
           r.asn_id, r.asn_no, r.asn_ship_date, r.asn_expected_date, date_diff('day', r.asn_expected_date, r.receipt_date)::integer as days_after_asn_promise,
           r.po_id as purchase_order_id, r.po_no, r.po_line_id as purchase_order_line_id, r.line_no as po_line_no, r.supplier_id, r.item_id,
           r.warehouse_id, r.lot_id, r.lot_no, r.quantity as received_qty, r.value as received_value_functional,
           r.inspection_id, r.inspection_no, r.inspection_date, date_key(r.inspection_date) as inspection_date_key,
           r.inspection_id is not null as inspected, r.sampled_qty, r.inspected_qty, r.accepted_qty, r.rejected_qty,
           r.defect_code, r.defect_codes, r.defect_qty, make_timestamptz(r.created_at_us) as recorded_at
      from stg_receipt_lines r`,
};
