create table if not exists fact_opportunity_stage (
  stage_entry_id           bigint not null,
  opportunity_id           integer not null,
  opportunity_no           varchar not null,
  opportunity_name         varchar not null,
  entry_no                 integer not null,
  stage_code               varchar not null,
  stage_name               varchar,
  stage_position           integer,
  win_probability_bp       integer not null,
  previous_stage_code      varchar,
  next_stage_code          varchar,
  is_current_stage         boolean not null,
  entered_date             date not null,
  entered_date_key         integer not null,
  left_date                date,
  left_date_key            integer,
  days_in_stage            integer,
  outcome                  varchar not null,
  lost_reason              varchar,
  competitor               varchar,
  amount                   bigint not null,
  weighted_amount          bigint not null,
  opportunity_amount       bigint not null,
  currency                 varchar not null,
  owner_id                 integer not null,
  customer_key             bigint,
  customer_id              integer,
  lead_id                  integer,
  lead_source_code         varchar,
  campaign_id              integer,
  expected_close_date      date not null,
  opportunity_created_date date not null,
  closed_date              date,
  activity_id              integer,
  recorded_at              timestamptz not null
);
comment on table fact_opportunity_stage is 'The sales pipeline: one row per stage an opportunity entered (crm.opportunity_stage_history), with when it left and for which stage, and the opportunity''s outcome. The last row of an opportunity (is_current_stage) is where it is now. Money is BIGINT minor units of currency. Join dim_employee on owner_id, dim_lead_source on lead_source_code, dim_campaign on campaign_id.';
comment on column fact_opportunity_stage.stage_entry_id is 'The stage history row''s id (crm.opportunity_stage_history.id).';
comment on column fact_opportunity_stage.opportunity_id is 'crm.opportunities.id; the key a re-extraction replaces.';
comment on column fact_opportunity_stage.opportunity_no is 'Opportunity number.';
comment on column fact_opportunity_stage.opportunity_name is 'Name of the opportunity.';
comment on column fact_opportunity_stage.entry_no is 'Order of this entry among the opportunity''s stage entries, from 1 (the stage it was opened in).';
comment on column fact_opportunity_stage.stage_code is 'Stage entered (qualification, needs_analysis, proposal, negotiation, won, lost, or as configured).';
comment on column fact_opportunity_stage.stage_name is 'Name of the stage.';
comment on column fact_opportunity_stage.stage_position is 'The stage''s order in the pipeline (smaller = earlier; won and lost last).';
comment on column fact_opportunity_stage.win_probability_bp is 'The stage''s win probability when entered, in basis points (10000 = 100%).';
comment on column fact_opportunity_stage.previous_stage_code is 'Stage it came from; null for the stage it was opened in.';
comment on column fact_opportunity_stage.next_stage_code is 'Stage it moved to next (forward, back, won or lost); null while in this one.';
comment on column fact_opportunity_stage.is_current_stage is 'This is the stage the opportunity is in now (its latest entry).';
comment on column fact_opportunity_stage.entered_date is 'Date it entered the stage.';
comment on column fact_opportunity_stage.entered_date_key is 'Entered date as YYYYMMDD, joins dim_date.';
comment on column fact_opportunity_stage.left_date is 'Date it left the stage; null while in it.';
comment on column fact_opportunity_stage.left_date_key is 'Left date as YYYYMMDD; null while in it.';
comment on column fact_opportunity_stage.days_in_stage is 'left_date − entered_date in days; null while in it.';
comment on column fact_opportunity_stage.outcome is 'The opportunity''s status now: open, won or lost.';
comment on column fact_opportunity_stage.lost_reason is 'Why the opportunity was lost; null unless lost.';
comment on column fact_opportunity_stage.competitor is 'Competitor named on the opportunity, if any.';
comment on column fact_opportunity_stage.amount is 'The opportunity''s amount when it entered the stage, minor units of currency.';
comment on column fact_opportunity_stage.weighted_amount is 'amount × win_probability_bp ÷ 10000, rounded half away from zero: the expected value at that stage.';
comment on column fact_opportunity_stage.opportunity_amount is 'The opportunity''s amount now, minor units of currency.';
comment on column fact_opportunity_stage.currency is 'Currency of the amounts.';
comment on column fact_opportunity_stage.owner_id is 'Rep who owns the opportunity now (dim_employee.employee_id).';
comment on column fact_opportunity_stage.customer_key is 'dim_customer version in force when the stage was entered (version 1 if the account came later, from the lead).';
comment on column fact_opportunity_stage.customer_id is 'The account of the opportunity now (a lead''s gets one on conversion); null while on an unconverted lead.';
comment on column fact_opportunity_stage.lead_id is 'The lead it was opened on, if any (fact_lead.lead_id).';
comment on column fact_opportunity_stage.lead_source_code is 'Source of the lead or account it came from (dim_lead_source).';
comment on column fact_opportunity_stage.campaign_id is 'Campaign it came from (dim_campaign), if any.';
comment on column fact_opportunity_stage.expected_close_date is 'The opportunity''s expected close date now.';
comment on column fact_opportunity_stage.opportunity_created_date is 'Date the opportunity was opened.';
comment on column fact_opportunity_stage.closed_date is 'Date it was won or lost; null while open.';
comment on column fact_opportunity_stage.activity_id is 'The activity that moved it into this stage (fact_activity), if one did.';
comment on column fact_opportunity_stage.recorded_at is 'When the stage change was recorded; picks the dimension version.';
