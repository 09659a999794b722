create table if not exists fact_approval (
  request_id                integer not null,
  document_type             varchar not null,
  document_id               integer not null,
  summary                   varchar,
  department                varchar,
  amount_functional         bigint not null,
  requested_by              varchar not null,
  request_date              date not null,
  request_date_key          integer not null,
  status                    varchar not null,
  status_reason             varchar,
  rule_id                   integer,
  auto_approved             boolean not null,
  steps_required            integer not null,
  steps_decided             integer not null,
  steps_approved            integer not null,
  final_decision            varchar,
  decided_date              date,
  decided_date_key          integer,
  hours_to_decide           integer,
  closed_date               date,
  last_decision             varchar,
  last_decision_date        date,
  last_step_role            varchar,
  last_approver_id          integer,
  last_approver_role        varchar,
  last_comment_present      boolean,
  comment_present           boolean not null,
  comment_count             integer not null,
  recorded_at               timestamptz not null,
  last_decision_recorded_at timestamptz
);
comment on table fact_approval is 'One row per approval request (approvals.requests): a document submitted to the approval engine, the chain of approver roles its rule asked for, and its decisions (approvals.decisions) summarised. A document resubmitted gets a new request; the earlier pending one is closed as superseded.';
comment on column fact_approval.request_id is 'Business key: approvals.requests.id; a re-extraction replaces the row.';
comment on column fact_approval.document_type is 'Kind of document: quote_discount, contract, invoicing_request, return, requisition, purchase_order, supplier_statement, vendor_bill_mismatch, …';
comment on column fact_approval.document_id is 'The document''s id in its own table (e.g. crm.returns.id for document_type return).';
comment on column fact_approval.summary is 'The one-line summary shown to approvers; starts with the document number.';
comment on column fact_approval.department is 'Department the request was made for (picks the rule); null when none.';
comment on column fact_approval.amount_functional is 'What is at stake, minor units of the functional currency (picks the amount band of the rule).';
comment on column fact_approval.requested_by is 'Actor that submitted the request.';
comment on column fact_approval.request_date is 'Business date of the request.';
comment on column fact_approval.request_date_key is 'Request date as YYYYMMDD, joins dim_date.';
comment on column fact_approval.status is 'pending, approved, rejected or superseded (replaced by a newer request for the document, or withdrawn), at the last load.';
comment on column fact_approval.status_reason is 'no rule (approved at once, no chain), withdrawn (document cancelled before a decision), else null.';
comment on column fact_approval.rule_id is 'The approval rule whose chain applies (approvals.rules.id); null when no rule matched.';
comment on column fact_approval.auto_approved is 'True when no rule matched and the request was approved at once, without decisions.';
comment on column fact_approval.steps_required is 'Number of steps (approver roles) in the chain; 0 when auto-approved.';
comment on column fact_approval.steps_decided is 'Number of decisions recorded (each decides one step).';
comment on column fact_approval.steps_approved is 'Number of those decisions that approved their step.';
comment on column fact_approval.final_decision is 'approve or reject once the request is approved or rejected (auto-approved included); null while pending or when superseded.';
comment on column fact_approval.decided_date is 'Date the request was finally approved or rejected; null otherwise.';
comment on column fact_approval.decided_date_key is 'Decided date as YYYYMMDD; null when not decided.';
comment on column fact_approval.hours_to_decide is 'decided_date − request_date in whole days × 24 (the books record dates, not times); null when not decided.';
comment on column fact_approval.closed_date is 'Date the request was approved, rejected or superseded; null while pending.';
comment on column fact_approval.last_decision is 'approve or reject: the decision on the latest step decided; null when none.';
comment on column fact_approval.last_decision_date is 'Date of the latest decision; null when none.';
comment on column fact_approval.last_step_role is 'Role the latest decided step asked for.';
comment on column fact_approval.last_approver_id is 'Employee who took the latest decision (dim_employee.employee_id).';
comment on column fact_approval.last_approver_role is 'Role that employee held when deciding (a manager may decide any step).';
comment on column fact_approval.last_comment_present is 'Whether the latest decision carries a comment; null when no decision.';
comment on column fact_approval.comment_present is 'Whether any decision on the request carries a comment.';
comment on column fact_approval.comment_count is 'Number of decisions with a comment.';
comment on column fact_approval.recorded_at is 'When the request was recorded in the operational database.';
comment on column fact_approval.last_decision_recorded_at is 'When the latest decision was recorded in the operational database; null when none.';
