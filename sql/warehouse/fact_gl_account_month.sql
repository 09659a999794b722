create table if not exists fact_gl_account_month (
  month                date not null,
  account_code         varchar not null,
  debit_functional     bigint not null,
  credit_functional    bigint not null,
  amount_functional    bigint not null,
  lines                bigint not null,
  first_entry_date     date not null,
  last_entry_date      date not null
);
comment on table fact_gl_account_month is 'The general ledger summed per account and calendar month, derived from fact_gl_line by the pipeline: a row for each account and month with postings. Running sums of amount_functional give month-end balances without reading the ledger line by line. Amounts are BIGINT minor units of the functional currency.';
comment on column fact_gl_account_month.month is 'First day of the calendar month of the entries.';
comment on column fact_gl_account_month.account_code is 'Account posted (dim_account.account_code).';
comment on column fact_gl_account_month.debit_functional is 'Debits in the month, minor units of the functional currency.';
comment on column fact_gl_account_month.credit_functional is 'Credits in the month, minor units of the functional currency.';
comment on column fact_gl_account_month.amount_functional is 'Debits − credits in the month, minor units of the functional currency.';
comment on column fact_gl_account_month.lines is 'Journal lines posted to the account in the month.';
comment on column fact_gl_account_month.first_entry_date is 'First posting date in the month.';
comment on column fact_gl_account_month.last_entry_date is 'Last posting date in the month.';
