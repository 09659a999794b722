create table if not exists fact_follow_up (
  follow_up_id     integer not null,
  rep_id           integer not null,
  lead_id          integer,
  customer_id      integer,
  opportunity_id   integer,
  due_date         date not null,
  due_date_key     integer not null,
  status           varchar not null,
  done_date        date,
  done_date_key    integer,
  days_late        integer,
  done_on_time     boolean,
  cadence_days     integer,
  is_recurring     boolean not null,
  activity_id      integer,
  activity_method  varchar,
  cancelled_reason varchar,
  recorded_at      timestamptz not null
);
comment on table fact_follow_up is 'Follow-up discipline: one row per planned contact with a lead or an account (crm.follow_ups) — when it was due, whether and when it was done, or why it was cancelled. Join dim_employee on rep_id, fact_activity on activity_id.';
comment on column fact_follow_up.follow_up_id is 'Business key: crm.follow_ups.id; the key a re-extraction replaces.';
comment on column fact_follow_up.rep_id is 'Rep who is (or was) to do it (dim_employee.employee_id); follows a lead or account handed over.';
comment on column fact_follow_up.lead_id is 'The lead to follow up; null for an account (a lead''s open follow-ups move to the account it converts to).';
comment on column fact_follow_up.customer_id is 'The account to follow up; null for a lead.';
comment on column fact_follow_up.opportunity_id is 'The opportunity it is about, if any.';
comment on column fact_follow_up.due_date is 'Date it is due.';
comment on column fact_follow_up.due_date_key is 'Due date as YYYYMMDD, joins dim_date.';
comment on column fact_follow_up.status is 'open, done or cancelled.';
comment on column fact_follow_up.done_date is 'Date it was done; null unless done.';
comment on column fact_follow_up.done_date_key is 'Done date as YYYYMMDD.';
comment on column fact_follow_up.days_late is 'done_date − due_date in days (negative = early); null unless done.';
comment on column fact_follow_up.done_on_time is 'Done on or before its due date; null unless done.';
comment on column fact_follow_up.cadence_days is 'Days to the next one of the plan once this is done; null for a one-off.';
comment on column fact_follow_up.is_recurring is 'Part of a plan with a cadence.';
comment on column fact_follow_up.activity_id is 'The activity that completed it (fact_activity); null unless done.';
comment on column fact_follow_up.activity_method is 'Method of that activity.';
comment on column fact_follow_up.cancelled_reason is 'Why it was cancelled (released, recycled, disqualified…); null unless cancelled.';
comment on column fact_follow_up.recorded_at is 'When the follow-up was planned (recorded).';
