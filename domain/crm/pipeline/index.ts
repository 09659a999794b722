/** The CRM sales pipeline: campaigns, leads and pools, follow-ups and activities, conversion, opportunities. */
export { addLeadSource, createCampaign, CAMPAIGN_CHANNELS } from './campaigns.js';
export { setRegionPipelineSettings, regionPipelineSettings, setRepPool, setAssignmentRules, ASSIGNMENT_METHODS, type RegionPipelineSettings } from './settings.js';
export { createLead, updateLead, disqualifyLead } from './leads.js';
export { claimLead, releaseLead, claimAccount, releaseAccount, handOver, assignLeads, recycleStaleOwnership } from './ownership.js';
export { logActivity, completeFollowUp, scheduleFollowUp, ACTIVITY_METHODS } from './activities.js';
export { convertLead } from './conversion.js';
export {
  createOpportunity, moveOpportunityStage, winOpportunity, loseOpportunity, markOpportunityWon, markOpportunityLost, LOST_REASONS, type LostReason, type CloseResult,
} from './opportunities.js';
export { setPipelineStage, pipelineStages, type PipelineStage } from './stages.js';
export { planAssignments, type AssignmentPlan, type Candidate } from './assignment.js';
export { companyKey, emailKey, phoneKey, LEGAL_FORMS } from './keys.js';
export {
  reminders, activitiesForCustomer, opportunitiesForCustomer, opportunity, opportunityStageHistory, openPipelineLines, leadFunnel, listLeads,
  leadsByExternalRef, ownershipHistory, repPools, opportunitiesByName, accountOwners, listCampaigns, pipelineChecks,
  type Reminder, type ActivityRecord, type OpportunityRecord, type StageHistoryRow, type PipelineLine, type FunnelBySource, type FunnelByStage,
  type LeadRecord, type OwnershipChange, type RepPool, type CampaignRecord, type PipelineCheck,
} from './queries.js';
export type * from './tables.js';
