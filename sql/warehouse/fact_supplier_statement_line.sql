create table if not exists fact_supplier_statement_line (
  statement_id        integer not null,
  statement_line_id   integer not null,
  statement_no        varchar not null,
  line_no             integer not null,
  supplier_key        bigint,
  supplier_id         integer not null,
  period              varchar not null,
  period_end_date     date not null,
  period_end_date_key integer not null,
  currency            varchar not null,
  document_type       varchar not null,
  document_id         integer not null,
  document_no         varchar not null,
  document_date       date not null,
  document_date_key   integer not null,
  our_amount          bigint not null,
  supplier_amount     bigint,
  difference          bigint,
  supplier_response   varchar not null,
  discrepancy_kind    varchar,
  supplier_note       varchar,
  released            boolean not null,
  statement_status    varchar not null,
  approval_status     varchar,
  approval_request_id integer,
  generated_date      date not null,
  responded_date      date,
  reviewer_id         integer,
  reviewed_date       date,
  closed_date         date,
  recorded_at         timestamptz not null
);
comment on table fact_supplier_statement_line is 'One row per line of a supplier statement reconciliation (scm.supplier_statement_lines): a document on our statement of what we owe a supplier for a month, what the supplier says, and the statement''s review and approval. Amounts are signed BIGINT minor units of the statement''s currency (the supplier''s): positive raises what we owe. Discrepancies not tied to a line (documents unknown to us, the balance difference) are not rows here.';
comment on column fact_supplier_statement_line.statement_id is 'The statement (scm.supplier_statements.id); a re-extracted statement replaces all its lines.';
comment on column fact_supplier_statement_line.statement_line_id is 'Business key: scm.supplier_statement_lines.id.';
comment on column fact_supplier_statement_line.statement_no is 'Statement number (STM-…).';
comment on column fact_supplier_statement_line.line_no is 'Line number within the statement (documents in date order).';
comment on column fact_supplier_statement_line.supplier_key is 'dim_supplier version in force when the statement was generated.';
comment on column fact_supplier_statement_line.supplier_id is 'Durable supplier id.';
comment on column fact_supplier_statement_line.period is 'The month reconciled, YYYY-MM.';
comment on column fact_supplier_statement_line.period_end_date is 'Last day of the month reconciled.';
comment on column fact_supplier_statement_line.period_end_date_key is 'Period end as YYYYMMDD, joins dim_date.';
comment on column fact_supplier_statement_line.currency is 'The statement''s currency (the supplier''s).';
comment on column fact_supplier_statement_line.document_type is 'The document the line covers: bill (vendor bill), payment (supplier payment), discount (early-payment discount taken on a payment), credit (supplier credit) or return (return to supplier of unbilled goods, amount 0).';
comment on column fact_supplier_statement_line.document_id is 'Id of the document in its table (scm.vendor_bills, scm.supplier_payments, scm.supplier_credits or scm.supplier_returns; a discount names its payment).';
comment on column fact_supplier_statement_line.document_no is 'Number of the document.';
comment on column fact_supplier_statement_line.document_date is 'Date of the document.';
comment on column fact_supplier_statement_line.document_date_key is 'Document date as YYYYMMDD, joins dim_date.';
comment on column fact_supplier_statement_line.our_amount is 'The document''s amount in our books, signed: bills positive, payments, discounts and credits negative.';
comment on column fact_supplier_statement_line.supplier_amount is 'The amount the supplier''s answer gives (0 when it says the document is not on its statement); null until the supplier has answered.';
comment on column fact_supplier_statement_line.difference is 'supplier_amount − our_amount; 0 on a confirmed line, null until the supplier has answered.';
comment on column fact_supplier_statement_line.supplier_response is 'open (no answer yet), confirmed or disputed by the supplier.';
comment on column fact_supplier_statement_line.discrepancy_kind is 'On a disputed line: amount (the supplier has another amount) or not_on_supplier_statement; else null.';
comment on column fact_supplier_statement_line.supplier_note is 'The note given with the supplier''s answer to the line, if any.';
comment on column fact_supplier_statement_line.released is 'The statement was rejected and the document left it: it is unreconciled again and may appear on a later statement.';
comment on column fact_supplier_statement_line.statement_status is 'The statement''s status at the last load: generated, responded (the supplier answered), reviewed (awaiting approval), reconciled or rejected.';
comment on column fact_supplier_statement_line.approval_status is 'pending (reviewed, awaiting approval), approved (reconciled) or rejected; null before the review.';
comment on column fact_supplier_statement_line.approval_request_id is 'The approval request raised by the review (approvals.requests.id); null before the review.';
comment on column fact_supplier_statement_line.generated_date is 'Date the statement was generated.';
comment on column fact_supplier_statement_line.responded_date is 'Date the supplier''s answer was recorded; null before.';
comment on column fact_supplier_statement_line.reviewer_id is 'The employee who reviewed the statement (dim_employee.employee_id); null before the review.';
comment on column fact_supplier_statement_line.reviewed_date is 'Date of the review; null before.';
comment on column fact_supplier_statement_line.closed_date is 'Date the approval was decided (reconciled or rejected); null before.';
comment on column fact_supplier_statement_line.recorded_at is 'When the statement was generated; picks the dimension versions.';
