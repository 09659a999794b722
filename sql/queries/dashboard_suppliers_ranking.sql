-- Suppliers ranked by capability score: the latest successful run of the suppliers model
-- (fact_supplier_score) with each supplier's current registration (dim_supplier): overall
-- score 0–100 (recent periods weighted more), grade, the standing purchasing acts on
-- (preferred, approved, watch: orders warned, blocked: orders refused), the change of the last
-- scored period against the one before, and the model's reason in words. Suppliers without
-- enough data to score come last. The supplier and region filters narrow it (the supplier's
-- current region); the period does not apply: the score is as of the model run.
-- @param supplier text = all  Supplier code, or all.
-- @param region text = all  Region code, or all.
with run as (
  select max(run_id) as run_id from meta_model_run where model = 'suppliers' and status = 'succeeded'
)
select row_number() over (order by f.score desc nulls last, s.code) as rank,
       s.code as supplier_code,
       s.legal_name as supplier_name,
       s.region,
       s.status,
       round(f.score, 1) as score,
       f.grade,
       f.standing,
       round(f.trend, 1) as trend,
       f.scored_periods,
       f.period,
       f.reason,
       f.as_of
  from fact_supplier_score f
  join dim_supplier s on s.supplier_id = f.supplier_id and s.is_current
 where f.run_id = (select run_id from run)
   and ($supplier = 'all' or s.code = $supplier)
   and ($region = 'all' or s.region = $region)
 order by rank
