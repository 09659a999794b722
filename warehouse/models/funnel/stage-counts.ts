import { checkDate, checkLeads } from './checks.js';
import type { OpportunityState } from './opportunities.js';
import type { LeadRow, StageDefinition } from './types.js';

export interface LeadStageCount {
  /** created: every lead opened by asOf; open, converted, disqualified: where they stood then; with_opportunity: had an opportunity opened on it by then. */
  stage: 'created' | 'open' | 'with_opportunity' | 'converted' | 'disqualified';
  leads: number;
}

/**
 * Leads per funnel step at the end of `asOf`. Open leads are not split into new, working and
 * nurturing: the warehouse keeps only a lead's status now, so a past date cannot tell them apart.
 */
export function leadStageCounts(leads: readonly LeadRow[], opportunities: readonly OpportunityState[], asOf: string): LeadStageCount[] {
  checkDate(asOf, 'asOf');
  checkLeads(leads);
  const withOpportunity = new Set(opportunities.filter((o) => o.leadId !== null && o.createdDate <= asOf).map((o) => o.leadId));
  const counts = { created: 0, open: 0, with_opportunity: 0, converted: 0, disqualified: 0 };
  for (const l of leads) {
    if (l.createdDate > asOf) continue;
    counts.created++;
    if (l.closedDate !== null && l.closedDate <= asOf) counts[l.status as 'converted' | 'disqualified']++;
    else counts.open++;
    if (withOpportunity.has(l.leadId)) counts.with_opportunity++;
  }
  return (Object.keys(counts) as LeadStageCount['stage'][]).map((stage) => ({ stage, leads: counts[stage] }));
}

export interface OpportunityStageCount {
  stageCode: string;
  stageName: string;
  position: number;
  outcome: StageDefinition['outcome'];
  /** Opportunities in this stage at the end of asOf (closed ones in the won or lost stage). */
  current: number;
  /** Opportunities that entered this stage at least once by asOf. */
  everEntered: number;
}

/** Opportunities per stage at the end of `asOf`, every defined stage listed in pipeline order. */
export function opportunityStageCounts(opportunities: readonly OpportunityState[], stageDefinitions: readonly StageDefinition[]): OpportunityStageCount[] {
  const ordered = [...stageDefinitions].sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : 1));
  return ordered.map((s) => ({
    stageCode: s.code,
    stageName: s.name,
    position: s.position,
    outcome: s.outcome,
    current: opportunities.filter((o) => o.stageCode === s.code).length,
    everEntered: opportunities.filter((o) => (s.outcome === 'open' ? o.visits.some((v) => v.stageCode === s.code) : o.status === s.outcome)).length,
  }));
}
