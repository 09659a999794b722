create table if not exists fact_gl_line (
  journal_line_id      bigint not null,
  journal_entry_id     bigint not null,
  entry_no             varchar not null,
  line_no              integer not null,
  entry_date           date not null,
  date_key             integer not null,
  period               varchar not null,
  account_code         varchar not null,
  debit_functional     bigint not null,
  credit_functional    bigint not null,
  amount_functional    bigint not null,
  currency             varchar not null,
  amount_txn           bigint not null,
  customer_id          integer,
  supplier_id          integer,
  item_id              integer,
  cost_center          varchar,
  source_type          varchar not null,
  source_id            varchar,
  reversal_of_entry_id bigint,
  memo                 varchar not null,
  recorded_at          timestamptz not null
);
comment on table fact_gl_line is 'The general ledger: one row per journal line, with its entry''s date and source document. Amounts are BIGINT minor units of the functional currency; summed by account they give the trial balance.';
comment on column fact_gl_line.journal_line_id is 'Business key: finance.journal_lines.id.';
comment on column fact_gl_line.journal_entry_id is 'The journal entry (finance.journal_entries.id).';
comment on column fact_gl_line.entry_no is 'Entry number (JE-00000123).';
comment on column fact_gl_line.line_no is 'Line number within the entry.';
comment on column fact_gl_line.entry_date is 'Posting date.';
comment on column fact_gl_line.date_key is 'Posting date as YYYYMMDD, joins dim_date.';
comment on column fact_gl_line.period is 'Accounting period (YYYY-MM).';
comment on column fact_gl_line.account_code is 'Account posted (dim_account.account_code).';
comment on column fact_gl_line.debit_functional is 'Debit, minor units of the functional currency (0 on a credit line).';
comment on column fact_gl_line.credit_functional is 'Credit, minor units of the functional currency (0 on a debit line).';
comment on column fact_gl_line.amount_functional is 'debit − credit, minor units of the functional currency.';
comment on column fact_gl_line.currency is 'Currency of the underlying document.';
comment on column fact_gl_line.amount_txn is 'Signed amount in the document currency, minor units (debit positive).';
comment on column fact_gl_line.customer_id is 'Customer on receivable lines (subledger key).';
comment on column fact_gl_line.supplier_id is 'Supplier on payable and GRNI lines (subledger key).';
comment on column fact_gl_line.item_id is 'Item, where the posting names one.';
comment on column fact_gl_line.cost_center is 'Cost center, where given.';
comment on column fact_gl_line.source_type is 'Document that posted the entry: delivery, customer_invoice, credit_note, customer_payment, payment_allocation, goods_receipt, vendor_bill, supplier_payment, stock_adjustment, manual, reversal, ….';
comment on column fact_gl_line.source_id is 'Id of that document (for a reversal: the reversed entry''s number).';
comment on column fact_gl_line.reversal_of_entry_id is 'For a reversal: the entry it reverses.';
comment on column fact_gl_line.memo is 'Entry memo.';
comment on column fact_gl_line.recorded_at is 'When the entry was recorded.';
