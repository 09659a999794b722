create table if not exists fact_receipt_inspection (
  receipt_line_id           integer not null,
  receipt_id                integer not null,
  receipt_no                varchar not null,
  receipt_date              date not null,
  receipt_date_key          integer not null,
  asn_id                    integer,
  asn_no                    varchar,
  asn_ship_date             date,
  asn_expected_date         date,
  days_after_asn_promise    integer,
  purchase_order_id         integer not null,
  po_no                     varchar not null,
  purchase_order_line_id    integer not null,
  po_line_no                integer not null,
  supplier_key              bigint,
  supplier_id               integer not null,
  product_key               bigint,
  item_id                   integer not null,
  warehouse_id              integer not null,
  lot_id                    integer,
  lot_no                    varchar,
  received_qty              bigint not null,
  received_value_functional bigint not null,
  inspection_id             integer,
  inspection_no             varchar,
  inspection_date           date,
  inspection_date_key       integer,
  inspected                 boolean not null,
  sampled_qty               bigint,
  inspected_qty             bigint,
  accepted_qty              bigint,
  rejected_qty              bigint,
  defect_code               varchar,
  defect_codes              varchar,
  defect_qty                bigint,
  recorded_at               timestamptz not null
);
comment on table fact_receipt_inspection is 'One row per goods receipt line (scm.goods_receipt_lines) with its quality inspection (scm.inspections, at most one per line) and the advance shipping notice the receipt received, if any. Inspection columns are null on a line not inspected. Quantities in the item''s unit; money BIGINT minor units of the functional currency.';
comment on column fact_receipt_inspection.receipt_line_id is 'Business key: scm.goods_receipt_lines.id.';
comment on column fact_receipt_inspection.receipt_id is 'The goods receipt (scm.goods_receipts.id).';
comment on column fact_receipt_inspection.receipt_no is 'Goods receipt number (GR-…).';
comment on column fact_receipt_inspection.receipt_date is 'Date the goods arrived.';
comment on column fact_receipt_inspection.receipt_date_key is 'Receipt date as YYYYMMDD, joins dim_date.';
comment on column fact_receipt_inspection.asn_id is 'The advance shipping notice the receipt received (scm.asns.id, fact_asn.asn_id); null for a receipt without one.';
comment on column fact_receipt_inspection.asn_no is 'ASN number (ASN-…); null without one.';
comment on column fact_receipt_inspection.asn_ship_date is 'Date the supplier shipped, per the ASN; null without one.';
comment on column fact_receipt_inspection.asn_expected_date is 'Arrival date the ASN promised; null without one.';
comment on column fact_receipt_inspection.days_after_asn_promise is 'receipt_date − asn_expected_date in days (negative = early); null without an ASN.';
comment on column fact_receipt_inspection.purchase_order_id is 'The purchase order received against; a re-extracted order replaces all its receipt lines.';
comment on column fact_receipt_inspection.po_no is 'Purchase order number.';
comment on column fact_receipt_inspection.purchase_order_line_id is 'The purchase order line received (fact_purchase_line.purchase_order_line_id).';
comment on column fact_receipt_inspection.po_line_no is 'Line number within the order.';
comment on column fact_receipt_inspection.supplier_key is 'dim_supplier version in force when the receipt was recorded.';
comment on column fact_receipt_inspection.supplier_id is 'Durable supplier id.';
comment on column fact_receipt_inspection.product_key is 'dim_product version in force when the receipt was recorded.';
comment on column fact_receipt_inspection.item_id is 'Durable item id.';
comment on column fact_receipt_inspection.warehouse_id is 'Receiving warehouse (dim_warehouse.warehouse_id).';
comment on column fact_receipt_inspection.lot_id is 'The lot the line''s goods formed (erp.lots.id).';
comment on column fact_receipt_inspection.lot_no is 'Lot number.';
comment on column fact_receipt_inspection.received_qty is 'Quantity received on the line.';
comment on column fact_receipt_inspection.received_value_functional is 'Value received into stock (order price at the receipt date''s rate), minor units of the functional currency.';
comment on column fact_receipt_inspection.inspection_id is 'The inspection (scm.inspections.id); null when the line was not inspected.';
comment on column fact_receipt_inspection.inspection_no is 'Inspection number (INS-…); null when not inspected.';
comment on column fact_receipt_inspection.inspection_date is 'Date of the inspection; null when not inspected.';
comment on column fact_receipt_inspection.inspection_date_key is 'Inspection date as YYYYMMDD; null when not inspected.';
comment on column fact_receipt_inspection.inspected is 'Whether the line was inspected.';
comment on column fact_receipt_inspection.sampled_qty is 'Units drawn for inspection; null when not inspected.';
comment on column fact_receipt_inspection.inspected_qty is 'Units of the sample actually inspected (≤ sampled_qty); null when not inspected.';
comment on column fact_receipt_inspection.accepted_qty is 'Units of the line accepted; accepted_qty + rejected_qty = received_qty. Null when not inspected.';
comment on column fact_receipt_inspection.rejected_qty is 'Units of the line rejected (normally returned to the supplier); null when not inspected.';
comment on column fact_receipt_inspection.defect_code is 'The defect code recorded for the most units (ties: the first code alphabetically); null when none.';
comment on column fact_receipt_inspection.defect_codes is 'Every defect code recorded, comma-separated in alphabetical order; null when none.';
comment on column fact_receipt_inspection.defect_qty is 'Units recorded against defect codes, summed over the codes; null when none.';
comment on column fact_receipt_inspection.recorded_at is 'When the receipt was recorded; picks the dimension versions.';
