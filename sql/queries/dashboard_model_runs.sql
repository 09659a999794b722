-- The model runs of the latest forecast runs, newest first, for the Data page: which model and
-- version, the date it looked from, how long it took (seconds), rows written, and why a
-- skipped model was skipped.
-- @param runs integer = 5  How many forecast runs (each has one row per model).
select run_id,
       model,
       model_version,
       as_of::varchar as as_of,
       status,
       round(epoch(finished_at) - epoch(started_at), 2) as seconds,
       rows_written,
       error
  from meta_model_run
 where run_id > (select coalesce(max(run_id), 0) from meta_model_run) - $runs
 order by run_id desc, model
