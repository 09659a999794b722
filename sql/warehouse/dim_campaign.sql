create table if not exists dim_campaign (
  campaign_id      integer not null,
  code             varchar not null,
  name             varchar not null,
  channel          varchar not null,
  lead_source_code varchar not null,
  lead_source_name varchar,
  start_date       date not null,
  end_date         date,
  duration_days    integer,
  cost             bigint not null,
  currency         varchar not null,
  created_at       timestamptz not null
);
comment on table dim_campaign is 'Marketing campaigns leads, accounts and opportunities came from (type 1: attributes are overwritten). fact_lead and fact_opportunity_stage join on campaign_id; cost over the facts'' counts gives cost per lead or per won deal.';
comment on column dim_campaign.campaign_id is 'Business key: crm.campaigns.id.';
comment on column dim_campaign.code is 'Campaign code.';
comment on column dim_campaign.name is 'Campaign name.';
comment on column dim_campaign.channel is 'email, paid_search, social, event, trade_show, webinar, content, direct_mail, partner, referral or outbound.';
comment on column dim_campaign.lead_source_code is 'The lead source its leads come in through (dim_lead_source).';
comment on column dim_campaign.lead_source_name is 'Name of that source.';
comment on column dim_campaign.start_date is 'First day of the campaign.';
comment on column dim_campaign.end_date is 'Last day of the campaign; null while open-ended.';
comment on column dim_campaign.duration_days is 'Days from start to end, both counted; null while open-ended.';
comment on column dim_campaign.cost is 'What the campaign cost, minor units of currency (BIGINT).';
comment on column dim_campaign.currency is 'Currency of cost.';
comment on column dim_campaign.created_at is 'When the campaign was recorded.';
