create table if not exists fact_lead (
  lead_id                integer not null,
  lead_no                varchar not null,
  company_name           varchar not null,
  lead_source_code       varchar not null,
  campaign_id            integer,
  region                 varchar not null,
  segment                varchar not null,
  score                  integer not null,
  status                 varchar not null,
  is_open                boolean not null,
  owner_id               integer,
  pool                   varchar,
  owned_since_date       date,
  last_touched_date      date,
  created_date           date not null,
  created_date_key       integer not null,
  closed_date            date,
  closed_date_key        integer,
  converted_date         date,
  converted_date_key     integer,
  customer_id            integer,
  disqualified_date      date,
  disqualified_reason    varchar,
  days_to_conversion     integer,
  first_owned_date       date,
  days_to_first_owner    integer,
  first_activity_date    date,
  days_to_first_activity integer,
  last_activity_date     date,
  activity_count         integer not null,
  times_recycled         integer not null,
  times_released         integer not null,
  owner_count            integer not null,
  opportunity_count      integer not null,
  won_opportunity_count  integer not null,
  opportunity_id         integer,
  opportunity_no         varchar,
  opportunity_status     varchar,
  opportunity_amount     bigint,
  opportunity_currency   varchar,
  lost_reason            varchar,
  recorded_at            timestamptz not null
);
comment on table fact_lead is 'The lead funnel: one row per lead (crm.leads) as it stands now — source, campaign, owner or pool, status, what it became — with counts from its ownership history and activities. Durations are in days between business dates. Join dim_lead_source on lead_source_code, dim_campaign on campaign_id, dim_employee on owner_id, dim_customer on customer_id (is_current).';
comment on column fact_lead.lead_id is 'Business key: crm.leads.id; the key a re-extraction replaces.';
comment on column fact_lead.lead_no is 'Lead number.';
comment on column fact_lead.company_name is 'The prospect''s company name as entered.';
comment on column fact_lead.lead_source_code is 'Source it came in through (dim_lead_source).';
comment on column fact_lead.campaign_id is 'Campaign it came from (dim_campaign), if any.';
comment on column fact_lead.region is 'Region of the lead (its pools, caps and recycling policy).';
comment on column fact_lead.segment is 'enterprise, mid_market, small_business or consumer.';
comment on column fact_lead.score is 'Lead score, 0 to 100.';
comment on column fact_lead.status is 'new, working, nurturing (open), converted or disqualified.';
comment on column fact_lead.is_open is 'Status is new, working or nurturing.';
comment on column fact_lead.owner_id is 'Rep holding it now (dim_employee.employee_id); for a closed lead, the last owner; null while in a pool.';
comment on column fact_lead.pool is 'For an open lead without owner: lead (new, unassigned) or public (released or recycled); else null.';
comment on column fact_lead.owned_since_date is 'When the current owner took it; null without owner.';
comment on column fact_lead.last_touched_date is 'The owner''s last follow-up (or the date they took it); recycling counts from it. Null without owner.';
comment on column fact_lead.created_date is 'Date the lead was opened.';
comment on column fact_lead.created_date_key is 'Created date as YYYYMMDD, joins dim_date.';
comment on column fact_lead.closed_date is 'Date it was converted or disqualified; null while open.';
comment on column fact_lead.closed_date_key is 'Closed date as YYYYMMDD; null while open.';
comment on column fact_lead.converted_date is 'Date it was converted to an account; null unless converted.';
comment on column fact_lead.converted_date_key is 'Converted date as YYYYMMDD.';
comment on column fact_lead.customer_id is 'The account it became (dim_customer.customer_id); null unless converted.';
comment on column fact_lead.disqualified_date is 'Date it was disqualified; null unless disqualified.';
comment on column fact_lead.disqualified_reason is 'Why it was disqualified, as entered.';
comment on column fact_lead.days_to_conversion is 'converted_date − created_date in days; null unless converted.';
comment on column fact_lead.first_owned_date is 'First date a rep held it (at creation, assignment or claim); null if never owned.';
comment on column fact_lead.days_to_first_owner is 'first_owned_date − created_date in days (speed to lead).';
comment on column fact_lead.first_activity_date is 'Date of the first activity with the lead; null if none.';
comment on column fact_lead.days_to_first_activity is 'first_activity_date − created_date in days.';
comment on column fact_lead.last_activity_date is 'Date of the latest activity with the lead.';
comment on column fact_lead.activity_count is 'Activities recorded with the lead (fact_activity rows with this lead_id).';
comment on column fact_lead.times_recycled is 'Times it fell back to the public pool for want of follow-up (ownership history, reason recycled).';
comment on column fact_lead.times_released is 'Times an owner gave it back to a pool (ownership history, reason released).';
comment on column fact_lead.owner_count is 'Distinct reps who held it.';
comment on column fact_lead.opportunity_count is 'Opportunities opened on the lead (before or at conversion).';
comment on column fact_lead.won_opportunity_count is 'Of those, won.';
comment on column fact_lead.opportunity_id is 'Its opportunity: the won one if any, else the latest; null if none.';
comment on column fact_lead.opportunity_no is 'Number of that opportunity.';
comment on column fact_lead.opportunity_status is 'open, won or lost.';
comment on column fact_lead.opportunity_amount is 'Amount of that opportunity, minor units of opportunity_currency.';
comment on column fact_lead.opportunity_currency is 'Currency of opportunity_amount.';
comment on column fact_lead.lost_reason is 'Why that opportunity was lost (price, competitor, no_budget, no_decision, timing, product_fit, disqualified, other); null unless lost.';
comment on column fact_lead.recorded_at is 'When the lead was recorded.';
