create table if not exists fact_funnel_lost_reason (
  run_id        bigint not null,
  model_version varchar not null,
  as_of         date not null,
  reason        varchar,
  currency      varchar not null,
  lost          integer not null,
  amount        bigint not null,
  share         double not null
);
comment on table fact_funnel_lost_reason is 'Why opportunities were lost, per forecast run: count, amount and share by reason and currency.';
comment on column fact_funnel_lost_reason.run_id is 'The forecast run (meta_model_run.run_id, model funnel).';
comment on column fact_funnel_lost_reason.model_version is 'Model version that produced the row.';
comment on column fact_funnel_lost_reason.as_of is 'Opportunities lost by the end of this day.';
comment on column fact_funnel_lost_reason.reason is 'Lost reason as recorded; null when none was given.';
comment on column fact_funnel_lost_reason.currency is 'Currency of the opportunities'' amounts.';
comment on column fact_funnel_lost_reason.lost is 'Opportunities lost for the reason.';
comment on column fact_funnel_lost_reason.amount is 'Their amount, minor units of the currency.';
comment on column fact_funnel_lost_reason.share is 'Share of all lost opportunities (by count).';
