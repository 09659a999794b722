create table if not exists dim_lead_source (
  lead_source_code varchar not null,
  name             varchar not null
);
comment on table dim_lead_source is 'Channels leads come in through: web form, referral, trade show, outbound, partner, paid search… (type 1: attributes are overwritten). fact_lead, fact_opportunity_stage and dim_campaign join on lead_source_code.';
comment on column dim_lead_source.lead_source_code is 'Business key: crm.lead_sources.code.';
comment on column dim_lead_source.name is 'Name of the source.';
