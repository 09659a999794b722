create table if not exists fact_funnel_win_rate (
  run_id              bigint not null,
  model_version       varchar not null,
  as_of               date not null,
  dimension           varchar not null,
  key                 varchar,
  opportunities       integer not null,
  open                integer not null,
  won                 integer not null,
  lost                integer not null,
  win_rate            double,
  mean_cycle_days     double,
  median_cycle_days   double,
  mean_won_cycle_days double
);
comment on table fact_funnel_win_rate is 'Win rate and sales-cycle length per forecast run, overall and by lead source, campaign, rep (owner), region and segment.';
comment on column fact_funnel_win_rate.run_id is 'The forecast run (meta_model_run.run_id, model funnel).';
comment on column fact_funnel_win_rate.model_version is 'Model version that produced the row.';
comment on column fact_funnel_win_rate.as_of is 'Opportunities as they stood at the end of this day.';
comment on column fact_funnel_win_rate.dimension is 'overall, source, campaign, owner, region or segment.';
comment on column fact_funnel_win_rate.key is 'The group: source code, campaign id, owner (employee) id, region or segment; null = none recorded (and for overall).';
comment on column fact_funnel_win_rate.opportunities is 'Opportunities created by as_of in the group.';
comment on column fact_funnel_win_rate.open is 'Of them, open at as_of.';
comment on column fact_funnel_win_rate.won is 'Of them, won by as_of.';
comment on column fact_funnel_win_rate.lost is 'Of them, lost by as_of.';
comment on column fact_funnel_win_rate.win_rate is 'won ÷ (won + lost); null when none has closed.';
comment on column fact_funnel_win_rate.mean_cycle_days is 'Mean days from creation to close of the closed ones.';
comment on column fact_funnel_win_rate.median_cycle_days is 'Median days from creation to close of the closed ones.';
comment on column fact_funnel_win_rate.mean_won_cycle_days is 'Mean days from creation to win of the won ones.';
