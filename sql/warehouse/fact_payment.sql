create table if not exists fact_payment (
  payment_kind             varchar not null,
  payment_id               integer not null,
  allocation_id            integer,
  payment_no               varchar not null,
  payment_date             date not null,
  payment_date_key         integer not null,
  allocation_date          date,
  allocation_date_key      integer,
  customer_key             bigint,
  customer_id              integer,
  supplier_key             bigint,
  supplier_id              integer,
  currency                 varchar not null,
  payment_rate             decimal(18, 8) not null,
  amount                   bigint not null,
  amount_functional        bigint not null,
  cleared_functional       bigint not null,
  fx_difference_functional bigint not null,
  document_type            varchar,
  document_id              integer,
  document_no              varchar,
  document_due_date        date,
  days_after_due           integer,
  recorded_at              timestamptz not null
);
comment on table fact_payment is 'Money received from customers and paid to suppliers, one row per allocation of a payment to an invoice or bill plus one row for the part of a payment still unallocated (allocation_id null), so amount sums to the payment. Money is BIGINT minor units: amount in the payment''s currency, *_functional in the functional currency.';
comment on column fact_payment.payment_kind is 'customer_receipt (erp.customer_payments) or supplier_payment (scm.supplier_payments).';
comment on column fact_payment.payment_id is 'The payment''s id in its table; with payment_kind, the key a re-extraction replaces.';
comment on column fact_payment.allocation_id is 'The allocation''s id (erp.payment_allocations or scm.supplier_payment_allocations); null on the unallocated remainder row.';
comment on column fact_payment.payment_no is 'Payment number.';
comment on column fact_payment.payment_date is 'Date the money moved.';
comment on column fact_payment.payment_date_key is 'Payment date as YYYYMMDD, joins dim_date.';
comment on column fact_payment.allocation_date is 'Date the payment was matched to the document (supplier payments: the payment date); null on the remainder row.';
comment on column fact_payment.allocation_date_key is 'Allocation date as YYYYMMDD; null on the remainder row.';
comment on column fact_payment.customer_key is 'dim_customer version in force when the payment was recorded (customer receipts).';
comment on column fact_payment.customer_id is 'Durable customer id (customer receipts), else null.';
comment on column fact_payment.supplier_key is 'dim_supplier version in force when the payment was recorded (supplier payments).';
comment on column fact_payment.supplier_id is 'Durable supplier id (supplier payments), else null.';
comment on column fact_payment.currency is 'The payment''s currency.';
comment on column fact_payment.payment_rate is 'Functional units per unit of currency on the payment date.';
comment on column fact_payment.amount is 'Part of the payment this row covers, minor units of currency.';
comment on column fact_payment.amount_functional is 'That part at the payment''s rate, minor units of the functional currency (the bank side).';
comment on column fact_payment.cleared_functional is 'Functional value cleared off the invoice or bill (its own rate); 0 on the remainder row.';
comment on column fact_payment.fx_difference_functional is 'amount_functional − cleared_functional: the realised exchange difference, minor units of the functional currency; 0 on the remainder row.';
comment on column fact_payment.document_type is 'customer_invoice or vendor_bill; null on the remainder row.';
comment on column fact_payment.document_id is 'Id of the invoice or bill settled.';
comment on column fact_payment.document_no is 'Number of the invoice or bill settled.';
comment on column fact_payment.document_due_date is 'Due date of the invoice or bill.';
comment on column fact_payment.days_after_due is 'allocation_date − document_due_date in days (negative = early).';
comment on column fact_payment.recorded_at is 'When the payment was recorded; picks the dimension versions.';
