-- The sales funnel of the latest funnel model run, stage by stage in pipeline order, for the
-- Sales funnel page: opportunities that ever entered the stage, that reached it (entered or
-- skipped past it: the conversion's base), how many moved on or were lost from it, the stage-to-next conversion (null for a closing stage), and the median and
-- 90th-percentile days a finished stay in it lasted (fact_funnel_stage).
select stage_code,
       coalesce(stage_name, stage_code) as stage_name,
       position,
       ever_entered,
       reached,
       in_stage,
       advanced,
       lost,
       conversion_rate,
       median_days,
       p90_days,
       as_of::varchar as as_of
  from fact_funnel_stage
 where run_id = (select max(run_id) from meta_model_run where model = 'funnel' and status = 'succeeded')
 order by position nulls last, stage_code
