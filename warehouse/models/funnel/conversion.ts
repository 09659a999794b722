import { checkDate, checkLeads, monthOf, openStagesInOrder } from './checks.js';
import type { OpportunityState } from './opportunities.js';
import type { LeadRow, StageDefinition } from './types.js';

/**
 * One step of the funnel. `entered` reached the from-stage; of those, `advanced` reached the
 * to-stage, `lost` were lost without getting past the from-stage and `open` are still open with
 * the from-stage as the furthest they got: entered = advanced + lost + open. rate = advanced ÷
 * entered, null when none entered.
 *
 * "Reached" a stage means entered it or any later open stage, or was won: an opportunity that
 * skips a stage (or is won straight from qualification) has passed it. The lead step counts
 * leads: entered = leads created, advanced = leads with an opportunity opened on them, lost =
 * leads disqualified (or converted) without one; every other step counts opportunities,
 * including those opened on an account rather than a lead.
 */
export interface ConversionStep {
  /** 'YYYY-MM' of creation for a cohort; null for the snapshot of everything. */
  cohort: string | null;
  fromStage: string;
  toStage: string;
  entered: number;
  advanced: number;
  lost: number;
  open: number;
  rate: number | null;
}

function steps(cohort: string | null, leads: readonly LeadRow[], opportunities: readonly OpportunityState[], open: readonly StageDefinition[], asOf: string, withLeadStep: boolean): ConversionStep[] {
  const out: ConversionStep[] = [];
  const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
  if (withLeadStep) {
    const withOpportunity = new Set(opportunities.map((o) => o.leadId).filter((id) => id !== null));
    let entered = 0, advanced = 0, closed = 0;
    for (const l of leads) {
      entered++;
      if (withOpportunity.has(l.leadId)) advanced++;
      else if (l.closedDate !== null && l.closedDate <= asOf) closed++;
    }
    out.push({ cohort, fromStage: 'lead', toStage: 'opportunity', entered, advanced, lost: closed, open: entered - advanced - closed, rate: ratio(advanced, entered) });
  }
  const reached = (o: OpportunityState, position: number) => o.status === 'won' || o.furthestPosition >= position;
  open.forEach((s, i) => {
    const next = open[i + 1];
    const inStage = opportunities.filter((o) => reached(o, s.position));
    const advanced = inStage.filter((o) => (next ? reached(o, next.position) : o.status === 'won')).length;
    const stuck = inStage.filter((o) => o.status !== 'won' && (next === undefined || o.furthestPosition < next.position));
    const lost = stuck.filter((o) => o.status === 'lost').length;
    out.push({ cohort, fromStage: s.code, toStage: next?.code ?? 'won', entered: inStage.length, advanced, lost, open: stuck.length - lost, rate: ratio(advanced, inStage.length) });
  });
  return out;
}

/**
 * Stage-to-stage conversion at the end of `asOf` over everything created by then: the lead step,
 * then each open stage to the next, the last to won.
 */
export function conversionSnapshot(leads: readonly LeadRow[], opportunities: readonly OpportunityState[], stageDefinitions: readonly StageDefinition[], asOf: string): ConversionStep[] {
  checkDate(asOf, 'asOf');
  checkLeads(leads);
  return steps(null, leads.filter((l) => l.createdDate <= asOf), opportunities, openStagesInOrder(stageDefinitions), asOf, true);
}

/**
 * The same steps by cohort: leads by the month they were created, opportunities by the month
 * they were opened (so a month's lead step and its opportunity steps are different groups).
 * Young cohorts have more still open; compare rates only where `open` is small.
 */
export function conversionByCohort(leads: readonly LeadRow[], opportunities: readonly OpportunityState[], stageDefinitions: readonly StageDefinition[], asOf: string): ConversionStep[] {
  checkDate(asOf, 'asOf');
  checkLeads(leads);
  const open = openStagesInOrder(stageDefinitions);
  const created = leads.filter((l) => l.createdDate <= asOf);
  const months = [...new Set([...created.map((l) => monthOf(l.createdDate)), ...opportunities.map((o) => monthOf(o.createdDate))])].sort();
  return months.flatMap((m) => {
    const monthLeads = created.filter((l) => monthOf(l.createdDate) === m);
    const monthOpportunities = opportunities.filter((o) => monthOf(o.createdDate) === m);
    // A lead's opportunity may open in a later month: the lead step looks at all of them.
    const leadStep = steps(m, monthLeads, opportunities, [], asOf, true);
    return [...leadStep, ...steps(m, [], monthOpportunities, open, asOf, false)];
  });
}
