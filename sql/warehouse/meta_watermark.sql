-- Where the next incremental run starts; written in the same file, and so atomically, with the
-- data it describes.
create table if not exists meta_watermark (
  source          varchar not null,
  source_identity varchar not null,
  xmin            bigint not null,
  snapshot        varchar not null,
  snapshot_at     timestamptz not null,
  run_id          bigint not null,
  schema_version  varchar not null
);
comment on table meta_watermark is 'The incremental load''s position: one row for the operational database. Outbox events with tx_id >= xmin that the snapshot could not see are read by the next run.';
comment on column meta_watermark.source is 'Name of the source (operational).';
comment on column meta_watermark.source_identity is 'Which database was read (engine, database oid and its first event''s time); a different one forces a full rebuild.';
comment on column meta_watermark.xmin is 'pg_snapshot_xmin of the last run''s snapshot (an xid8). Transactions below it had all finished; those at or above it may still have been running, so the next run reads events from here on.';
comment on column meta_watermark.snapshot is 'The last run''s snapshot as pg_current_snapshot() text (xmin:xmax:running xids): the next run skips the events of transactions it could already see, so each committed event is read once.';
comment on column meta_watermark.snapshot_at is 'Time of the snapshot the watermark was taken from.';
comment on column meta_watermark.run_id is 'The run (meta_pipeline_run.run_id) that wrote this watermark.';
comment on column meta_watermark.schema_version is 'Hash of sql/warehouse/*.sql the file was built with; a changed schema forces a full rebuild.';
