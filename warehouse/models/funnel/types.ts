/**
 * Inputs of the sales funnel model: the rows of fact_lead, fact_opportunity_stage and
 * dim_campaign (as the funnel_* queries in sql/queries return them), plus the pipeline's stages.
 * Dates are ISO days (YYYY-MM-DD); money is integer minor units of the row's currency.
 */

export const LEAD_STATUSES = ['new', 'working', 'nurturing', 'converted', 'disqualified'] as const;
export type LeadStatus = (typeof LEAD_STATUSES)[number];
export const OUTCOMES = ['open', 'won', 'lost'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** One lead (fact_lead), as it stands now. */
export interface LeadRow {
  leadId: number;
  sourceCode: string;
  campaignId: number | null;
  region: string;
  segment: string;
  /** The rep holding it now (or its last owner); null while in a pool. */
  ownerId: number | null;
  status: LeadStatus;
  createdDate: string;
  /** Converted or disqualified on; null while open. */
  closedDate: string | null;
}

/** One stage an opportunity entered (fact_opportunity_stage). */
export interface OpportunityStageRow {
  opportunityId: number;
  /** Order among the opportunity's entries, from 1. */
  entryNo: number;
  stageCode: string;
  /** The stage's win probability when entered, basis points (10000 = 100%). */
  winProbabilityBp: number;
  enteredDate: string;
  /** Null while in it. */
  leftDate: string | null;
  /** The opportunity's status now. */
  outcome: Outcome;
  /** Why the opportunity was lost; null unless lost. */
  lostReason: string | null;
  /** The opportunity's amount when it entered this stage (minor units of currency). */
  amount: number;
  currency: string;
  /** The opportunity's owner now. */
  ownerId: number;
  leadId: number | null;
  sourceCode: string | null;
  campaignId: number | null;
  /** Region and segment of the lead it came from, else of the account (when it was opened). */
  region: string | null;
  segment: string | null;
  opportunityCreatedDate: string;
  /** Won or lost on; null while open. */
  closedDate: string | null;
}

/** A stage of the pipeline with its nominal (configured) win probability. */
export interface StageDefinition {
  code: string;
  name: string;
  /** Smaller = earlier. */
  position: number;
  probabilityBp: number;
  /** open for the stages an opportunity works through; won and lost close it. */
  outcome: Outcome;
}

/** A marketing campaign (dim_campaign). */
export interface CampaignRow {
  campaignId: number;
  code: string;
  name: string;
  channel: string;
  sourceCode: string;
  startDate: string;
  /** What it cost in total, minor units of currency. */
  cost: number;
  currency: string;
}

/** Bad input to a funnel function: `field` names the row and column, e.g. `stages[3].enteredDate`. */
export class FunnelInputError extends Error {
  override readonly name = 'FunnelInputError';
  constructor(message: string, readonly field: string) {
    super(`${field}: ${message}`);
  }
}
