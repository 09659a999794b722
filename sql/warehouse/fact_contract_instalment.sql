create table if not exists fact_contract_instalment (
  instalment_id             integer not null,
  contract_id               integer not null,
  contract_no               varchar not null,
  contract_title            varchar not null,
  customer_key              bigint,
  customer_id               integer not null,
  contract_status           varchar not null,
  contract_status_date      date not null,
  signed_date               date not null,
  signed_date_key           integer not null,
  start_date                date not null,
  end_date                  date not null,
  term_days                 integer not null,
  currency                  varchar not null,
  contract_value            bigint not null,
  contract_value_functional bigint not null,
  instalment_count          integer not null,
  instalment_no             integer not null,
  due_date                  date not null,
  due_date_key              integer not null,
  amount                    bigint not null,
  amount_functional         bigint not null,
  invoice_id                integer,
  invoice_no                varchar,
  invoiced_date             date,
  invoiced_date_key         integer,
  invoice_due_date          date,
  invoice_rate              decimal(18, 8),
  invoice_net               bigint,
  invoice_gross             bigint,
  invoice_gross_functional  bigint,
  paid_amount               bigint not null,
  paid_amount_functional    bigint not null,
  last_payment_date         date,
  credited_amount           bigint not null,
  open_amount               bigint,
  paid_date                 date,
  paid_date_key             integer,
  days_paid_after_due       integer,
  recorded_at               timestamptz not null
);
comment on table fact_contract_instalment is 'One row per instalment of a contract''s payment-collection plan (crm.contract_instalments), with its contract (crm.contracts), the service invoice that billed it and the payments and credit notes that settled that invoice. A contract''s instalments sum to its value, and their amount_functional to its functional value. Money is BIGINT minor units: without suffix in the contract''s currency, *_functional in the functional currency. Overdue is not stored (it depends on the day asked): an instalment is overdue as of day D when due_date < D and (paid_date is null or paid_date > D).';
comment on column fact_contract_instalment.instalment_id is 'Business key: crm.contract_instalments.id.';
comment on column fact_contract_instalment.contract_id is 'The contract (crm.contracts.id); a re-extracted contract replaces all its instalments.';
comment on column fact_contract_instalment.contract_no is 'Contract number (CT-0000123).';
comment on column fact_contract_instalment.contract_title is 'The contract''s title.';
comment on column fact_contract_instalment.customer_key is 'dim_customer version in force when the contract was recorded.';
comment on column fact_contract_instalment.customer_id is 'Durable customer id (dim_customer.customer_id).';
comment on column fact_contract_instalment.contract_status is 'draft, pending_approval, active, completed or terminated at the last load.';
comment on column fact_contract_instalment.contract_status_date is 'Date the contract last changed status.';
comment on column fact_contract_instalment.signed_date is 'Date the contract was signed.';
comment on column fact_contract_instalment.signed_date_key is 'Signed date as YYYYMMDD, joins dim_date.';
comment on column fact_contract_instalment.start_date is 'First day of the contract''s term.';
comment on column fact_contract_instalment.end_date is 'Last day of the contract''s term.';
comment on column fact_contract_instalment.term_days is 'Length of the term in days, both ends included.';
comment on column fact_contract_instalment.currency is 'The contract''s (and its invoices'') currency.';
comment on column fact_contract_instalment.contract_value is 'The contract''s value, net of sales tax, minor units of currency (repeated on each instalment: do not sum across instalments).';
comment on column fact_contract_instalment.contract_value_functional is 'The contract''s value at the signed date''s rate, minor units of the functional currency (repeated on each instalment).';
comment on column fact_contract_instalment.instalment_count is 'Number of instalments in the contract''s plan.';
comment on column fact_contract_instalment.instalment_no is 'The instalment''s sequence number in the plan, from 1.';
comment on column fact_contract_instalment.due_date is 'Date the instalment falls due under the plan.';
comment on column fact_contract_instalment.due_date_key is 'Due date as YYYYMMDD, joins dim_date.';
comment on column fact_contract_instalment.amount is 'Instalment amount, net of sales tax, minor units of currency.';
comment on column fact_contract_instalment.amount_functional is 'This instalment''s share of contract_value_functional (in proportion to amount, the last instalment taking the remainder), minor units of the functional currency.';
comment on column fact_contract_instalment.invoice_id is 'The service invoice that billed the instalment (erp.customer_invoices.id); null while not invoiced.';
comment on column fact_contract_instalment.invoice_no is 'That invoice''s number; null while not invoiced.';
comment on column fact_contract_instalment.invoiced_date is 'Date the instalment was invoiced; null while not invoiced.';
comment on column fact_contract_instalment.invoiced_date_key is 'Invoiced date as YYYYMMDD; null while not invoiced.';
comment on column fact_contract_instalment.invoice_due_date is 'The invoice''s due date (the instalment''s due date, or the invoice date when invoiced late).';
comment on column fact_contract_instalment.invoice_rate is 'Functional units per unit of currency on the invoice date.';
comment on column fact_contract_instalment.invoice_net is 'Invoice net, minor units of currency (the instalment amount).';
comment on column fact_contract_instalment.invoice_gross is 'Invoice gross (net + sales tax), minor units of currency: what the customer owes.';
comment on column fact_contract_instalment.invoice_gross_functional is 'Invoice gross at the invoice rate, minor units of the functional currency.';
comment on column fact_contract_instalment.paid_amount is 'Paid on the invoice so far (payment allocations), minor units of currency; 0 when none.';
comment on column fact_contract_instalment.paid_amount_functional is 'Functional value those payments cleared off the invoice (its own rate), minor units of the functional currency.';
comment on column fact_contract_instalment.last_payment_date is 'Date of the latest payment allocated to the invoice; null when none.';
comment on column fact_contract_instalment.credited_amount is 'Credited on the invoice by credit notes, minor units of currency; 0 when none.';
comment on column fact_contract_instalment.open_amount is 'Still owed on the invoice at the last load, minor units of currency; null while not invoiced.';
comment on column fact_contract_instalment.paid_date is 'Date the invoice was settled in full (latest payment or credit once nothing is open); null while anything is open or not invoiced. With due_date it gives overdue as of any day D: due_date < D and (paid_date is null or paid_date > D). Stored instead of an overdue flag, which would go stale for instalments no event touches between loads.';
comment on column fact_contract_instalment.paid_date_key is 'Paid date as YYYYMMDD; null while not settled.';
comment on column fact_contract_instalment.days_paid_after_due is 'paid_date − due_date in days (negative = early); null while not settled.';
comment on column fact_contract_instalment.recorded_at is 'When the contract was recorded in the operational database; picks the dimension versions.';
