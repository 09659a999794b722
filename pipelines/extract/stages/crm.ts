import { changedAggregateIds, eventsInWindow } from '../changes.js';
import { columns, micros, type ChangeWindow, type ReadWindow, type StageSpec } from '../stage-spec.js';

/**
 * The CRM sales pipeline: leads, opportunities with their stage history, activities and
 * follow-ups. Commands announce them on three aggregates — 'lead', 'opportunity' and 'customer'
 * (an account's activities, follow-ups and handovers) — and some write across them without an
 * event of the other: a conversion moves the lead's opportunities to the new account, a
 * handover moves open opportunities to the new owner. So the sets below are closed over those
 * links: a lead comes with every opportunity, activity and follow-up of it, and an opportunity
 * with every row of its stage history, whichever of them changed.
 */

/**
 * `ids` (a query of one integer column) → the ids of `table`'s rows whose `column` is one of
 * them, each looked up through `column`'s index (a lateral subquery fenced by `offset 0`: the
 * planner cannot know how few ids a window holds and would otherwise scan the whole table).
 */
const through = (ids: string, table: string, column: string) => `
  select x.id from (${ids}) k(id) cross join lateral (select x.id from ${table} x where x.${column} = k.id offset 0) x`;

/** Leads changed in the window: their own events, and those of their opportunities. */
function changedLeads(window: ChangeWindow): string {
  return `${changedAggregateIds('lead', window)}
          union
          select o.lead_id from crm.opportunities o where o.lead_id is not null and o.id in (${changedAggregateIds('opportunity', window)})`;
}

/**
 * Opportunities changed in the window: their own events, every opportunity of a changed lead
 * or account (conversions and handovers change them without an opportunity event), and all of
 * them when a stage of the pipeline was reconfigured (the facts carry its name and position).
 */
function changedOpportunities(window: ChangeWindow): string {
  return `${changedAggregateIds('opportunity', window)}
          union ${through(changedLeads(window), 'crm.opportunities', 'lead_id')}
          union ${through(changedAggregateIds('customer', window), 'crm.opportunities', 'customer_id')}
          union select o.id from crm.opportunities o
                 where exists (select 1 from core.outbox e where ${eventsInWindow(window)} and e.aggregate_type = 'pipeline_stage')`;
}

/** Rows of `table` (alias x) of the changed leads and accounts. */
function ofLeadsAndAccounts(window: ChangeWindow, table: string): string {
  return `${through(changedLeads(window), table, 'lead_id')}
          union ${through(changedAggregateIds('customer', window), table, 'customer_id')}`;
}

const where = (window: ReadWindow, column: string, ids: (w: ChangeWindow) => string) =>
  window.kind === 'full' ? '' : `where ${column} in (${ids(window)})`;

export const leadSourcesStage: StageSpec = {
  name: 'stg_lead_sources',
  columns: columns({ code: 'VARCHAR', name: 'VARCHAR' }),
  key: 'code',
  driver: 'crm.lead_sources',
  query: () => `select s.code, s.name from crm.lead_sources s`,
};

export const campaignsStage: StageSpec = {
  name: 'stg_campaigns',
  columns: columns({
    id: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', channel: 'VARCHAR', source_code: 'VARCHAR', start_date: 'DATE', end_date: 'DATE',
    cost: 'BIGINT', currency: 'VARCHAR', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.campaigns',
  query: () => `
    select c.id, c.code, c.name, c.channel, c.source_code, c.start_date, c.end_date, c.cost, c.currency::text as currency,
           ${micros('c.created_at')} as created_at_us
      from crm.campaigns c`,
};

export const pipelineStagesStage: StageSpec = {
  name: 'stg_pipeline_stages',
  columns: columns({ code: 'VARCHAR', name: 'VARCHAR', position: 'INTEGER', outcome: 'VARCHAR' }),
  key: 'code',
  driver: 'crm.pipeline_stages',
  query: () => `select s.code, s.name, s.position, s.outcome from crm.pipeline_stages s`,
};

/** Leads, with what their ownership history says about them (a few index lookups each). */
export const leadsStage: StageSpec = {
  name: 'stg_leads',
  columns: columns({
    id: 'INTEGER', lead_no: 'VARCHAR', company_name: 'VARCHAR', region: 'VARCHAR', segment: 'VARCHAR', score: 'INTEGER',
    source_code: 'VARCHAR', campaign_id: 'INTEGER', status: 'VARCHAR', owner_id: 'INTEGER', pool: 'VARCHAR', created_on: 'DATE',
    owned_since: 'DATE', touched_on: 'DATE', customer_id: 'INTEGER', closed_on: 'DATE', disqualified_reason: 'VARCHAR',
    created_at_us: 'BIGINT', times_recycled: 'INTEGER', times_released: 'INTEGER', owner_count: 'INTEGER', first_owned_on: 'DATE',
  }),
  key: 'id',
  driver: 'crm.leads',
  query: (window) => `
    select l.id, l.lead_no, l.company_name, l.region, l.segment, l.score, l.source_code, l.campaign_id, l.status, l.owner_id, l.pool,
           l.created_on, l.owned_since, l.touched_on, l.customer_id, l.closed_on, l.disqualified_reason, ${micros('l.created_at')} as created_at_us,
           h.times_recycled, h.times_released, h.owner_count, h.first_owned_on
      from crm.leads l
      cross join lateral (
        select count(*) filter (where h.reason = 'recycled')::int as times_recycled,
               count(*) filter (where h.reason = 'released')::int as times_released,
               count(distinct h.to_owner)::int as owner_count,
               min(h.event_date) filter (where h.to_owner is not null) as first_owned_on
          from crm.ownership_history h where h.lead_id = l.id) h
     ${where(window, 'l.id', changedLeads)}`,
};

export const opportunitiesStage: StageSpec = {
  name: 'stg_opportunities',
  columns: columns({
    id: 'INTEGER', opportunity_no: 'VARCHAR', name: 'VARCHAR', customer_id: 'INTEGER', lead_id: 'INTEGER', owner_id: 'INTEGER',
    stage_code: 'VARCHAR', status: 'VARCHAR', amount: 'BIGINT', currency: 'VARCHAR', expected_close_date: 'DATE', competitor: 'VARCHAR',
    source_code: 'VARCHAR', campaign_id: 'INTEGER', lost_reason: 'VARCHAR', created_on: 'DATE', closed_on: 'DATE', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.opportunities',
  query: (window) => `
    select o.id, o.opportunity_no, o.name, o.customer_id, o.lead_id, o.owner_id, o.stage_code, o.status, o.amount, o.currency::text as currency,
           o.expected_close_date, o.competitor, o.source_code, o.campaign_id, o.lost_reason, o.created_on, o.closed_on,
           ${micros('o.created_at')} as created_at_us
      from crm.opportunities o
     ${where(window, 'o.id', changedOpportunities)}`,
};

export const opportunityStagesStage: StageSpec = {
  name: 'stg_opportunity_stages',
  columns: columns({
    id: 'BIGINT', opportunity_id: 'INTEGER', from_stage: 'VARCHAR', to_stage: 'VARCHAR', changed_on: 'DATE', probability_bp: 'INTEGER',
    amount: 'BIGINT', activity_id: 'INTEGER', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.opportunity_stage_history',
  query: (window) => `
    select h.id, h.opportunity_id, h.from_stage, h.to_stage, h.changed_on, h.probability_bp, h.amount, h.activity_id,
           ${micros('h.created_at')} as created_at_us
      from ${window.kind === 'full'
        ? 'crm.opportunity_stage_history h'
        : `(${changedOpportunities(window)}) k(id)
           cross join lateral (select * from crm.opportunity_stage_history h where h.opportunity_id = k.id offset 0) h`}`,
};

/** Activities, with the stage move each made (its opportunity's history names the activity). */
export const activitiesStage: StageSpec = {
  name: 'stg_activities',
  columns: columns({
    id: 'INTEGER', lead_id: 'INTEGER', customer_id: 'INTEGER', opportunity_id: 'INTEGER', rep_id: 'INTEGER', method: 'VARCHAR',
    activity_date: 'DATE', activity_time: 'VARCHAR', created_at_us: 'BIGINT', moved_from_stage: 'VARCHAR', moved_to_stage: 'VARCHAR',
  }),
  key: 'id',
  driver: 'crm.activities',
  query: (window) => `
    select a.id, a.lead_id, a.customer_id, a.opportunity_id, a.rep_id, a.method, a.activity_date, a.activity_time::text as activity_time,
           ${micros('a.created_at')} as created_at_us, m.from_stage as moved_from_stage, m.to_stage as moved_to_stage
      from crm.activities a
      left join lateral (select h.from_stage, h.to_stage from crm.opportunity_stage_history h
                          where h.opportunity_id = a.opportunity_id and h.activity_id = a.id order by h.id limit 1) m on true
     ${where(window, 'a.id', (w) => ofLeadsAndAccounts(w, 'crm.activities'))}`,
};

/** Follow-up tasks, with the method of the activity that completed each. */
export const followUpsStage: StageSpec = {
  name: 'stg_follow_ups',
  columns: columns({
    id: 'INTEGER', lead_id: 'INTEGER', customer_id: 'INTEGER', opportunity_id: 'INTEGER', rep_id: 'INTEGER', due_date: 'DATE',
    cadence_days: 'INTEGER', status: 'VARCHAR', done_on: 'DATE', activity_id: 'INTEGER', activity_method: 'VARCHAR',
    cancelled_reason: 'VARCHAR', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.follow_ups',
  query: (window) => `
    select f.id, f.lead_id, f.customer_id, f.opportunity_id, f.rep_id, f.due_date, f.cadence_days, f.status, f.done_on, f.activity_id,
           a.method as activity_method, f.cancelled_reason, ${micros('f.created_at')} as created_at_us
      from crm.follow_ups f left join crm.activities a on a.id = f.activity_id
     ${where(window, 'f.id', (w) => ofLeadsAndAccounts(w, 'crm.follow_ups'))}`,
};

/** The product lines of opportunities: what each would sell, how many and when (never changed once written). */
export const opportunityLinesStage: StageSpec = {
  name: 'stg_opportunity_lines',
  columns: columns({ id: 'INTEGER', opportunity_id: 'INTEGER', line_no: 'INTEGER', item_id: 'INTEGER', quantity: 'BIGINT', unit_price: 'BIGINT', expected_date: 'DATE' }),
  key: 'id',
  driver: 'crm.opportunity_lines',
  query: (window) => `
    select l.id, l.opportunity_id, l.line_no, l.item_id, l.quantity, l.unit_price, l.expected_date
      from ${window.kind === 'full'
        ? 'crm.opportunity_lines l'
        : `(${changedOpportunities(window)}) k(id)
           cross join lateral (select * from crm.opportunity_lines l where l.opportunity_id = k.id offset 0) l`}`,
};
