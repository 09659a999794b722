create table if not exists fact_activity (
  activity_id         integer not null,
  activity_date       date not null,
  activity_date_key   integer not null,
  activity_time       time,
  method              varchar not null,
  rep_id              integer not null,
  lead_id             integer,
  customer_key        bigint,
  customer_id         integer,
  opportunity_id      integer,
  advanced_stage      boolean not null,
  stage_from_code     varchar,
  stage_to_code       varchar,
  follow_up_id        integer,
  completed_follow_up boolean not null,
  recorded_at         timestamptz not null
);
comment on table fact_activity is 'What sales reps did: one row per activity (crm.activities) — a call, visit, e-mail, meeting or message with a lead or an account — with the stage move it made on its opportunity and the planned follow-up it completed. Join dim_employee on rep_id, fact_lead on lead_id.';
comment on column fact_activity.activity_id is 'Business key: crm.activities.id; the key a re-extraction replaces.';
comment on column fact_activity.activity_date is 'Date of the activity.';
comment on column fact_activity.activity_date_key is 'Activity date as YYYYMMDD, joins dim_date.';
comment on column fact_activity.activity_time is 'Time of day, when recorded.';
comment on column fact_activity.method is 'call, visit, email, meeting or message.';
comment on column fact_activity.rep_id is 'The rep who did it (dim_employee.employee_id).';
comment on column fact_activity.lead_id is 'The lead it was with; null for an account.';
comment on column fact_activity.customer_key is 'dim_customer version in force when the activity was recorded (accounts).';
comment on column fact_activity.customer_id is 'The account it was with; null for a lead.';
comment on column fact_activity.opportunity_id is 'The opportunity it concerned, if any.';
comment on column fact_activity.advanced_stage is 'It moved that opportunity to another stage.';
comment on column fact_activity.stage_from_code is 'Stage the opportunity left; null unless advanced_stage.';
comment on column fact_activity.stage_to_code is 'Stage the opportunity entered; null unless advanced_stage.';
comment on column fact_activity.follow_up_id is 'The planned follow-up it completed (fact_follow_up), if any.';
comment on column fact_activity.completed_follow_up is 'It completed a planned follow-up.';
comment on column fact_activity.recorded_at is 'When the activity was recorded; picks the dimension version.';
