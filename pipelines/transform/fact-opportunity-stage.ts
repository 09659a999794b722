import { opportunitiesStage, opportunityStagesStage, pipelineStagesStage } from '../extract/stages/crm.js';
import type { FactTable } from './table.js';

/**
 * Pipeline velocity and conversion: a row per stage an opportunity entered (its append-only
 * stage history), with when it left for which stage and the opportunity's outcome. The last
 * row of an opportunity is the stage it is in (for a closed one, won or lost): no left date.
 */
export const factOpportunityStage: FactTable = {
  kind: 'fact',
  table: 'fact_opportunity_stage',
  stages: [opportunitiesStage, opportunityStagesStage, pipelineStagesStage],
  replaceKey: ['opportunity_id'],
  dimensionKeys: [{ column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' }],
  dateColumns: ['entered_date', 'left_date'],
  partitionDate: 'entered_date',
  sourceRows: 'select count(*) from crm.opportunity_stage_history',
  transform: () => `
    select h.id as stage_entry_id, h.opportunity_id, o.opportunity_no, o.name as opportunity_name,
           (row_number() over w)::integer as entry_no, h.to_stage as stage_code, s.name as stage_name, s.position as stage_position,
           h.probability_bp as win_probability_bp, h.from_stage as previous_stage_code, lead(h.to_stage) over w as next_stage_code,
           lead(h.id) over w is null as is_current_stage,
           h.changed_on as entered_date, date_key(h.changed_on) as entered_date_key,
           lead(h.changed_on) over w as left_date, date_key(lead(h.changed_on) over w) as left_date_key,
           date_diff('day', h.changed_on, lead(h.changed_on) over w)::integer as days_in_stage,
           o.status as outcome, o.lost_reason, o.competitor, h.amount, mul_div_round(h.amount, h.probability_bp, 10000)::bigint as weighted_amount,
           o.amount as opportunity_amount, o.currency, o.owner_id, o.customer_id, o.lead_id, o.source_code as lead_source_code, o.campaign_id,
           o.expected_close_date, o.created_on as opportunity_created_date, o.closed_on as closed_date, h.activity_id,
           make_timestamptz(h.created_at_us) as recorded_at
      from stg_opportunity_stages h
      join stg_opportunities o on o.id = h.opportunity_id
      left join stg_pipeline_stages s on s.code = h.to_stage
    window w as (partition by h.opportunity_id order by h.id)`,
};
