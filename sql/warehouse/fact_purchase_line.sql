create table if not exists fact_purchase_line (
  purchase_order_line_id    integer not null,
  purchase_order_id         integer not null,
  po_no                     varchar not null,
  line_no                   integer not null,
  order_date                date not null,
  order_date_key            integer not null,
  expected_date             date not null,
  expected_date_key         integer not null,
  po_status                 varchar not null,
  supplier_key              bigint,
  supplier_id               integer not null,
  product_key               bigint,
  item_id                   integer not null,
  warehouse_id              integer not null,
  currency                  varchar not null,
  unit_price                bigint not null,
  ordered_qty               bigint not null,
  ordered_amount            bigint not null,
  open_qty                  bigint not null,
  received_qty              bigint not null,
  received_value_functional bigint not null,
  first_receipt_date        date,
  last_receipt_date         date,
  fully_received_date       date,
  days_late                 integer,
  billed_qty                bigint not null,
  billed_amount             bigint not null,
  billed_amount_functional  bigint not null,
  grni_cleared_functional   bigint not null,
  price_variance_functional bigint not null,
  accepted_qty              bigint,
  rejected_qty              bigint,
  list_unit_price           bigint,
  price_vs_list_bp          bigint,
  recorded_at               timestamptz not null
);
comment on table fact_purchase_line is 'One row per purchase order line: ordered (against the supplier''s price list), received (quantity, value, dates against the promised date), accepted or rejected at inspection, and billed. Money is BIGINT minor units: without suffix in the order''s currency, *_functional in the functional currency.';
comment on column fact_purchase_line.purchase_order_line_id is 'Business key: scm.purchase_order_lines.id.';
comment on column fact_purchase_line.purchase_order_id is 'The purchase order (scm.purchase_orders.id); a re-extracted order replaces all its lines.';
comment on column fact_purchase_line.po_no is 'Purchase order number.';
comment on column fact_purchase_line.line_no is 'Line number within the order.';
comment on column fact_purchase_line.order_date is 'Order date.';
comment on column fact_purchase_line.order_date_key is 'Order date as YYYYMMDD, joins dim_date.';
comment on column fact_purchase_line.expected_date is 'Delivery date the supplier promised.';
comment on column fact_purchase_line.expected_date_key is 'Promised date as YYYYMMDD, joins dim_date.';
comment on column fact_purchase_line.po_status is 'open, closed or cancelled at the last load.';
comment on column fact_purchase_line.supplier_key is 'dim_supplier version in force when the order was recorded.';
comment on column fact_purchase_line.supplier_id is 'Durable supplier id (dim_supplier.supplier_id).';
comment on column fact_purchase_line.product_key is 'dim_product version in force when the order was recorded.';
comment on column fact_purchase_line.item_id is 'Durable item id.';
comment on column fact_purchase_line.warehouse_id is 'Receiving warehouse.';
comment on column fact_purchase_line.currency is 'The order''s currency (the supplier''s).';
comment on column fact_purchase_line.unit_price is 'Agreed unit price, minor units of currency.';
comment on column fact_purchase_line.ordered_qty is 'Quantity ordered.';
comment on column fact_purchase_line.ordered_amount is 'ordered_qty × unit_price, minor units of currency.';
comment on column fact_purchase_line.open_qty is 'Quantity not yet received.';
comment on column fact_purchase_line.received_qty is 'Quantity received.';
comment on column fact_purchase_line.received_value_functional is 'Value received into stock at the receipt dates'' rates, minor units of the functional currency.';
comment on column fact_purchase_line.first_receipt_date is 'Date of the first receipt; null when none.';
comment on column fact_purchase_line.last_receipt_date is 'Date of the latest receipt (the actual delivery date when fully received); null when none.';
comment on column fact_purchase_line.fully_received_date is 'Date the whole quantity had arrived; null while some is outstanding.';
comment on column fact_purchase_line.days_late is 'fully_received_date − expected_date in days (negative = early); null while some is outstanding.';
comment on column fact_purchase_line.billed_qty is 'Quantity billed by the supplier.';
comment on column fact_purchase_line.billed_amount is 'Amount billed, minor units of currency.';
comment on column fact_purchase_line.billed_amount_functional is 'Amount billed at the bills'' rates, minor units of the functional currency (the payables posted).';
comment on column fact_purchase_line.grni_cleared_functional is 'Received value taken off goods-received-not-invoiced by the bills, minor units of the functional currency.';
comment on column fact_purchase_line.price_variance_functional is 'billed_amount_functional − grni_cleared_functional: purchase price variance posted, minor units of the functional currency.';
comment on column fact_purchase_line.accepted_qty is 'Units accepted at inspection, summed over the line''s inspected receipts (fact_receipt_inspection); null while none is inspected.';
comment on column fact_purchase_line.rejected_qty is 'Units rejected at inspection, summed over the line''s inspected receipts; null while none is inspected.';
comment on column fact_purchase_line.list_unit_price is 'The supplier''s price-list price (scm.supplier_prices) for the item in force on the order date, minor units of currency; null when it had none in the order''s currency.';
comment on column fact_purchase_line.price_vs_list_bp is '(unit_price − list_unit_price) ÷ list_unit_price in basis points, rounded half away from zero (positive = dearer than the list); null without a list price or when it is 0.';
comment on column fact_purchase_line.recorded_at is 'When the order was recorded; picks the dimension versions.';
