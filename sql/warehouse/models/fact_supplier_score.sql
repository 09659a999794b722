create table if not exists fact_supplier_score (
  run_id         bigint not null,
  model_version  varchar not null,
  as_of          date not null,
  supplier_id    integer not null,
  code           varchar,
  period         varchar not null,
  score          double,
  grade          varchar,
  standing       varchar,
  reason         varchar not null,
  trend          double,
  scored_periods integer not null
);
comment on table fact_supplier_score is 'Supplier capability profile per forecast run: the scorecard''s overall score (recent periods weighted more), grade, standing (preferred, approved, watch, blocked) and why. The standing is also recorded in the operational database, where blocked refuses new purchase orders and watch warns.';
comment on column fact_supplier_score.run_id is 'The forecast run (meta_model_run.run_id, model suppliers).';
comment on column fact_supplier_score.model_version is 'Scorecard version: its criteria, weights and thresholds hashed (supplier-scorecard/1:…).';
comment on column fact_supplier_score.as_of is 'Scoring date: nothing after it counts.';
comment on column fact_supplier_score.supplier_id is 'Supplier (dim_supplier.supplier_id).';
comment on column fact_supplier_score.code is 'Supplier code.';
comment on column fact_supplier_score.period is 'The latest period scored (month YYYY-MM, or quarter YYYY-Qn).';
comment on column fact_supplier_score.score is 'Overall score 0–100: the decay-weighted mean of the period scores (half-life 3 periods); null with too few scored periods.';
comment on column fact_supplier_score.grade is 'A (≥ 85), B (≥ 70), C (≥ 55) or D; null without a score.';
comment on column fact_supplier_score.standing is 'preferred (≥ 85), approved (≥ 65), watch (≥ 50) or blocked; null without a score.';
comment on column fact_supplier_score.reason is 'The standing, score and weakest criteria in words (or why there is no score).';
comment on column fact_supplier_score.trend is 'Latest scored period''s score minus the one before; null with fewer than two.';
comment on column fact_supplier_score.scored_periods is 'Periods with enough data to score.';
