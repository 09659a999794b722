create table if not exists fact_funnel_cohort (
  run_id        bigint not null,
  model_version varchar not null,
  as_of         date not null,
  cohort        varchar not null,
  from_stage    varchar not null,
  to_stage      varchar not null,
  entered       integer not null,
  advanced      integer not null,
  lost          integer not null,
  open          integer not null,
  rate          double
);
comment on table fact_funnel_cohort is 'Stage-to-stage conversion per forecast run by cohort: the month leads and opportunities were created, so a change in how the funnel converts shows against earlier months.';
comment on column fact_funnel_cohort.run_id is 'The forecast run (meta_model_run.run_id, model funnel).';
comment on column fact_funnel_cohort.model_version is 'Model version that produced the row.';
comment on column fact_funnel_cohort.as_of is 'The funnel as it stood at the end of this day.';
comment on column fact_funnel_cohort.cohort is 'Month of creation, YYYY-MM.';
comment on column fact_funnel_cohort.from_stage is 'Step from: lead, or a pipeline stage.';
comment on column fact_funnel_cohort.to_stage is 'Step to: the next stage, or won.';
comment on column fact_funnel_cohort.entered is 'How many of the cohort reached from_stage.';
comment on column fact_funnel_cohort.advanced is 'Of those, how many went on to to_stage (or further).';
comment on column fact_funnel_cohort.lost is 'Of those, how many were lost (or disqualified) at from_stage.';
comment on column fact_funnel_cohort.open is 'Of those, how many are still at from_stage.';
comment on column fact_funnel_cohort.rate is 'advanced ÷ entered; null with none entered.';
