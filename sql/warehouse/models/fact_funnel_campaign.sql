create table if not exists fact_funnel_campaign (
  run_id            bigint not null,
  model_version     varchar not null,
  as_of             date not null,
  campaign_id       integer not null,
  code              varchar not null,
  channel           varchar,
  source_code       varchar,
  currency          varchar not null,
  cost              bigint not null,
  leads             integer not null,
  opportunities     integer not null,
  won               integer not null,
  cost_per_lead     double,
  cost_per_won_deal double
);
comment on table fact_funnel_campaign is 'Marketing campaigns per forecast run: cost, the leads, opportunities and won deals they brought, cost per lead and per won deal (campaigns that started by as_of).';
comment on column fact_funnel_campaign.run_id is 'The forecast run (meta_model_run.run_id, model funnel).';
comment on column fact_funnel_campaign.model_version is 'Model version that produced the row.';
comment on column fact_funnel_campaign.as_of is 'Counts through the end of this day.';
comment on column fact_funnel_campaign.campaign_id is 'Campaign (dim_campaign.campaign_id).';
comment on column fact_funnel_campaign.code is 'Campaign code.';
comment on column fact_funnel_campaign.channel is 'Channel.';
comment on column fact_funnel_campaign.source_code is 'Lead source the campaign feeds.';
comment on column fact_funnel_campaign.currency is 'Currency of the cost.';
comment on column fact_funnel_campaign.cost is 'The campaign''s recorded cost, minor units.';
comment on column fact_funnel_campaign.leads is 'Leads attributed to it.';
comment on column fact_funnel_campaign.opportunities is 'Opportunities from those leads.';
comment on column fact_funnel_campaign.won is 'Of them, won.';
comment on column fact_funnel_campaign.cost_per_lead is 'cost ÷ leads, minor units; null with no lead.';
comment on column fact_funnel_campaign.cost_per_won_deal is 'cost ÷ won, minor units; null with none won.';
