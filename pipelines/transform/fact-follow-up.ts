import { followUpsStage } from '../extract/stages/crm.js';
import type { FactTable } from './table.js';

/**
 * Follow-up discipline: a row per planned contact with a lead or an account — when it was due,
 * when (and how) it was done, or why it was cancelled. Lateness is measured for done ones only:
 * an open one's would grow with the day of the run.
 */
export const factFollowUp: FactTable = {
  kind: 'fact',
  table: 'fact_follow_up',
  stages: [followUpsStage],
  replaceKey: ['follow_up_id'],
  dimensionKeys: [],
  dateColumns: ['due_date', 'done_date'],
  partitionDate: 'due_date',
  sourceRows: 'select count(*) from crm.follow_ups',
  transform: () => `
    select f.id as follow_up_id, f.rep_id, f.lead_id, f.customer_id, f.opportunity_id, f.due_date, date_key(f.due_date) as due_date_key,
           f.status, f.done_on as done_date, date_key(f.done_on) as done_date_key,
           date_diff('day', f.due_date, f.done_on)::integer as days_late,
           case when f.status = 'done' then f.done_on <= f.due_date end as done_on_time,
           f.cadence_days, f.cadence_days is not null as is_recurring, f.activity_id, f.activity_method, f.cancelled_reason,
           make_timestamptz(f.created_at_us) as recorded_at
      from stg_follow_ups f`,
};
