import { isIsoDate } from '../statements/periods.js';
import { FunnelInputError, LEAD_STATUSES, OUTCOMES, type CampaignRow, type LeadRow, type OpportunityStageRow, type StageDefinition } from './types.js';

/**
 * Input checks shared by the funnel functions. Each names the offending row and field, so a bad
 * record among thousands is found without bisecting.
 */
export function checkDate(value: unknown, field: string): void {
  if (typeof value !== 'string' || !isIsoDate(value)) throw new FunnelInputError(`must be a date as YYYY-MM-DD, got ${String(value)}`, field);
}

function checkOptionalDate(value: unknown, field: string): void {
  if (value !== null) checkDate(value, field);
}

function checkInteger(value: unknown, field: string, min = Number.MIN_SAFE_INTEGER): void {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) throw new FunnelInputError(`must be a whole number${min === 0 ? ' ≥ 0' : ''}, got ${String(value)}`, field);
}

export function checkLeads(leads: readonly LeadRow[]): void {
  leads.forEach((l, i) => {
    const at = `leads[${i}]`;
    checkInteger(l.leadId, `${at}.leadId`);
    if (!LEAD_STATUSES.includes(l.status)) throw new FunnelInputError(`must be one of ${LEAD_STATUSES.join(', ')}, got ${String(l.status)}`, `${at}.status`);
    checkDate(l.createdDate, `${at}.createdDate`);
    checkOptionalDate(l.closedDate, `${at}.closedDate`);
    const closed = l.status === 'converted' || l.status === 'disqualified';
    if (closed !== (l.closedDate !== null)) throw new FunnelInputError(`a ${l.status} lead ${closed ? 'needs' : 'has no'} closed date`, `${at}.closedDate`);
    if (l.closedDate !== null && l.closedDate < l.createdDate) throw new FunnelInputError('precedes the created date', `${at}.closedDate`);
  });
}

export function checkStageRows(rows: readonly OpportunityStageRow[], stages: ReadonlyMap<string, StageDefinition>): void {
  rows.forEach((r, i) => {
    const at = `stages[${i}]`;
    checkInteger(r.opportunityId, `${at}.opportunityId`);
    checkInteger(r.entryNo, `${at}.entryNo`, 1);
    if (!stages.has(r.stageCode)) throw new FunnelInputError(`unknown stage '${r.stageCode}'`, `${at}.stageCode`);
    checkInteger(r.winProbabilityBp, `${at}.winProbabilityBp`, 0);
    if (r.winProbabilityBp > 10_000) throw new FunnelInputError(`must be at most 10000, got ${r.winProbabilityBp}`, `${at}.winProbabilityBp`);
    checkDate(r.enteredDate, `${at}.enteredDate`);
    checkOptionalDate(r.leftDate, `${at}.leftDate`);
    if (r.leftDate !== null && r.leftDate < r.enteredDate) throw new FunnelInputError('precedes the entered date', `${at}.leftDate`);
    if (!OUTCOMES.includes(r.outcome)) throw new FunnelInputError(`must be open, won or lost, got ${String(r.outcome)}`, `${at}.outcome`);
    checkInteger(r.amount, `${at}.amount`, 0);
    checkDate(r.opportunityCreatedDate, `${at}.opportunityCreatedDate`);
    checkOptionalDate(r.closedDate, `${at}.closedDate`);
    if ((r.outcome === 'open') !== (r.closedDate === null)) throw new FunnelInputError(`an opportunity ${r.outcome} ${r.outcome === 'open' ? 'has no' : 'needs a'} closed date`, `${at}.closedDate`);
    if (r.enteredDate < r.opportunityCreatedDate) throw new FunnelInputError('precedes the opportunity\'s creation', `${at}.enteredDate`);
  });
}

export function checkStages(stages: readonly StageDefinition[]): Map<string, StageDefinition> {
  const byCode = new Map<string, StageDefinition>();
  stages.forEach((s, i) => {
    const at = `stageDefinitions[${i}]`;
    if (byCode.has(s.code)) throw new FunnelInputError(`stage '${s.code}' is listed twice`, `${at}.code`);
    if (!OUTCOMES.includes(s.outcome)) throw new FunnelInputError(`must be open, won or lost, got ${String(s.outcome)}`, `${at}.outcome`);
    checkInteger(s.position, `${at}.position`);
    checkInteger(s.probabilityBp, `${at}.probabilityBp`, 0);
    if (s.probabilityBp > 10_000) throw new FunnelInputError(`must be at most 10000, got ${s.probabilityBp}`, `${at}.probabilityBp`);
    byCode.set(s.code, s);
  });
  return byCode;
}

export function checkCampaigns(campaigns: readonly CampaignRow[]): void {
  campaigns.forEach((c, i) => {
    const at = `campaigns[${i}]`;
    checkInteger(c.campaignId, `${at}.campaignId`);
    checkDate(c.startDate, `${at}.startDate`);
    checkInteger(c.cost, `${at}.cost`, 0);
  });
}

/** The open stages in pipeline order (position, then code). */
export const openStagesInOrder = (stages: readonly StageDefinition[]): StageDefinition[] =>
  stages.filter((s) => s.outcome === 'open').sort((a, b) => a.position - b.position || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));

/** 'YYYY-MM' of an ISO day. */
export const monthOf = (iso: string) => iso.slice(0, 7);
