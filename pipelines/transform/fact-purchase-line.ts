import { billLinesStage, purchaseOrderLinesStage, receiptLinesStage } from '../extract/stages/purchasing.js';
import type { FactTable } from './table.js';

/**
 * One row per purchase order line: ordered (against the supplier's price list), received against
 * the promised date, accepted or rejected at inspection, billed.
 */
export const factPurchaseLine: FactTable = {
  kind: 'fact',
  table: 'fact_purchase_line',
  stages: [purchaseOrderLinesStage, receiptLinesStage, billLinesStage],
  replaceKey: ['purchase_order_id'],
  dimensionKeys: [
    { column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['order_date', 'expected_date', 'first_receipt_date', 'last_receipt_date'],
  partitionDate: 'order_date',
  sourceRows: 'select count(*) from scm.purchase_order_lines',
  transform: () => `
    with received as (
      select po_line_id, min(receipt_date) as first_date, max(receipt_date) as last_date,
             sum(accepted_qty) as accepted_qty, sum(rejected_qty) as rejected_qty -- null while no receipt is inspected
        from stg_receipt_lines group by po_line_id
    ),
    billed as (
      -- a bill line's functional amount is the GRNI it cleared plus the variance it posted
      select po_line_id, sum(amount) as amount, sum(grni_value + variance) as amount_f, sum(variance) as variance
        from stg_bill_lines group by po_line_id
    )
    select l.id as purchase_order_line_id, l.po_id as purchase_order_id, l.po_no, l.line_no, l.order_date, date_key(l.order_date) as order_date_key,
           l.expected_date, date_key(l.expected_date) as expected_date_key, l.status as po_status, l.supplier_id, l.item_id, l.warehouse_id,
           l.currency, l.unit_price, l.quantity as ordered_qty, (l.quantity::hugeint * l.unit_price)::bigint as ordered_amount,
           l.quantity - l.received_qty as open_qty, l.received_qty, l.received_value as received_value_functional,
           r.first_date as first_receipt_date, r.last_date as last_receipt_date,
           case when l.received_qty >= l.quantity then r.last_date end as fully_received_date,
           case when l.received_qty >= l.quantity then date_diff('day', l.expected_date, r.last_date) end::integer as days_late,
           l.billed_qty, coalesce(b.amount, 0)::bigint as billed_amount, coalesce(b.amount_f, 0)::bigint as billed_amount_functional,
           l.grni_cleared as grni_cleared_functional, coalesce(b.variance, 0)::bigint as price_variance_functional,
           r.accepted_qty::bigint as accepted_qty, r.rejected_qty::bigint as rejected_qty, l.list_unit_price,
           mul_div_round(l.unit_price - l.list_unit_price, 10000, l.list_unit_price)::bigint as price_vs_list_bp,
           make_timestamptz(l.created_at_us) as recorded_at
      from stg_purchase_order_lines l
      left join received r on r.po_line_id = l.id
      left join billed b on b.po_line_id = l.id`,
};
