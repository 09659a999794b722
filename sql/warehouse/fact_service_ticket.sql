create table if not exists fact_service_ticket (
  ticket_id               integer not null,
  ticket_no               varchar not null,
  ticket_type             varchar not null,
  priority                varchar not null,
  status                  varchar not null,
  customer_key            bigint,
  customer_id             integer not null,
  product_key             bigint,
  item_id                 integer,
  delivery_id             integer,
  technician_id           integer,
  opened_date             date not null,
  opened_date_key         integer not null,
  first_assigned_date     date,
  responded_date          date,
  resolved_date           date,
  resolved_date_key       integer,
  closed_date             date,
  cancelled_date          date,
  response_due_date       date not null,
  resolution_due_date     date not null,
  response_target_hours   integer not null,
  resolution_target_hours integer not null,
  response_hours          integer,
  resolution_hours        integer,
  response_breached       boolean,
  resolution_breached     boolean,
  satisfaction_score      integer,
  assignments             integer not null,
  reassignments           integer not null,
  times_reopened          integer not null,
  status_moves            integer not null,
  recorded_at             timestamptz not null
);
comment on table fact_service_ticket is 'One row per service ticket (crm.service_tickets): installation, on-site test, demonstration or repair work for a customer, its SLA targets, how it went and how the customer rated it. The books record dates, not times, and SLA targets in days: every *_hours column is whole days × 24. A ticket''s history (crm.service_ticket_history) is summarised in the counts.';
comment on column fact_service_ticket.ticket_id is 'Business key: crm.service_tickets.id; a re-extraction replaces the row.';
comment on column fact_service_ticket.ticket_no is 'Ticket number (SRV-0000123).';
comment on column fact_service_ticket.ticket_type is 'installation, on_site_test, demonstration or repair.';
comment on column fact_service_ticket.priority is 'low, normal, high or urgent (picks the SLA targets).';
comment on column fact_service_ticket.status is 'open, assigned, in_progress, resolved, closed or cancelled at the last load.';
comment on column fact_service_ticket.customer_key is 'dim_customer version in force when the ticket was recorded.';
comment on column fact_service_ticket.customer_id is 'Durable customer id (dim_customer.customer_id).';
comment on column fact_service_ticket.product_key is 'dim_product version in force when the ticket was recorded; null when the ticket names no item.';
comment on column fact_service_ticket.item_id is 'The item the work is about (dim_product.item_id); null when none.';
comment on column fact_service_ticket.delivery_id is 'The delivery that brought the item (erp.deliveries.id); null when none.';
comment on column fact_service_ticket.technician_id is 'Technician assigned at the last load (dim_employee.employee_id); null while unassigned.';
comment on column fact_service_ticket.opened_date is 'Date the ticket was opened.';
comment on column fact_service_ticket.opened_date_key is 'Opened date as YYYYMMDD, joins dim_date.';
comment on column fact_service_ticket.first_assigned_date is 'Date a technician was first assigned; null when never.';
comment on column fact_service_ticket.responded_date is 'First response: the date work first started (first move to in_progress); null before.';
comment on column fact_service_ticket.resolved_date is 'Date the work was resolved; null while unresolved (a reopened ticket is unresolved again).';
comment on column fact_service_ticket.resolved_date_key is 'Resolved date as YYYYMMDD; null while unresolved.';
comment on column fact_service_ticket.closed_date is 'Date the customer confirmed and the ticket closed; null unless closed.';
comment on column fact_service_ticket.cancelled_date is 'Date the ticket was cancelled; null unless cancelled.';
comment on column fact_service_ticket.response_due_date is 'Response target date, copied from the SLA targets when the ticket opened.';
comment on column fact_service_ticket.resolution_due_date is 'Resolution target date, copied from the SLA targets when the ticket opened.';
comment on column fact_service_ticket.response_target_hours is 'Response SLA target: response_due_date − opened_date in days × 24.';
comment on column fact_service_ticket.resolution_target_hours is 'Resolution SLA target: resolution_due_date − opened_date in days × 24.';
comment on column fact_service_ticket.response_hours is 'Actual time to first response: responded_date − opened_date in days × 24; null before the first response.';
comment on column fact_service_ticket.resolution_hours is 'Actual time to resolution: resolved_date − opened_date in days × 24; null while unresolved.';
comment on column fact_service_ticket.response_breached is 'Whether the first response came after its target, as recorded then; null before the first response. For an unanswered ticket, breached as of day D ⇔ D > response_due_date (computed when queried, so it never goes stale between loads).';
comment on column fact_service_ticket.resolution_breached is 'Whether the resolution came after its target, as recorded then; null while unresolved. For an unresolved ticket, breached as of day D ⇔ D > resolution_due_date.';
comment on column fact_service_ticket.satisfaction_score is 'Customer satisfaction 1–5 given on closure; null unless closed.';
comment on column fact_service_ticket.assignments is 'Number of times a technician was assigned (first assignment included).';
comment on column fact_service_ticket.reassignments is 'assignments − 1 (0 when never assigned).';
comment on column fact_service_ticket.times_reopened is 'Number of times a resolved ticket went back to in_progress.';
comment on column fact_service_ticket.status_moves is 'Number of status moves after opening.';
comment on column fact_service_ticket.recorded_at is 'When the ticket was recorded in the operational database; picks the dimension versions.';
