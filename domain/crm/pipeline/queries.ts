import { sql, type Kysely, type Selectable } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { ActivityMethod, LeadPool, LeadStatus, LostReason, OpportunityStatus, OwnershipReason } from './tables.js';

export interface Reminder {
  followUpId: number;
  kind: 'due_today' | 'overdue';
  dueDate: string;
  daysOverdue: number;
  leadId: number | null;
  customerId: number | null;
  opportunityId: number | null;
  /** Lead or account number, and the company. */
  reference: string;
  name: string;
  cadenceDays: number | null;
  note: string | null;
}

/** A rep's open follow-ups due on `date` or overdue, oldest first. */
export async function reminders(db: Kysely<DB>, { repId, date }: { repId: number; date: string }): Promise<Reminder[]> {
  const { rows } = await sql<{ id: number; due_date: string; days: number; lead_id: number | null; customer_id: number | null; opportunity_id: number | null; reference: string; name: string; cadence_days: number | null; note: string | null }>`
    select f.id, f.due_date, (${date}::date - f.due_date) as days, f.lead_id, f.customer_id, f.opportunity_id,
           coalesce(l.lead_no, c.code) as reference, coalesce(l.company_name, c.name) as name, f.cadence_days, f.note
      from crm.follow_ups f
      left join crm.leads l on l.id = f.lead_id
      left join crm.customers c on c.id = f.customer_id
     where f.rep_id = ${repId} and f.status = 'open' and f.due_date <= ${date}
     order by f.due_date, f.id`.execute(db);
  return rows.map((r) => ({
    followUpId: r.id, kind: r.days === 0 ? 'due_today' : 'overdue', dueDate: r.due_date, daysOverdue: r.days, leadId: r.lead_id, customerId: r.customer_id,
    opportunityId: r.opportunity_id, reference: r.reference, name: r.name, cadenceDays: r.cadence_days, note: r.note,
  }));
}

export interface ActivityRecord {
  activityId: number;
  date: string;
  time: string | null;
  method: ActivityMethod;
  content: string;
  repId: number;
  repName: string;
  leadId: number | null;
  customerId: number | null;
  opportunityId: number | null;
}

/** Every activity with an account, including those with the lead it was converted from, oldest first. */
export async function activitiesForCustomer(db: Kysely<DB>, customerId: number): Promise<ActivityRecord[]> {
  const { rows } = await sql<{ id: number; activity_date: string; activity_time: string | null; method: ActivityMethod; content: string; rep_id: number; rep_name: string; lead_id: number | null; customer_id: number | null; opportunity_id: number | null }>`
    select a.id, a.activity_date, a.activity_time::text as activity_time, a.method, a.content, a.rep_id, e.name as rep_name, a.lead_id, a.customer_id, a.opportunity_id
      from crm.activities a join people.employees e on e.id = a.rep_id
     where a.customer_id = ${customerId}
        or a.lead_id = (select c.lead_id from crm.customers c where c.id = ${customerId})
     order by a.activity_date, a.activity_time nulls first, a.id`.execute(db);
  return rows.map((r) => ({ activityId: r.id, date: r.activity_date, time: r.activity_time, method: r.method, content: r.content, repId: r.rep_id, repName: r.rep_name, leadId: r.lead_id, customerId: r.customer_id, opportunityId: r.opportunity_id }));
}

export interface OpportunityRecord {
  opportunityId: number;
  opportunityNo: string;
  name: string;
  customerId: number | null;
  leadId: number | null;
  ownerId: number;
  stage: string;
  status: OpportunityStatus;
  probabilityBp: number;
  amount: number;
  currency: string;
  expectedCloseDate: string;
  competitor: string | null;
  lostReason: LostReason | null;
  source: string | null;
  campaignId: number | null;
  createdOn: string;
  closedOn: string | null;
  lines: { lineNo: number; itemId: number; quantity: number; unitPrice: number | null; expectedDate: string }[];
}

const opportunitySelect = sql`
  select p.id, p.opportunity_no, p.name, p.customer_id, p.lead_id, p.owner_id, p.stage_code, p.status, s.probability_bp, p.amount, p.currency,
         p.expected_close_date, p.competitor, p.lost_reason, p.source_code, p.campaign_id, p.created_on, p.closed_on,
         coalesce((select jsonb_agg(jsonb_build_object('lineNo', l.line_no, 'itemId', l.item_id, 'quantity', l.quantity, 'unitPrice', l.unit_price, 'expectedDate', l.expected_date) order by l.line_no)
                     from crm.opportunity_lines l where l.opportunity_id = p.id), '[]') as lines
    from crm.opportunities p join crm.pipeline_stages s on s.code = p.stage_code`;

type OpportunityRow = { id: number; opportunity_no: string; name: string; customer_id: number | null; lead_id: number | null; owner_id: number; stage_code: string; status: OpportunityStatus; probability_bp: number; amount: number; currency: string; expected_close_date: string; competitor: string | null; lost_reason: LostReason | null; source_code: string | null; campaign_id: number | null; created_on: string; closed_on: string | null; lines: OpportunityRecord['lines'] };
const toOpportunity = (r: OpportunityRow): OpportunityRecord => ({
  opportunityId: r.id, opportunityNo: r.opportunity_no, name: r.name, customerId: r.customer_id, leadId: r.lead_id, ownerId: r.owner_id, stage: r.stage_code, status: r.status,
  probabilityBp: r.probability_bp, amount: r.amount, currency: r.currency, expectedCloseDate: r.expected_close_date, competitor: r.competitor, lostReason: r.lost_reason,
  source: r.source_code, campaignId: r.campaign_id, createdOn: r.created_on, closedOn: r.closed_on, lines: r.lines,
});

/** Every opportunity of an account (those begun on its lead included), with its lines, oldest first. */
export async function opportunitiesForCustomer(db: Kysely<DB>, customerId: number): Promise<OpportunityRecord[]> {
  const { rows } = await sql<OpportunityRow>`${opportunitySelect} where p.customer_id = ${customerId} order by p.created_on, p.id`.execute(db);
  return rows.map(toOpportunity);
}

export async function opportunity(db: Kysely<DB>, opportunityId: number): Promise<OpportunityRecord | undefined> {
  const { rows } = await sql<OpportunityRow>`${opportunitySelect} where p.id = ${opportunityId}`.execute(db);
  return rows[0] && toOpportunity(rows[0]);
}

export interface StageHistoryRow {
  fromStage: string | null;
  toStage: string;
  changedOn: string;
  probabilityBp: number;
  amount: number;
  activityId: number | null;
  note: string | null;
}

export async function opportunityStageHistory(db: Kysely<DB>, opportunityId: number): Promise<StageHistoryRow[]> {
  const rows = await db.selectFrom('crm.opportunity_stage_history').selectAll().where('opportunity_id', '=', opportunityId).orderBy('id').execute();
  return rows.map((r) => ({ fromStage: r.from_stage, toStage: r.to_stage, changedOn: r.changed_on, probabilityBp: r.probability_bp, amount: r.amount, activityId: r.activity_id, note: r.note }));
}

export interface PipelineLine {
  opportunityId: number;
  customerId: number | null;
  leadId: number | null;
  itemId: number;
  quantity: number;
  expectedDate: string;
  stage: string;
  /** The stage's win probability as it stood on `asOf`. */
  probabilityBp: number;
}

/**
 * The product lines of the pipeline open on `asOf` (opened by then, not yet closed), each with
 * the stage and win probability the opportunity had that day: expected item demand for the
 * models (quantity × probability), and reproducible for any past date.
 */
export async function openPipelineLines(db: Kysely<DB>, { asOf }: { asOf: string }): Promise<PipelineLine[]> {
  const { rows } = await sql<{ opportunity_id: number; customer_id: number | null; lead_id: number | null; item_id: number; quantity: number; expected_date: string; stage: string; probability_bp: number }>`
    select p.id as opportunity_id, p.customer_id, p.lead_id, l.item_id, l.quantity, l.expected_date, h.to_stage as stage, h.probability_bp
      from crm.opportunities p
      join lateral (select x.to_stage, x.probability_bp from crm.opportunity_stage_history x
                     where x.opportunity_id = p.id and x.changed_on <= ${asOf} order by x.changed_on desc, x.id desc limit 1) h on true
      join crm.opportunity_lines l on l.opportunity_id = p.id
     where p.created_on <= ${asOf} and (p.closed_on is null or p.closed_on > ${asOf})
     order by l.expected_date, p.id, l.line_no`.execute(db);
  return rows.map((r) => ({ opportunityId: r.opportunity_id, customerId: r.customer_id, leadId: r.lead_id, itemId: r.item_id, quantity: r.quantity, expectedDate: r.expected_date, stage: r.stage, probabilityBp: r.probability_bp }));
}

export interface FunnelBySource {
  source: string;
  leads: number;
  /** Leads with at least one activity. */
  contacted: number;
  /** Leads that reached an opportunity. */
  withOpportunity: number;
  converted: number;
  disqualified: number;
  open: number;
  /** converted / leads. */
  conversionRate: number;
}

export interface FunnelByStage {
  source: string;
  stage: string;
  opportunities: number;
}

/**
 * The lead funnel of leads created from `from` to `to` (inclusive): per source how many were
 * contacted, reached an opportunity, converted, were disqualified or are still open; and the
 * opportunities opened in the period by source and current stage.
 */
export async function leadFunnel(db: Kysely<DB>, { from, to }: { from: string; to: string }): Promise<{ from: string; to: string; bySource: FunnelBySource[]; byStage: FunnelByStage[] }> {
  const [bySource, byStage] = await Promise.all([
    sql<{ source: string; leads: number; contacted: number; with_opportunity: number; converted: number; disqualified: number; open: number }>`
      select l.source_code as source, count(*)::int as leads,
             count(*) filter (where exists (select 1 from crm.activities a where a.lead_id = l.id))::int as contacted,
             count(*) filter (where exists (select 1 from crm.opportunities p where p.lead_id = l.id))::int as with_opportunity,
             count(*) filter (where l.status = 'converted')::int as converted,
             count(*) filter (where l.status = 'disqualified')::int as disqualified,
             count(*) filter (where l.status in ('new', 'working', 'nurturing'))::int as open
        from crm.leads l where l.created_on between ${from} and ${to}
       group by l.source_code order by l.source_code`.execute(db),
    sql<{ source: string; stage: string; opportunities: number }>`
      select coalesce(p.source_code, 'unknown') as source, p.stage_code as stage, count(*)::int as opportunities
        from crm.opportunities p join crm.pipeline_stages s on s.code = p.stage_code
       where p.created_on between ${from} and ${to}
       group by 1, 2, s.position order by 1, s.position, 2`.execute(db),
  ]);
  return {
    from,
    to,
    bySource: bySource.rows.map((r) => ({ source: r.source, leads: r.leads, contacted: r.contacted, withOpportunity: r.with_opportunity, converted: r.converted, disqualified: r.disqualified, open: r.open, conversionRate: r.leads ? Math.round((r.converted / r.leads) * 10_000) / 10_000 : 0 })),
    byStage: byStage.rows,
  };
}

export interface LeadRecord {
  leadId: number;
  leadNo: string;
  externalRef: string | null;
  companyName: string;
  region: string;
  segment: string;
  score: number;
  source: string;
  campaignId: number | null;
  status: LeadStatus;
  ownerId: number | null;
  pool: LeadPool | null;
  createdOn: string;
  ownedSince: string | null;
  touchedOn: string | null;
  customerId: number | null;
}

type LeadRow = Selectable<DB['crm.leads']>;
const toLead = (r: LeadRow): LeadRecord => ({
  leadId: r.id, leadNo: r.lead_no, externalRef: r.external_ref, companyName: r.company_name, region: r.region, segment: r.segment, score: r.score,
  source: r.source_code, campaignId: r.campaign_id, status: r.status, ownerId: r.owner_id, pool: r.pool, createdOn: r.created_on,
  ownedSince: r.owned_since, touchedOn: r.touched_on, customerId: r.customer_id,
});

/** Leads by region, pool, owner or status (open ones by default), oldest first. */
export async function listLeads(db: Kysely<DB>, filter: { region?: string; pool?: LeadPool; ownerId?: number; status?: LeadStatus[]; limit?: number } = {}): Promise<LeadRecord[]> {
  let q = db.selectFrom('crm.leads').selectAll().where('status', 'in', filter.status ?? ['new', 'working', 'nurturing']);
  if (filter.region) q = q.where('region', '=', filter.region);
  if (filter.pool) q = q.where('pool', '=', filter.pool);
  if (filter.ownerId) q = q.where('owner_id', '=', filter.ownerId);
  const rows = await q.orderBy('id').limit(filter.limit ?? 1_000).execute();
  return rows.map(toLead);
}

/** Leads by their external references (the simulator finds its own this way). */
export async function leadsByExternalRef(db: Kysely<DB>, refs: string[]): Promise<Map<string, LeadRecord & { openOpportunityId: number | null; openOpportunityStage: string | null }>> {
  if (refs.length === 0) return new Map();
  const { rows } = await sql<LeadRow & { open_opportunity_id: number | null; open_opportunity_stage: string | null }>`
    select l.*, o.id as open_opportunity_id, o.stage_code as open_opportunity_stage
      from crm.leads l
      left join lateral (select p.id, p.stage_code from crm.opportunities p where p.lead_id = l.id and p.status = 'open' order by p.id limit 1) o on true
     where l.external_ref = any(${refs}::text[])`.execute(db);
  return new Map(rows.map((r) => [r.external_ref!, { ...toLead(r), openOpportunityId: r.open_opportunity_id, openOpportunityStage: r.open_opportunity_stage }]));
}

export interface OwnershipChange {
  date: string;
  reason: OwnershipReason;
  fromOwner: number | null;
  fromPool: string | null;
  toOwner: number | null;
  toPool: string | null;
  note: string | null;
}

/** Every change of hands of a lead or an account, in order. */
export async function ownershipHistory(db: Kysely<DB>, of: { leadId: number } | { customerId: number }): Promise<OwnershipChange[]> {
  let q = db.selectFrom('crm.ownership_history').selectAll();
  q = 'leadId' in of ? q.where('lead_id', '=', of.leadId) : q.where('customer_id', '=', of.customerId);
  const rows = await q.orderBy('id').execute();
  return rows.map((r) => ({ date: r.event_date, reason: r.reason, fromOwner: r.from_owner, fromPool: r.from_pool, toOwner: r.to_owner, toPool: r.to_pool, note: r.note }));
}

export interface RepPool {
  repId: number;
  region: string | null;
  acceptsLeads: boolean;
  openLeads: number;
  accounts: number;
  /** Effective caps: the rep's own, else their region's; null: none. */
  leadCap: number | null;
  accountCap: number | null;
}

/** What each rep holds against their caps. */
export async function repPools(db: Kysely<DB>, region?: string): Promise<RepPool[]> {
  const { rows } = await sql<{ rep_id: number; region: string | null; accepts_leads: boolean; open_leads: number; accounts: number; lead_cap: number | null; account_cap: number | null }>`
    select p.rep_id, p.region, p.accepts_leads, p.open_leads, p.accounts, coalesce(p.lead_cap, s.lead_cap) as lead_cap,
           case when p.account_cap is not null then p.account_cap else s.account_cap end as account_cap
      from crm.rep_pools p left join crm.region_pipeline_settings s on s.region = p.region
     ${region ? sql`where p.region = ${region}` : sql``}
     order by p.rep_id`.execute(db);
  return rows.map((r) => ({ repId: r.rep_id, region: r.region, acceptsLeads: r.accepts_leads, openLeads: r.open_leads, accounts: r.accounts, leadCap: r.lead_cap, accountCap: r.account_cap }));
}

/** Opportunities by their names (open ones only, unless told), e.g. to find one a process opened earlier. */
export async function opportunitiesByName(db: Kysely<DB>, names: string[], { openOnly = true } = {}): Promise<OpportunityRecord[]> {
  if (names.length === 0) return [];
  const { rows } = await sql<OpportunityRow>`${opportunitySelect} where p.name = any(${names}::text[]) ${openOnly ? sql`and p.status = 'open'` : sql``} order by p.id`.execute(db);
  return rows.map(toOpportunity);
}

/** The owner (null: the public pool), region and currency of each account. */
export async function accountOwners(db: Kysely<DB>, customerIds: number[]): Promise<Map<number, { ownerId: number | null; region: string; currency: string }>> {
  if (customerIds.length === 0) return new Map();
  const rows = await db.selectFrom('crm.customers').select(['id', 'owner_id', 'region', 'currency']).where('id', 'in', customerIds).execute();
  return new Map(rows.map((r) => [r.id, { ownerId: r.owner_id, region: r.region, currency: r.currency }]));
}

export interface CampaignRecord {
  campaignId: number;
  code: string;
  name: string;
  channel: string;
  source: string;
  startDate: string;
  endDate: string | null;
  cost: number;
  currency: string;
}

export async function listCampaigns(db: Kysely<DB>): Promise<CampaignRecord[]> {
  const rows = await db.selectFrom('crm.campaigns').selectAll().orderBy('id').execute();
  return rows.map((c) => ({ campaignId: c.id, code: c.code, name: c.name, channel: c.channel, source: c.source_code, startDate: c.start_date, endDate: c.end_date, cost: c.cost, currency: c.currency }));
}

export interface PipelineCheck {
  name: string;
  description: string;
  breaches: number;
}

/**
 * The pipeline's invariants, re-derived from its tables (for `ledgerloop verify`): each check
 * names how many rows break it; all zero when everything holds.
 */
export async function pipelineChecks(db: Kysely<DB>): Promise<PipelineCheck[]> {
  const { rows } = await sql<Record<string, number>>`
    select
      (select count(*)::int from crm.leads l
        where case when l.status in ('new', 'working', 'nurturing') then (l.owner_id is null) = (l.pool is null) else l.pool is not null end) as owner_or_pool,
      (select count(*)::int from crm.leads l where l.status = 'converted' and (l.owner_id is null or l.customer_id is null)) as converted_owned,
      (select count(*)::int from crm.rep_pools p
        where p.open_leads <> (select count(*) from crm.leads l where l.owner_id = p.rep_id and l.status in ('new', 'working', 'nurturing'))
           or p.accounts <> (select count(*) from crm.customers c where c.owner_id = p.rep_id)) as pool_counters,
      (select count(*)::int from crm.rep_pools p left join crm.region_pipeline_settings s on s.region = p.region
        where p.open_leads > coalesce(p.lead_cap, s.lead_cap, p.open_leads) or p.accounts > coalesce(p.account_cap, s.account_cap, p.accounts)) as within_caps,
      (select count(*)::int from crm.leads l
        where not exists (select 1 from crm.ownership_history h where h.lead_id = l.id)
           or (select (h.to_owner, h.to_pool) is distinct from (l.owner_id, l.pool)
                 from crm.ownership_history h where h.lead_id = l.id order by h.id desc limit 1)) as lead_history,
      (select count(*)::int from crm.customers c
        where exists (select 1 from crm.ownership_history h where h.customer_id = c.id)
          and (select h.to_owner is distinct from c.owner_id from crm.ownership_history h where h.customer_id = c.id order by h.id desc limit 1)) as account_history,
      (select count(*)::int from crm.owned_keys k
        where not exists (select 1 from crm.leads l where l.id = k.lead_id and l.owner_id = k.owner_id and l.status in ('new', 'working', 'nurturing'))
          and not exists (select 1 from crm.customers c where c.id = k.customer_id and c.owner_id = k.owner_id)) as stray_keys,
      (select count(*)::int from crm.leads l where l.owner_id is not null and l.status in ('new', 'working', 'nurturing') and l.name_key is not null
          and not exists (select 1 from crm.owned_keys k where k.kind = 'name' and k.key = l.name_key and k.lead_id = l.id)) as missing_keys,
      (select count(*)::int from crm.follow_ups f left join crm.leads l on l.id = f.lead_id left join crm.customers c on c.id = f.customer_id
        where f.status = 'open' and (coalesce(l.owner_id, c.owner_id) is distinct from f.rep_id or l.status in ('converted', 'disqualified'))) as follow_ups_with_owner,
      (select count(*)::int from crm.opportunities p
        where p.stage_code is distinct from (select h.to_stage from crm.opportunity_stage_history h where h.opportunity_id = p.id order by h.id desc limit 1)) as stage_history`.execute(db);
  const r = rows[0]!;
  const check = (name: string, description: string) => ({ name: `crm_${name}`, description, breaches: r[name] ?? 0 });
  return [
    check('owner_or_pool', 'every open lead has exactly one owner or sits in exactly one pool; a closed one in none'),
    check('converted_owned', 'a converted lead is owned and names its account'),
    check('pool_counters', 'each rep\'s private-pool counters equal the open leads and accounts they hold'),
    check('within_caps', 'no rep holds more open leads or accounts than their cap'),
    check('lead_history', 'the latest ownership-history row of every lead names its owner and pool'),
    check('account_history', 'the latest ownership-history row of an account names its owner'),
    check('stray_keys', 'every held duplicate-detection key belongs to an owned open lead or owned account'),
    check('missing_keys', 'every owned open lead holds its company key'),
    check('follow_ups_with_owner', 'open follow-ups are the current owner\'s, of an open lead or an account'),
    check('stage_history', 'every opportunity\'s stage is the last of its stage history'),
  ];
}
