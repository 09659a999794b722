-- Whether the forecasts are behind the data: the latest forecast run, and every successful
-- pipeline run since it with the rows it wrote per table (JSON). The models re-run when one of
-- those runs wrote anything.
select (select max(run_id) from meta_model_run) as forecast_run_id,
       (select max(finished_at) from meta_model_run) as forecast_finished_at,
       p.run_id as pipeline_run_id, p.finished_at as pipeline_finished_at, p.rows_written::varchar as rows_written
  from (select 1) one
  left join meta_pipeline_run p
    on p.status = 'succeeded'
   and p.finished_at > coalesce((select max(finished_at) from meta_model_run), '-infinity'::timestamptz)
 order by p.run_id
