-- Whether the forecasts are behind the data: the latest successful pipeline run and the latest
-- forecast run, with when each finished.
select (select max(finished_at) from meta_pipeline_run where status = 'succeeded') as pipeline_finished_at,
       (select max(run_id) from meta_model_run) as forecast_run_id,
       (select max(finished_at) from meta_model_run) as forecast_finished_at
