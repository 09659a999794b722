create table if not exists fact_requisition_line (
  requisition_id              integer not null,
  requisition_no              varchar not null,
  department_id               integer not null,
  department_code             varchar not null,
  department_name             varchar not null,
  requester_id                integer not null,
  product_key                 bigint,
  item_id                     integer not null,
  quantity                    bigint not null,
  unit_estimate_functional    bigint not null,
  estimated_amount_functional bigint not null,
  request_date                date not null,
  request_date_key            integer not null,
  needed_by_date              date not null,
  needed_by_date_key          integer not null,
  status                      varchar not null,
  decided_date                date,
  decided_date_key            integer,
  days_to_decision            integer,
  purchase_order_id           integer,
  purchase_order_line_id      integer,
  po_no                       varchar,
  order_date                  date,
  order_date_key              integer,
  days_request_to_order       integer,
  days_ordered_before_needed  integer,
  recorded_at                 timestamptz not null
);
comment on table fact_requisition_line is 'One row per purchase requisition line (scm.requisitions: each requisition asks for one item): a department''s need, its approval decision and the purchase order that ordered it. Money is BIGINT minor units of the functional currency.';
comment on column fact_requisition_line.requisition_id is 'Business key: scm.requisitions.id; a re-extracted requisition replaces its row.';
comment on column fact_requisition_line.requisition_no is 'Requisition number (REQ-…).';
comment on column fact_requisition_line.department_id is 'The department that needs the goods (people.departments.id).';
comment on column fact_requisition_line.department_code is 'Department code.';
comment on column fact_requisition_line.department_name is 'Department name.';
comment on column fact_requisition_line.requester_id is 'The employee who asked (dim_employee.employee_id).';
comment on column fact_requisition_line.product_key is 'dim_product version in force when the requisition was recorded.';
comment on column fact_requisition_line.item_id is 'Durable item id.';
comment on column fact_requisition_line.quantity is 'Quantity requested.';
comment on column fact_requisition_line.unit_estimate_functional is 'Estimated unit price (given, else the item''s standard cost), minor units of the functional currency.';
comment on column fact_requisition_line.estimated_amount_functional is 'quantity × unit estimate, minor units of the functional currency; the amount the approval rules weigh.';
comment on column fact_requisition_line.request_date is 'Date the requisition was made.';
comment on column fact_requisition_line.request_date_key is 'Request date as YYYYMMDD, joins dim_date.';
comment on column fact_requisition_line.needed_by_date is 'Date the department needs the goods by.';
comment on column fact_requisition_line.needed_by_date_key is 'Needed-by date as YYYYMMDD, joins dim_date.';
comment on column fact_requisition_line.status is 'pending (awaiting approval), approved, rejected, ordered or cancelled at the last load.';
comment on column fact_requisition_line.decided_date is 'Date the approval was decided (approved or rejected; the request date when no approval rule applied) or the requisition cancelled; null while pending.';
comment on column fact_requisition_line.decided_date_key is 'Decided date as YYYYMMDD; null while pending.';
comment on column fact_requisition_line.days_to_decision is 'decided_date − request_date in days; null while pending.';
comment on column fact_requisition_line.purchase_order_id is 'The purchase order it was ordered on (scm.purchase_orders.id); null until ordered.';
comment on column fact_requisition_line.purchase_order_line_id is 'The purchase order line ordering it (fact_purchase_line.purchase_order_line_id; a line may order several requisitions of one item); null until ordered.';
comment on column fact_requisition_line.po_no is 'Purchase order number; null until ordered.';
comment on column fact_requisition_line.order_date is 'Order date of that purchase order; null until ordered.';
comment on column fact_requisition_line.order_date_key is 'Order date as YYYYMMDD; null until ordered.';
comment on column fact_requisition_line.days_request_to_order is 'order_date − request_date in days; null until ordered.';
comment on column fact_requisition_line.days_ordered_before_needed is 'needed_by_date − order_date in days (negative = ordered after it was needed); null until ordered.';
comment on column fact_requisition_line.recorded_at is 'When the requisition was recorded; picks the dimension versions.';
