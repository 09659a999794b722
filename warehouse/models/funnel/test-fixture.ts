import type { CampaignRow, LeadRow, OpportunityStageRow, Outcome, StageDefinition } from './types.js';

/**
 * A small hand-made funnel the tests compute their answers from (see funnel.test.ts for the
 * working): five stages, four leads (and one after the dates looked at), six opportunities.
 */
export const STAGES: StageDefinition[] = [
  { code: 'qualification', name: 'Qualification', position: 10, probabilityBp: 1000, outcome: 'open' },
  { code: 'needs_analysis', name: 'Needs analysis', position: 20, probabilityBp: 2500, outcome: 'open' },
  { code: 'proposal', name: 'Proposal', position: 30, probabilityBp: 5000, outcome: 'open' },
  { code: 'won', name: 'Won', position: 90, probabilityBp: 10_000, outcome: 'won' },
  { code: 'lost', name: 'Lost', position: 99, probabilityBp: 0, outcome: 'lost' },
];

export interface OpportunitySpec {
  id: number;
  path: [stage: string, date: string][];
  outcome: Outcome;
  amount: number;
  currency?: string;
  owner: number;
  source: string | null;
  campaign: number | null;
  lead: number | null;
  region?: string;
  segment?: string;
  lostReason?: string;
}

/** The stage rows of one opportunity: each entry left on the next one's date; closed on the last if won or lost. */
export function stageRows(o: OpportunitySpec, stages: readonly StageDefinition[] = STAGES): OpportunityStageRow[] {
  const created = o.path[0]![1];
  const closedDate = o.outcome === 'open' ? null : o.path.at(-1)![1];
  return o.path.map(([stage, date], i) => ({
    opportunityId: o.id, entryNo: i + 1, stageCode: stage,
    winProbabilityBp: stages.find((s) => s.code === stage)!.probabilityBp,
    enteredDate: date, leftDate: o.path[i + 1]?.[1] ?? null,
    outcome: o.outcome, lostReason: o.outcome === 'lost' ? (o.lostReason ?? null) : null,
    amount: o.amount, currency: o.currency ?? 'USD', ownerId: o.owner, leadId: o.lead, sourceCode: o.source, campaignId: o.campaign,
    region: o.region ?? 'NA', segment: o.segment ?? 'small_business', opportunityCreatedDate: created, closedDate,
  }));
}

export const OPPORTUNITIES: OpportunitySpec[] = [
  { id: 1, path: [['qualification', '2024-01-01'], ['needs_analysis', '2024-01-05'], ['proposal', '2024-01-15'], ['won', '2024-01-25']], outcome: 'won', amount: 1000, owner: 1, source: 'web', campaign: 1, lead: 1 },
  { id: 2, path: [['qualification', '2024-01-10'], ['needs_analysis', '2024-01-20'], ['lost', '2024-01-30']], outcome: 'lost', lostReason: 'price', amount: 2000, owner: 2, source: 'web', campaign: 1, lead: 2 },
  { id: 3, path: [['qualification', '2024-02-01'], ['won', '2024-02-21']], outcome: 'won', amount: 500, owner: 1, source: 'referral', campaign: null, lead: null, segment: 'enterprise' },
  { id: 4, path: [['qualification', '2024-02-05'], ['needs_analysis', '2024-02-08']], outcome: 'open', amount: 3000, owner: 2, source: 'referral', campaign: null, lead: null, region: 'EU' },
  { id: 5, path: [['qualification', '2024-02-10'], ['lost', '2024-02-12']], outcome: 'lost', lostReason: 'no_budget', amount: 400, owner: 1, source: 'web', campaign: 1, lead: 3 },
  { id: 6, path: [['qualification', '2024-02-20']], outcome: 'open', amount: 1235, currency: 'EUR', owner: 1, source: 'partner', campaign: 2, lead: null },
];

export const ROWS: OpportunityStageRow[] = OPPORTUNITIES.flatMap((o) => stageRows(o));

const lead = (leadId: number, createdDate: string, status: LeadRow['status'], closedDate: string | null, campaignId: number | null): LeadRow =>
  ({ leadId, sourceCode: 'web', campaignId, region: 'NA', segment: 'small_business', ownerId: 1, status, createdDate, closedDate });

export const LEADS: LeadRow[] = [
  lead(1, '2024-01-01', 'converted', '2024-01-25', 1),
  lead(2, '2024-01-08', 'disqualified', '2024-01-30', 1),
  lead(3, '2024-02-09', 'working', null, 1),
  lead(4, '2024-02-15', 'new', null, null),
  lead(5, '2024-03-05', 'new', null, 1),
];

export const CAMPAIGNS: CampaignRow[] = [
  { campaignId: 1, code: 'WEB-Q1', name: 'Web Q1', channel: 'content', sourceCode: 'web', startDate: '2024-01-01', cost: 1000, currency: 'USD' },
  { campaignId: 2, code: 'PRT-Q1', name: 'Partner Q1', channel: 'partner', sourceCode: 'partner', startDate: '2024-02-01', cost: 500, currency: 'EUR' },
  { campaignId: 3, code: 'WEB-Q2', name: 'Web Q2', channel: 'content', sourceCode: 'web', startDate: '2024-04-01', cost: 900, currency: 'USD' },
];

export const AS_OF = '2024-02-29';
