import { daysBetween } from '../statements/periods.js';
import { checkDate, checkStageRows, checkStages, openStagesInOrder } from './checks.js';
import { mean, quantile } from './percentile.js';
import type { OpportunityStageRow, StageDefinition } from './types.js';

/**
 * Days spent in each open stage. `completed` stays are entries that had left the stage by the end
 * of `asOf` (left − entered, in days; a stage entered twice counts twice); their median and 90th
 * percentile use quantile() (linear interpolation, type 7). Stays still running are right-
 * censored, so they are kept apart: `inStage` of them, aged `medianAgeDays` (asOf − entered).
 * Null statistics mean there is no stay to measure.
 */
export interface StageDuration {
  stageCode: string;
  position: number;
  completed: number;
  medianDays: number | null;
  p90Days: number | null;
  meanDays: number | null;
  inStage: number;
  medianAgeDays: number | null;
}

export function stageDurations(rows: readonly OpportunityStageRow[], stageDefinitions: readonly StageDefinition[], asOf: string): StageDuration[] {
  checkDate(asOf, 'asOf');
  checkStageRows(rows, checkStages(stageDefinitions));
  return openStagesInOrder(stageDefinitions).map((s) => {
    const done: number[] = [];
    const ages: number[] = [];
    for (const r of rows) {
      if (r.stageCode !== s.code || r.enteredDate > asOf) continue;
      if (r.leftDate !== null && r.leftDate <= asOf) done.push(daysBetween(r.enteredDate, r.leftDate));
      else ages.push(daysBetween(r.enteredDate, asOf));
    }
    return {
      stageCode: s.code, position: s.position, completed: done.length,
      medianDays: quantile(done, 0.5), p90Days: quantile(done, 0.9), meanDays: mean(done),
      inStage: ages.length, medianAgeDays: quantile(ages, 0.5),
    };
  });
}
