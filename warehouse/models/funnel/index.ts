/**
 * The sales funnel: leads and opportunities per stage, stage-to-stage conversion (snapshot and
 * by creation-month cohort), days in stage (median and 90th percentile, linear interpolation),
 * win rate and cycle length by source, campaign, owner, region and segment, the probability-
 * weighted pipeline, sales velocity, lost reasons, campaign cost per lead and per won deal, and
 * win probabilities calibrated on past outcomes with a Brier-score backtest against the nominal
 * ones. Pure functions over the rows of fact_lead, fact_opportunity_stage and dim_campaign.
 *
 * Typical use: `funnelReport({ leads, stages, stageDefinitions, campaigns }, { asOf })`, or
 * `opportunitiesAsOf(stages, stageDefinitions, asOf)` then the single functions.
 */
export { FunnelInputError, LEAD_STATUSES, OUTCOMES } from './types.js';
export type { CampaignRow, LeadRow, LeadStatus, OpportunityStageRow, Outcome, StageDefinition } from './types.js';
/** Quantile by linear interpolation between closest ranks (type 7, as DuckDB quantile_cont and Postgres percentile_cont). */
export { quantile as linearQuantile } from './percentile.js';
export { campaignRowsFromRecords, leadRowsFromRecords, stageDefinitionsFromRecords, stageRowsFromRecords } from './from-rows.js';
export { opportunitiesAsOf, type OpportunityState, type StageVisit } from './opportunities.js';
export { leadStageCounts, opportunityStageCounts, type LeadStageCount, type OpportunityStageCount } from './stage-counts.js';
export { conversionByCohort, conversionSnapshot, type ConversionStep } from './conversion.js';
export { stageDurations, type StageDuration } from './stage-duration.js';
export { WIN_RATE_DIMENSIONS, winRateOf, winRates, type WinRateDimension, type WinRateRow } from './win-rate.js';
export { calibrateStageProbabilities, DEFAULT_PRIOR_STRENGTH, type StageCalibration } from './calibration.js';
export { weightedPipeline, type WeightedPipelineRow } from './weighted-pipeline.js';
export { salesVelocity, type VelocityRow } from './velocity.js';
export { lostReasons, type LostReasonRow } from './lost-reasons.js';
export { campaignCosts, type CampaignCostRow } from './campaign-cost.js';
export { backtestCalibration, type BacktestRow, type CalibrationBacktest } from './backtest.js';
export { funnelReport, type FunnelInputs, type FunnelOptions, type FunnelReport } from './report.js';
