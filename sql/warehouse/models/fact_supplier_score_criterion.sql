create table if not exists fact_supplier_score_criterion (
  run_id        bigint not null,
  model_version varchar not null,
  as_of         date not null,
  supplier_id   integer not null,
  period        varchar not null,
  criterion     varchar not null,
  score         double
);
comment on table fact_supplier_score_criterion is 'The supplier scorecard''s history per forecast run: each supplier''s score per period and criterion (quality, on-time-in-full, lateness, lead-time consistency, price, ASN discipline, statement accuracy, audit), so capability trends show. Criterion * is the period''s overall score.';
comment on column fact_supplier_score_criterion.run_id is 'The forecast run (meta_model_run.run_id, model suppliers).';
comment on column fact_supplier_score_criterion.model_version is 'Scorecard version.';
comment on column fact_supplier_score_criterion.as_of is 'Scoring date.';
comment on column fact_supplier_score_criterion.supplier_id is 'Supplier (dim_supplier.supplier_id).';
comment on column fact_supplier_score_criterion.period is 'Month YYYY-MM (or quarter YYYY-Qn).';
comment on column fact_supplier_score_criterion.criterion is 'Criterion name from the scorecard, or * for the period''s weighted overall score.';
comment on column fact_supplier_score_criterion.score is 'Score 0–100 of the criterion''s formula over the period''s variables; null when its data was missing.';
