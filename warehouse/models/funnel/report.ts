import { backtestCalibration, type CalibrationBacktest } from './backtest.js';
import { calibrateStageProbabilities, DEFAULT_PRIOR_STRENGTH, type StageCalibration } from './calibration.js';
import { campaignCosts, type CampaignCostRow } from './campaign-cost.js';
import { conversionByCohort, conversionSnapshot, type ConversionStep } from './conversion.js';
import { lostReasons, type LostReasonRow } from './lost-reasons.js';
import { opportunitiesAsOf } from './opportunities.js';
import { leadStageCounts, opportunityStageCounts, type LeadStageCount, type OpportunityStageCount } from './stage-counts.js';
import { stageDurations, type StageDuration } from './stage-duration.js';
import type { CampaignRow, LeadRow, OpportunityStageRow, StageDefinition } from './types.js';
import { salesVelocity, type VelocityRow } from './velocity.js';
import { weightedPipeline, type WeightedPipelineRow } from './weighted-pipeline.js';
import { winRateOf, winRates, type WinRateRow } from './win-rate.js';

export interface FunnelInputs {
  leads: readonly LeadRow[];
  stages: readonly OpportunityStageRow[];
  stageDefinitions: readonly StageDefinition[];
  campaigns: readonly CampaignRow[];
}

export interface FunnelOptions {
  /** The end of this day is "now": what was open, how old, what had closed. */
  asOf: string;
  /** Beta prior pseudo-count for the calibrated probabilities (default 2). */
  priorStrength?: number;
  /** Velocity and lost reasons count closes on or after this day (default: all). */
  since?: string;
  /** When given (before asOf), the calibration is backtested from this cut-off. */
  backtestCutOff?: string;
}

export interface FunnelReport {
  asOf: string;
  leadStages: LeadStageCount[];
  opportunityStages: OpportunityStageCount[];
  conversion: ConversionStep[];
  conversionByCohort: ConversionStep[];
  stageDurations: StageDuration[];
  /** All opportunities together, then by dimension. */
  overall: Omit<WinRateRow, 'dimension' | 'key'>;
  winRates: WinRateRow[];
  calibration: StageCalibration[];
  weightedPipeline: WeightedPipelineRow[];
  velocity: VelocityRow[];
  lostReasons: LostReasonRow[];
  campaigns: CampaignCostRow[];
  backtest: CalibrationBacktest | null;
}

/** Every funnel output at the end of `asOf`, from the warehouse's rows. */
export function funnelReport(inputs: FunnelInputs, options: FunnelOptions): FunnelReport {
  const { asOf } = options;
  const opportunities = opportunitiesAsOf(inputs.stages, inputs.stageDefinitions, asOf);
  const calibration = calibrateStageProbabilities(opportunities, inputs.stageDefinitions, options.priorStrength ?? DEFAULT_PRIOR_STRENGTH);
  const since = options.since === undefined ? {} : { since: options.since };
  return {
    asOf,
    leadStages: leadStageCounts(inputs.leads, opportunities, asOf),
    opportunityStages: opportunityStageCounts(opportunities, inputs.stageDefinitions),
    conversion: conversionSnapshot(inputs.leads, opportunities, inputs.stageDefinitions, asOf),
    conversionByCohort: conversionByCohort(inputs.leads, opportunities, inputs.stageDefinitions, asOf),
    stageDurations: stageDurations(inputs.stages, inputs.stageDefinitions, asOf),
    overall: winRateOf(opportunities),
    winRates: winRates(opportunities),
    calibration,
    weightedPipeline: weightedPipeline(opportunities, calibration),
    velocity: salesVelocity(opportunities, since),
    lostReasons: lostReasons(opportunities, since),
    campaigns: campaignCosts(inputs.campaigns, inputs.leads, opportunities, asOf),
    backtest: options.backtestCutOff === undefined ? null : backtestCalibration(inputs.stages, inputs.stageDefinitions, { cutOff: options.backtestCutOff, asOf, priorStrength: options.priorStrength ?? DEFAULT_PRIOR_STRENGTH }),
  };
}
