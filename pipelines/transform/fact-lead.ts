import { activitiesStage, leadsStage, opportunitiesStage } from '../extract/stages/crm.js';
import type { FactTable } from './table.js';

/**
 * The lead funnel: a row per lead, as it stands, with how it got there — who holds it, how often
 * it fell back to the public pool, how fast it was taken and worked, and what it became. Its
 * opportunity is the won one if any, else its latest (a lead opens at most a few). Durations are
 * between business dates only, never against the day of the run, so a row does not age between
 * loads.
 */
export const factLead: FactTable = {
  kind: 'fact',
  table: 'fact_lead',
  stages: [leadsStage, opportunitiesStage, activitiesStage],
  replaceKey: ['lead_id'],
  dimensionKeys: [],
  dateColumns: ['created_date', 'closed_date'],
  partitionDate: 'created_date',
  sourceRows: 'select count(*) from crm.leads',
  transform: () => `
    with activity as (
      select lead_id, count(*)::integer as activities, min(activity_date) as first_activity_date, max(activity_date) as last_activity_date
        from stg_activities where lead_id is not null group by lead_id
    ),
    ranked as (
      select o.*, count(*) over (partition by o.lead_id) as opportunities,
             count(*) filter (where o.status = 'won') over (partition by o.lead_id) as won,
             row_number() over (partition by o.lead_id order by o.status = 'won' desc, o.id desc) as pick
        from stg_opportunities o where o.lead_id is not null
    )
    select l.id as lead_id, l.lead_no, l.company_name, l.source_code as lead_source_code, l.campaign_id, l.region, l.segment, l.score,
           l.status, l.status in ('new', 'working', 'nurturing') as is_open, l.owner_id, l.pool, l.owned_since as owned_since_date,
           l.touched_on as last_touched_date, l.created_on as created_date, date_key(l.created_on) as created_date_key,
           l.closed_on as closed_date, date_key(l.closed_on) as closed_date_key,
           case when l.status = 'converted' then l.closed_on end as converted_date,
           case when l.status = 'converted' then date_key(l.closed_on) end as converted_date_key,
           l.customer_id,
           case when l.status = 'disqualified' then l.closed_on end as disqualified_date, l.disqualified_reason,
           case when l.status = 'converted' then date_diff('day', l.created_on, l.closed_on)::integer end as days_to_conversion,
           l.first_owned_on as first_owned_date, date_diff('day', l.created_on, l.first_owned_on)::integer as days_to_first_owner,
           a.first_activity_date, date_diff('day', l.created_on, a.first_activity_date)::integer as days_to_first_activity,
           a.last_activity_date, coalesce(a.activities, 0) as activity_count,
           l.times_recycled, l.times_released, l.owner_count,
           coalesce(o.opportunities, 0)::integer as opportunity_count, coalesce(o.won, 0)::integer as won_opportunity_count,
           o.id as opportunity_id, o.opportunity_no, o.status as opportunity_status, o.amount as opportunity_amount,
           o.currency as opportunity_currency, o.lost_reason, make_timestamptz(l.created_at_us) as recorded_at
      from stg_leads l
      left join activity a on a.lead_id = l.id
      left join ranked o on o.lead_id = l.id and o.pick = 1`,
};
