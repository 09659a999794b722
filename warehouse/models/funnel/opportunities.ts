import { daysBetween } from '../statements/periods.js';
import { checkDate, checkStageRows, checkStages } from './checks.js';
import { FunnelInputError, type OpportunityStageRow, type Outcome, type StageDefinition } from './types.js';

/** An open stage an opportunity was in, with the nominal probability it entered it at. */
export interface StageVisit {
  stageCode: string;
  position: number;
  /** winProbabilityBp of its first entry into the stage. */
  probabilityBp: number;
}

/**
 * An opportunity as it stood at the end of `asOf`, rebuilt from its stage entries: only entries
 * entered by then count, and it is closed only if it closed by then. Owner, source, campaign,
 * region and segment are the warehouse's (now); the rest is as of the date.
 */
export interface OpportunityState {
  opportunityId: number;
  createdDate: string;
  status: Outcome;
  /** Won or lost on (≤ asOf); null while open. */
  closedDate: string | null;
  /** Days from creation to close; null while open. */
  cycleDays: number | null;
  /** The stage it is in (won or lost stage once closed). */
  stageCode: string;
  /** Nominal probability of its latest entry (basis points). */
  probabilityBp: number;
  /** Amount when it entered its latest stage, minor units of currency. */
  amount: number;
  currency: string;
  ownerId: number;
  leadId: number | null;
  sourceCode: string | null;
  campaignId: number | null;
  region: string | null;
  segment: string | null;
  lostReason: string | null;
  /** The distinct open stages it entered, in the order first entered. */
  visits: StageVisit[];
  /** Highest position among the open stages it entered. */
  furthestPosition: number;
}

/**
 * The opportunities that existed at the end of `asOf` (created by then), each as it stood then.
 * Rows are checked (unknown stage, dates out of order, an opportunity with no open-stage entry).
 */
export function opportunitiesAsOf(rows: readonly OpportunityStageRow[], stageDefinitions: readonly StageDefinition[], asOf: string): OpportunityState[] {
  checkDate(asOf, 'asOf');
  const stages = checkStages(stageDefinitions);
  checkStageRows(rows, stages);
  const byOpportunity = new Map<number, OpportunityStageRow[]>();
  for (const r of rows) {
    if (r.opportunityCreatedDate > asOf) continue;
    const list = byOpportunity.get(r.opportunityId) ?? [];
    list.push(r);
    byOpportunity.set(r.opportunityId, list);
  }
  const out: OpportunityState[] = [];
  for (const [id, all] of byOpportunity) {
    const entries = all.filter((r) => r.enteredDate <= asOf).sort((a, b) => a.entryNo - b.entryNo);
    const last = entries.at(-1);
    const first = all[0]!;
    const closed = first.closedDate !== null && first.closedDate <= asOf;
    const visits: StageVisit[] = [];
    for (const e of entries) {
      const s = stages.get(e.stageCode)!;
      if (s.outcome === 'open' && !visits.some((v) => v.stageCode === s.code)) visits.push({ stageCode: s.code, position: s.position, probabilityBp: e.winProbabilityBp });
    }
    if (!last || visits.length === 0) throw new FunnelInputError(`opportunity ${id} has no entry into an open stage by ${asOf}`, 'stages');
    const lastStage = stages.get(last.stageCode)!;
    if (closed && lastStage.outcome !== first.outcome) throw new FunnelInputError(`opportunity ${id} is ${first.outcome} but its last entry is stage '${last.stageCode}'`, 'stages');
    out.push({
      opportunityId: id,
      createdDate: first.opportunityCreatedDate,
      status: closed ? first.outcome : 'open',
      closedDate: closed ? first.closedDate : null,
      cycleDays: closed ? daysBetween(first.opportunityCreatedDate, first.closedDate!) : null,
      stageCode: last.stageCode,
      probabilityBp: last.winProbabilityBp,
      amount: last.amount,
      currency: last.currency,
      ownerId: first.ownerId,
      leadId: first.leadId,
      sourceCode: first.sourceCode,
      campaignId: first.campaignId,
      region: first.region,
      segment: first.segment,
      lostReason: closed && first.outcome === 'lost' ? first.lostReason : null,
      visits,
      furthestPosition: Math.max(...visits.map((v) => v.position)),
    });
  }
  return out.sort((a, b) => a.opportunityId - b.opportunityId);
}
