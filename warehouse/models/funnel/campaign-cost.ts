import { checkCampaigns, checkDate, checkLeads } from './checks.js';
import { divideRounded } from './money.js';
import type { OpportunityState } from './opportunities.js';
import type { CampaignRow, LeadRow } from './types.js';

/**
 * What each campaign started by `asOf` brought in and cost per lead and per won deal, in minor
 * units of the campaign's currency rounded half away from zero. The cost is the campaign's
 * whole cost as recorded (not spread over its days). costPerLead is null with no leads,
 * costPerWonDeal null with no won deal: there is no unit to divide by.
 */
export interface CampaignCostRow {
  campaignId: number;
  code: string;
  channel: string;
  sourceCode: string;
  currency: string;
  cost: number;
  leads: number;
  opportunities: number;
  won: number;
  costPerLead: number | null;
  costPerWonDeal: number | null;
}

export function campaignCosts(campaigns: readonly CampaignRow[], leads: readonly LeadRow[], opportunities: readonly OpportunityState[], asOf: string): CampaignCostRow[] {
  checkDate(asOf, 'asOf');
  checkCampaigns(campaigns);
  checkLeads(leads);
  return campaigns
    .filter((c) => c.startDate <= asOf)
    .sort((a, b) => a.campaignId - b.campaignId)
    .map((c) => {
      const leadCount = leads.filter((l) => l.campaignId === c.campaignId && l.createdDate <= asOf).length;
      const mine = opportunities.filter((o) => o.campaignId === c.campaignId);
      const won = mine.filter((o) => o.status === 'won').length;
      return {
        campaignId: c.campaignId, code: c.code, channel: c.channel, sourceCode: c.sourceCode, currency: c.currency, cost: c.cost,
        leads: leadCount, opportunities: mine.length, won,
        costPerLead: leadCount === 0 ? null : divideRounded(c.cost, leadCount),
        costPerWonDeal: won === 0 ? null : divideRounded(c.cost, won),
      };
    });
}
