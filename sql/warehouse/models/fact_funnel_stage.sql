create table if not exists fact_funnel_stage (
  run_id                 bigint not null,
  model_version          varchar not null,
  as_of                  date not null,
  stage_code             varchar not null,
  stage_name             varchar,
  position               integer,
  in_stage               integer not null,
  ever_entered           integer not null,
  reached                integer,
  advanced               integer,
  lost                   integer,
  conversion_rate        double,
  median_days            double,
  p90_days               double,
  closed                 integer not null,
  won                    integer not null,
  nominal_probability    double not null,
  calibrated_probability double
);
comment on table fact_funnel_stage is 'The sales funnel per stage and forecast run: how many opportunities are in it and ever entered it, how many moved on, the median and 90th-percentile days spent in it, and its win probability as configured and as calibrated on past outcomes.';
comment on column fact_funnel_stage.run_id is 'The forecast run (meta_model_run.run_id, model funnel).';
comment on column fact_funnel_stage.model_version is 'Model version that produced the row.';
comment on column fact_funnel_stage.as_of is 'The funnel as it stood at the end of this day.';
comment on column fact_funnel_stage.stage_code is 'Pipeline stage.';
comment on column fact_funnel_stage.stage_name is 'Stage name.';
comment on column fact_funnel_stage.position is 'Order of the stage in the pipeline.';
comment on column fact_funnel_stage.in_stage is 'Opportunities in the stage at as_of (won and lost ones in their closing stage).';
comment on column fact_funnel_stage.ever_entered is 'Opportunities that entered the stage at least once by as_of.';
comment on column fact_funnel_stage.reached is 'Opportunities that reached the stage: entered it, or skipped past it to a later stage or a win (the base of the conversion); null for a closing stage.';
comment on column fact_funnel_stage.advanced is 'Of those that reached it, how many went on to a later stage or were won; null for a closing stage.';
comment on column fact_funnel_stage.lost is 'Of those that reached it, how many were lost from it; null for a closing stage.';
comment on column fact_funnel_stage.conversion_rate is 'advanced ÷ reached (the stage-to-next conversion); null with none reached or for a closing stage.';
comment on column fact_funnel_stage.median_days is 'Median days a finished stay in the stage lasted (linear interpolation); null with none finished.';
comment on column fact_funnel_stage.p90_days is '90th percentile of the days a finished stay lasted.';
comment on column fact_funnel_stage.closed is 'Closed opportunities (won or lost by as_of) that were ever in the stage.';
comment on column fact_funnel_stage.won is 'Of those, how many were won.';
comment on column fact_funnel_stage.nominal_probability is 'The stage''s configured win probability (0–1).';
comment on column fact_funnel_stage.calibrated_probability is 'Win probability calibrated on past outcomes: (won + m·p₀) ÷ (closed + m), p₀ the overall win rate, m the prior strength; null with nothing closed.';
