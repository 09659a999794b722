create table if not exists fact_forecast_cash (
  run_id                      bigint not null,
  model_version               varchar not null,
  as_of                       date not null,
  week_start                  date not null,
  week_start_key              integer not null,
  step                        integer not null,
  receipts_functional         bigint not null,
  instalments_functional      bigint not null,
  payments_functional         bigint not null,
  net_functional              bigint not null,
  naive_receipts_functional   bigint not null,
  naive_payments_functional   bigint not null,
  opening_cash_functional     bigint not null,
  closing_cash_functional     bigint not null
);
comment on table fact_forecast_cash is '13-week cash forecast per forecast run: receipts from open invoices at each customer''s observed paying delay, contract instalments not yet invoiced, payments of open supplier bills at the company''s own observed delay, and the cash balance they lead to. The naive columns assume every item is settled on its due date.';
comment on column fact_forecast_cash.run_id is 'The forecast run (meta_model_run.run_id, model cash).';
comment on column fact_forecast_cash.model_version is 'Model version that produced the row.';
comment on column fact_forecast_cash.as_of is 'The day the forecast looks from: items open at its end.';
comment on column fact_forecast_cash.week_start is 'First day of the forecast week: week 1 starts the day after as_of.';
comment on column fact_forecast_cash.week_start_key is 'week_start as YYYYMMDD, joins dim_date.';
comment on column fact_forecast_cash.step is 'Weeks ahead (1 to 13).';
comment on column fact_forecast_cash.receipts_functional is 'Expected receipts from invoices open at as_of that week (each customer''s mean delay after the due date), minor units.';
comment on column fact_forecast_cash.instalments_functional is 'Expected receipts from contract instalments due but not yet invoiced at as_of, at the customer''s delay, minor units.';
comment on column fact_forecast_cash.payments_functional is 'Expected payments of supplier bills open at as_of that week (the company''s mean delay after the due date), minor units.';
comment on column fact_forecast_cash.net_functional is 'receipts + instalments − payments, minor units.';
comment on column fact_forecast_cash.naive_receipts_functional is 'Receipts if every open invoice were paid on its due date (the naive forecast the model is tested against), minor units.';
comment on column fact_forecast_cash.naive_payments_functional is 'Payments if every open bill were paid on its due date, minor units.';
comment on column fact_forecast_cash.opening_cash_functional is 'Cash and bank balance (the cash accounts in the ledger) at the start of the week, minor units.';
comment on column fact_forecast_cash.closing_cash_functional is 'Opening cash + net, minor units.';
