-- Each supplier's capability profile in the latest successful suppliers model run: per
-- criterion of the scorecard (quality, lot_acceptance, on_time_in_full, lateness,
-- lead_time_consistency, price, asn_discipline, statement_accuracy, audit; * is the overall),
--   score         the decay-weighted mean of its period scores, weighted as the model weighs
--                 the overall score (a period `age` periods before the run's newest weighs
--                 0.5^(age / half_life)): the figure the model's reason names as weakest;
--   latest_score  its score in the newest period with data for it, and that period;
--   periods       periods with data for it.
-- Criteria never measured for a supplier have a null score. The supplier and region filters
-- narrow it (current region); the period does not apply: scores are as of the model run.
-- @param half_life integer = 3  Periods after which a period's weight halves (the scorecard's halfLifePeriods).
-- @param supplier text = all  Supplier code, or all.
-- @param region text = all  Region code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'suppliers' and status = 'succeeded'
), ages as (
  select period, row_number() over (order by period desc) - 1 as age
    from (select distinct period from fact_supplier_score_criterion where run_id = (select run_id from run))
), scored as (
  select c.supplier_id, c.criterion, c.period, c.score, a.age, power(0.5, a.age / $half_life) as weight
    from fact_supplier_score_criterion c
    join ages a using (period)
   where c.run_id = (select run_id from run)
)
select s.code as supplier_code,
       s.legal_name as supplier_name,
       x.criterion,
       round(sum(x.weight * x.score) filter (where x.score is not null) / sum(x.weight) filter (where x.score is not null), 1) as score,
       round(arg_max(x.score, x.period) filter (where x.score is not null), 1) as latest_score,
       max(x.period) filter (where x.score is not null) as latest_period,
       count(x.score)::integer as periods
  from scored x
  join dim_supplier s on s.supplier_id = x.supplier_id and s.is_current
 where ($supplier = 'all' or s.code = $supplier)
   and ($region = 'all' or s.region = $region)
 group by s.code, s.legal_name, x.criterion
 order by supplier_code, criterion <> '*', criterion
