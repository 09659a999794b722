create table if not exists fact_production_order (
  production_order_id       integer not null,
  order_no                  varchar not null,
  product_key               bigint,
  item_id                   integer not null,
  warehouse_id              integer not null,
  status                    varchar not null,
  costing_method            varchar not null,
  backflush                 boolean not null,
  bom_revision_id           integer not null,
  routing_id                integer,
  order_date                date not null,
  order_date_key            integer not null,
  due_date                  date not null,
  due_date_key              integer not null,
  released_date             date,
  closed_date               date,
  closed_date_key           integer,
  planned_qty               bigint not null,
  received_qty              bigint not null,
  scrapped_qty              bigint not null,
  open_qty                  bigint not null,
  standard_unit_cost_functional bigint not null,
  issued_value_functional   bigint not null,
  absorbed_value_functional bigint not null,
  received_value_functional bigint not null,
  variance_value_functional bigint not null,
  wip_value_functional      bigint not null,
  receipts                  integer not null,
  first_receipt_date        date,
  last_receipt_date         date,
  days_late                 integer,
  recorded_at               timestamptz not null
);
comment on table fact_production_order is 'Production orders, one row per order at the last load: quantities planned, received and scrapped, and the values that went through work in progress (issued components + absorbed labour and overhead = received finished goods + variance + what is still in progress). Money is BIGINT minor units of the functional currency.';
comment on column fact_production_order.production_order_id is 'Business key: erp.production_orders.id.';
comment on column fact_production_order.order_no is 'Production order number (MO-0000123).';
comment on column fact_production_order.product_key is 'dim_product version of the item made, in force when the order was recorded.';
comment on column fact_production_order.item_id is 'Durable id of the item made (dim_product.item_id).';
comment on column fact_production_order.warehouse_id is 'Warehouse it is made in (dim_warehouse.warehouse_id).';
comment on column fact_production_order.status is 'planned, released or closed at the last load.';
comment on column fact_production_order.costing_method is 'standard (finished goods received at standard cost) or actual (at their share of the order''s cost).';
comment on column fact_production_order.backflush is 'Components issued automatically on receipt and close, from the bill of materials.';
comment on column fact_production_order.bom_revision_id is 'Bill of materials revision copied onto the order (erp.bom_revisions.id).';
comment on column fact_production_order.routing_id is 'Routing revision copied onto the order (erp.routings.id); null when the item has none.';
comment on column fact_production_order.order_date is 'Order date.';
comment on column fact_production_order.order_date_key is 'Order date as YYYYMMDD, joins dim_date.';
comment on column fact_production_order.due_date is 'Date the finished goods are due.';
comment on column fact_production_order.due_date_key is 'Due date as YYYYMMDD, joins dim_date.';
comment on column fact_production_order.released_date is 'Date released to the shop floor; null while planned.';
comment on column fact_production_order.closed_date is 'Date closed (what was left in work in progress went to variance); null while open.';
comment on column fact_production_order.closed_date_key is 'Close date as YYYYMMDD; null while open.';
comment on column fact_production_order.planned_qty is 'Units ordered.';
comment on column fact_production_order.received_qty is 'Finished units received into stock.';
comment on column fact_production_order.scrapped_qty is 'Units scrapped at the order''s operations.';
comment on column fact_production_order.open_qty is 'planned_qty − received_qty − scrapped_qty, not below 0: units still to come (0 once closed in practice).';
comment on column fact_production_order.standard_unit_cost_functional is 'The item''s standard cost per unit on the order date, minor units of the functional currency.';
comment on column fact_production_order.issued_value_functional is 'Components issued to the order at moving average cost, minor units of the functional currency.';
comment on column fact_production_order.absorbed_value_functional is 'Labour and overhead absorbed by its operations (the sum of absorbed_value_functional in fact_production_operation), minor units of the functional currency.';
comment on column fact_production_order.received_value_functional is 'Value of the finished goods received into stock, minor units of the functional currency.';
comment on column fact_production_order.variance_value_functional is 'Production variance posted at close (positive = cost above what was received), minor units of the functional currency; 0 while open.';
comment on column fact_production_order.wip_value_functional is 'Still in work in progress: issued + absorbed − received − variance, minor units of the functional currency; 0 once closed.';
comment on column fact_production_order.receipts is 'Number of finished-goods receipts.';
comment on column fact_production_order.first_receipt_date is 'Date of the first finished-goods receipt; null before any.';
comment on column fact_production_order.last_receipt_date is 'Date of the last finished-goods receipt; null before any.';
comment on column fact_production_order.days_late is 'For a closed order: last receipt date (the close date when nothing was received) − due date, in days (negative = early); null while open.';
comment on column fact_production_order.recorded_at is 'When the order was recorded; picks the dim_product version.';
