-- The warehouse pipeline's latest runs, newest first, for the Data page: status, mode, when,
-- how long (seconds), the operational snapshot read, rows written in total, figures reconciled
-- with the books, and the error of a run that did not succeed.
-- @param limit integer = 30  How many runs.
select run_id,
       status,
       mode,
       strftime(started_at, '%Y-%m-%dT%H:%M:%SZ') as started_at,
       round(epoch(finished_at) - epoch(started_at), 2) as seconds,
       strftime(snapshot_at, '%Y-%m-%dT%H:%M:%SZ') as snapshot_at,
       (select coalesce(sum(v::bigint), 0) from (select unnest(json_extract_string(rows_written, '$.*')) as v)) as rows_written,
       figures_checked,
       error
  from meta_pipeline_run
 order by run_id desc
 limit $limit
