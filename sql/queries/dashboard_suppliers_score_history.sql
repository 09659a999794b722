-- One supplier's capability score over time, for its trend chart:
--   kind 'period'  the latest successful suppliers model run's score of each period it covers,
--                  overall (criterion *) and per criterion: how capability moved month by month;
--   kind 'run'     the overall score (decay-weighted over the periods) of every successful model
--                  run, at the run's newest period, with its standing: how each run judged it.
-- Scores 0–100; null where a period had no data. The global filters do not apply: it is the
-- history of one supplier as the model saw it.
-- @param code text  Supplier code.
with runs as (
  select run_id, as_of from meta_model_run where model = 'suppliers' and status = 'succeeded'
), supplier as (
  select supplier_id, code from dim_supplier where is_current and code = $code
)
select 'period' as kind, c.period, c.criterion, round(c.score, 1) as score, null::varchar as standing, c.run_id, c.as_of
  from fact_supplier_score_criterion c
  join supplier s using (supplier_id)
 where c.run_id = (select max(run_id) from runs)
union all
select 'run', f.period, '*', round(f.score, 1), f.standing, f.run_id, f.as_of
  from fact_supplier_score f
  join supplier s using (supplier_id)
 where f.run_id in (select run_id from runs)
 order by kind, criterion, period, run_id
