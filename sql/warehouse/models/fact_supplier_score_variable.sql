create table if not exists fact_supplier_score_variable (
  run_id      bigint not null,
  as_of       date not null,
  supplier_id integer not null,
  period      varchar not null,
  variable    varchar not null,
  value       double
);
comment on table fact_supplier_score_variable is 'The variables the supplier scorecard''s formulas read, per supplier and period (acceptance_rate, defects_ppm, otif_rate, mean_lateness_days, lead_time_sd_days, price_vs_list_bp, price_vs_peers_bp, price_trend_bp, asn_timeliness_rate, statement_discrepancy_rate, audit_score, audit_section_*): every score traceable to its figures.';
comment on column fact_supplier_score_variable.run_id is 'The forecast run (meta_model_run.run_id, model suppliers).';
comment on column fact_supplier_score_variable.as_of is 'Scoring date.';
comment on column fact_supplier_score_variable.supplier_id is 'Supplier (dim_supplier.supplier_id).';
comment on column fact_supplier_score_variable.period is 'Month YYYY-MM (or quarter YYYY-Qn).';
comment on column fact_supplier_score_variable.variable is 'Variable name (see docs of warehouse/models/suppliers/variables.ts).';
comment on column fact_supplier_score_variable.value is 'Its value for the supplier and period; null when there was no data.';
