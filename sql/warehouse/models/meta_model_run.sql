-- The model run log: one row per model per `ledgerloop forecast` run, with its fitted
-- parameters and validations, so every stored forecast can be traced to the run that made it.
create table if not exists meta_model_run (
  run_id        bigint not null,
  model         varchar not null,
  model_version varchar not null,
  as_of         date not null,
  started_at    timestamptz not null,
  finished_at   timestamptz not null,
  status        varchar not null,
  rows_written  integer not null,
  summary       json,
  error         varchar
);
comment on table meta_model_run is 'Model run log: one row per model of every ledgerloop forecast run (purchase frequency, demand, cash, funnel, inventory, supplier scores), with its parameters and validation figures as JSON.';
comment on column meta_model_run.run_id is 'Forecast run number within this warehouse file; every model output row carries it.';
comment on column meta_model_run.model is 'Which model: customers, demand, cash, funnel, inventory or suppliers.';
comment on column meta_model_run.model_version is 'Version of the model code and settings (changes whenever its method or defaults change).';
comment on column meta_model_run.as_of is 'The date the model looked from: data through this day, forecasts after it.';
comment on column meta_model_run.started_at is 'When the model started (wall clock).';
comment on column meta_model_run.finished_at is 'When the model finished.';
comment on column meta_model_run.status is 'succeeded, or skipped (too little data; the reason in error).';
comment on column meta_model_run.rows_written is 'Rows the model wrote to its output table.';
comment on column meta_model_run.summary is 'Fitted parameters, backtest and validation figures, as JSON (e.g. BG/NBD r, alpha, a, b, log-likelihood and standard errors).';
comment on column meta_model_run.error is 'Why the model was skipped; null when it ran.';
