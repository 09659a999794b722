import type { ColumnType, Generated } from 'kysely';

/** Kysely row types of this area's tables, keyed `schema.table`; merged into DB in domain/db/tables.ts. */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
/** Computed by the database from other columns (normalised duplicate-detection keys). */
type Computed<T> = ColumnType<T, never, never>;

export type LeadStatus = 'new' | 'working' | 'nurturing' | 'converted' | 'disqualified';
export type LeadPool = 'lead' | 'public';
export type AssignmentMethod = 'none' | 'round_robin' | 'capacity' | 'rules';
export type ActivityMethod = 'call' | 'visit' | 'email' | 'meeting' | 'message';
export type OpportunityStatus = 'open' | 'won' | 'lost';
export type LostReason = 'price' | 'competitor' | 'no_budget' | 'no_decision' | 'timing' | 'product_fit' | 'disqualified' | 'other';
export type OwnershipReason = 'created' | 'assigned' | 'claimed' | 'released' | 'handover' | 'recycled' | 'converted' | 'disqualified';
export type CampaignChannel = 'email' | 'paid_search' | 'social' | 'event' | 'trade_show' | 'webinar' | 'content' | 'direct_mail' | 'partner' | 'referral' | 'outbound';

export interface CrmLeadSources { code: string; name: string }

export interface CrmCampaigns {
  id: Generated<number>; code: string; name: string; channel: CampaignChannel; source_code: string;
  start_date: string; end_date: string | null;
  /** Minor units of `currency`. */
  cost: Defaulted<number>; currency: string; created_at: Timestamp; created_by: string;
}

export interface CrmRegionSettings {
  region: string; lead_recycle_days: number; account_recycle_days: number | null; lead_cap: number; account_cap: number | null;
  assignment: AssignmentMethod; follow_up_days: number; last_assigned_rep: number | null;
}

/** crm.region_settings with the defaults filled in for every region (a view). */
export interface CrmRegionPipelineSettings {
  region: string; lead_recycle_days: number; account_recycle_days: number | null; lead_cap: number; account_cap: number | null;
  assignment: AssignmentMethod; follow_up_days: number; last_assigned_rep: number | null;
}

export interface CrmAssignmentRules {
  id: Generated<number>; region: string; priority: number; source_code: string | null; segment: string | null; rep_id: number;
}

/** A rep's private pool: counters kept by triggers, caps and whether they take automatic assignment. */
export interface CrmRepPools {
  rep_id: number; region: string | null; accepts_leads: Defaulted<boolean>; lead_cap: number | null; account_cap: number | null;
  open_leads: Defaulted<number>; accounts: Defaulted<number>;
}

export interface CrmLeads {
  id: Generated<number>; lead_no: string; external_ref: string | null; company_name: string; contact_name: string | null;
  email: string | null; phone: string | null; region: string; segment: string; score: Defaulted<number>;
  source_code: string; campaign_id: number | null; status: Defaulted<LeadStatus>; owner_id: number | null; pool: LeadPool | null;
  created_on: string; owned_since: string | null; touched_on: string | null; customer_id: number | null; closed_on: string | null;
  disqualified_reason: string | null; name_key: Computed<string | null>; email_key: Computed<string | null>; phone_key: Computed<string | null>;
  created_at: Timestamp; created_by: string;
}

export interface CrmOwnedKeys { kind: 'name' | 'email' | 'phone'; key: string; lead_id: number | null; customer_id: number | null; owner_id: number }

export interface CrmOwnershipHistory {
  id: Generated<number>; lead_id: number | null; customer_id: number | null; event_date: string; reason: OwnershipReason;
  from_owner: number | null; from_pool: string | null; to_owner: number | null; to_pool: string | null; note: string | null;
  created_at: Timestamp; created_by: string;
}

export interface CrmPipelineStages {
  code: string; name: string; position: number; probability_bp: number; outcome: Defaulted<OpportunityStatus>; active: Defaulted<boolean>;
}

export interface CrmOpportunities {
  id: Generated<number>; opportunity_no: string; name: string; customer_id: number | null; lead_id: number | null; owner_id: number;
  stage_code: string; status: Defaulted<OpportunityStatus>;
  /** Minor units of `currency`. */
  amount: number; currency: string; expected_close_date: string; competitor: string | null;
  source_code: string | null; campaign_id: number | null; lost_reason: LostReason | null; close_note: string | null;
  created_on: string; stage_changed_on: string; closed_on: string | null; created_at: Timestamp; created_by: string;
}

export interface CrmOpportunityLines {
  id: Generated<number>; opportunity_id: number; line_no: number; item_id: number; quantity: number; unit_price: number | null; expected_date: string;
}

export interface CrmOpportunityStageHistory {
  id: Generated<number>; opportunity_id: number; from_stage: string | null; to_stage: string; changed_on: string; probability_bp: number;
  amount: number; activity_id: number | null; note: string | null; created_at: Timestamp; created_by: string;
}

export interface CrmActivities {
  id: Generated<number>; lead_id: number | null; customer_id: number | null; opportunity_id: number | null; rep_id: number;
  method: ActivityMethod; content: string; activity_date: string; activity_time: string | null; created_at: Timestamp; created_by: string;
}

export interface CrmFollowUps {
  id: Generated<number>; lead_id: number | null; customer_id: number | null; opportunity_id: number | null; rep_id: number;
  due_date: string; cadence_days: number | null; note: string | null; status: Defaulted<'open' | 'done' | 'cancelled'>;
  done_on: string | null; activity_id: number | null; cancelled_reason: string | null; created_at: Timestamp; created_by: string;
}

export interface CrmPipelineTables {
  'crm.lead_sources': CrmLeadSources;
  'crm.campaigns': CrmCampaigns;
  'crm.region_settings': CrmRegionSettings;
  'crm.region_pipeline_settings': CrmRegionPipelineSettings;
  'crm.assignment_rules': CrmAssignmentRules;
  'crm.rep_pools': CrmRepPools;
  'crm.leads': CrmLeads;
  'crm.owned_keys': CrmOwnedKeys;
  'crm.ownership_history': CrmOwnershipHistory;
  'crm.pipeline_stages': CrmPipelineStages;
  'crm.opportunities': CrmOpportunities;
  'crm.opportunity_lines': CrmOpportunityLines;
  'crm.opportunity_stage_history': CrmOpportunityStageHistory;
  'crm.activities': CrmActivities;
  'crm.follow_ups': CrmFollowUps;
}
