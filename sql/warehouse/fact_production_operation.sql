create table if not exists fact_production_operation (
  production_event_id       bigint not null,
  production_order_id       integer not null,
  order_no                  varchar not null,
  product_key               bigint,
  item_id                   integer not null,
  warehouse_id              integer not null,
  costing_method            varchar not null,
  operation_id              integer not null,
  operation_seq             integer not null,
  operation_description     varchar not null,
  work_center_id            integer not null,
  work_center_code          varchar,
  event                     varchar not null,
  operator_employee_id      integer not null,
  event_date                date not null,
  event_date_key            integer not null,
  good_qty                  bigint not null,
  scrap_qty                 bigint not null,
  minutes                   decimal(12, 2),
  absorbed_value_functional bigint not null,
  journal_entry_id          bigint,
  recorded_at               timestamptz not null
);
comment on table fact_production_operation is 'Shop-floor events of production orders, one row per event: an operator starting an operation, or finishing (part of) it with the good and scrapped units it reports and the labour and overhead it absorbs into work in progress. Money is BIGINT minor units of the functional currency.';
comment on column fact_production_operation.production_event_id is 'Business key: erp.production_events.id.';
comment on column fact_production_operation.production_order_id is 'The production order (erp.production_orders.id); a re-extracted order replaces all its events.';
comment on column fact_production_operation.order_no is 'Production order number (MO-0000123).';
comment on column fact_production_operation.product_key is 'dim_product version of the item made, in force when the event was recorded.';
comment on column fact_production_operation.item_id is 'Durable id of the item the order makes (dim_product.item_id).';
comment on column fact_production_operation.warehouse_id is 'Warehouse the order makes it in (dim_warehouse.warehouse_id).';
comment on column fact_production_operation.costing_method is 'The order''s costing: standard (finished goods at standard cost) or actual (at their share of the order''s cost).';
comment on column fact_production_operation.operation_id is 'The order''s operation (erp.production_order_operations.id).';
comment on column fact_production_operation.operation_seq is 'Sequence number of the operation in the order''s routing.';
comment on column fact_production_operation.operation_description is 'What the operation does.';
comment on column fact_production_operation.work_center_id is 'Work centre the operation runs at (erp.work_centers.id).';
comment on column fact_production_operation.work_center_code is 'Work centre code.';
comment on column fact_production_operation.event is 'start or finish; an operation may run in several sessions, each start followed by finishes.';
comment on column fact_production_operation.operator_employee_id is 'Operator who recorded the event (dim_employee.employee_id).';
comment on column fact_production_operation.event_date is 'Date of the event.';
comment on column fact_production_operation.event_date_key is 'Event date as YYYYMMDD, joins dim_date.';
comment on column fact_production_operation.good_qty is 'Good units the finish reports (0 on a start).';
comment on column fact_production_operation.scrap_qty is 'Units scrapped at the operation (0 on a start).';
comment on column fact_production_operation.minutes is 'Minutes absorbed by a finish: those reported, else the standard (setup on the first finish + run per unit); null on a start.';
comment on column fact_production_operation.absorbed_value_functional is 'Labour and overhead absorbed into work in progress by a finish (minutes × the work centre''s hourly rate on the order date ÷ 60), minor units of the functional currency; 0 on a start.';
comment on column fact_production_operation.journal_entry_id is 'Journal entry of the absorption (fact_gl_line.journal_entry_id); null on a start.';
comment on column fact_production_operation.recorded_at is 'When the event was recorded; picks the dim_product version.';
