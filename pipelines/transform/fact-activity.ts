import { activitiesStage, followUpsStage } from '../extract/stages/crm.js';
import type { FactTable } from './table.js';

/**
 * What reps did: a row per call, visit, e-mail, meeting or message with a lead or an account,
 * the stage move it made on its opportunity and the planned follow-up it completed.
 */
export const factActivity: FactTable = {
  kind: 'fact',
  table: 'fact_activity',
  stages: [activitiesStage, followUpsStage],
  replaceKey: ['activity_id'],
  dimensionKeys: [{ column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' }],
  dateColumns: ['activity_date'],
  partitionDate: 'activity_date',
  sourceRows: 'select count(*) from crm.activities',
  transform: () => `
    select a.id as activity_id, a.activity_date, date_key(a.activity_date) as activity_date_key, a.activity_time::time as activity_time,
           a.method, a.rep_id, a.lead_id, a.customer_id, a.opportunity_id,
           a.moved_to_stage is not null as advanced_stage, a.moved_from_stage as stage_from_code, a.moved_to_stage as stage_to_code,
           f.id as follow_up_id, f.id is not null as completed_follow_up, make_timestamptz(a.created_at_us) as recorded_at
      from stg_activities a left join stg_follow_ups f on f.activity_id = a.id`,
};
