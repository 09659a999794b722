-- The run log: one row per pipeline run, written inside the file the run produced (a run that
-- failed is recorded by swapping in a copy of the previous state with its row added).
create table if not exists meta_pipeline_run (
  run_id         bigint not null,
  started_at     timestamptz not null,
  finished_at    timestamptz,
  status         varchar not null,
  mode           varchar not null,
  source         varchar not null,
  watermark_from bigint,
  watermark_to   bigint,
  snapshot_at    timestamptz,
  rows_extracted json,
  rows_written   json,
  rows_after     json,
  figures_checked integer,
  error          varchar,
  pid            integer
);
comment on table meta_pipeline_run is 'Run log of the warehouse pipeline: one row per run (succeeded, failed, or crashed as found by the next run), newest run_id last.';
comment on column meta_pipeline_run.run_id is 'Sequential run number within this warehouse file.';
comment on column meta_pipeline_run.started_at is 'When the run started (wall clock).';
comment on column meta_pipeline_run.finished_at is 'When the run finished or failed; null for a run found crashed.';
comment on column meta_pipeline_run.status is 'succeeded, failed (an error, named in error) or crashed (the process died; recorded by the next run).';
comment on column meta_pipeline_run.mode is 'full (rebuilt from nothing) or incremental (only aggregates changed since the previous watermark).';
comment on column meta_pipeline_run.source is 'The operational database read: embedded or server, and where.';
comment on column meta_pipeline_run.watermark_from is 'Lower bound of the outbox window read (an xid8: pg_snapshot_xmin of the previous run); null for a full run.';
comment on column meta_pipeline_run.watermark_to is 'pg_snapshot_xmin of this run''s snapshot: every transaction below it had finished, so the next run starts there.';
comment on column meta_pipeline_run.snapshot_at is 'Time of the source snapshot the run read (the read transaction''s start).';
comment on column meta_pipeline_run.rows_extracted is 'Rows read from the operational database, per staging table (JSON object).';
comment on column meta_pipeline_run.rows_written is 'Rows inserted into each warehouse table by this run (JSON object).';
comment on column meta_pipeline_run.rows_after is 'Row count of each warehouse table after the run (JSON object); a reader can check the file against it.';
comment on column meta_pipeline_run.figures_checked is 'How many reconciliation figures matched: headline figures, account balances and row counts against Postgres, and sales lines against the ledger.';
comment on column meta_pipeline_run.error is 'The failure, one line; null when the run succeeded.';
comment on column meta_pipeline_run.pid is 'Process id of the run.';
