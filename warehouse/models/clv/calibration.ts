/**
 * Calibration/holdout check for a fitted BG/NBD model: customers are grouped by their
 * calibration-period repeat frequency (0..6 and 7+, as in FHL 2005 fig. 3), and the
 * mean predicted purchases in the holdout are set beside the mean actually observed.
 * A model that fits the calibration data but mis-ranks customers shows up here as
 * predictions that are too flat across groups.
 */
import { conditionalExpectation } from './bgnbd-expectation.js';
import type { BgNbdModel } from './bgnbd-params.js';
import { validateBgNbdParams } from './bgnbd-params.js';
import type { CustomerSummaries, CustomerSummary, Duration } from './units.js';
import { assertSameUnit, durationValueIn } from './units.js';
import { validateSummary } from './validate.js';

export interface HoldoutRow extends CustomerSummary {
  /** Purchases observed in the holdout period following T. */
  readonly holdoutPurchases: number;
}

export interface CalibrationGroup {
  /** '0'..'6' or '7+'. */
  readonly label: string;
  readonly customers: number;
  /** Mean over the group's customers; null when the group is empty. */
  readonly meanPredicted: number | null;
  readonly meanActual: number | null;
}

export interface CalibrationReport {
  readonly groups: readonly CalibrationGroup[];
  readonly overall: {
    readonly customers: number;
    readonly meanPredicted: number;
    readonly meanActual: number;
    /** Mean over customers of |predicted - actual|. */
    readonly mae: number;
    /** Mean over customers of predicted - actual (positive: the model over-forecasts). */
    readonly bias: number;
  };
}

const GROUPS = 8; // 0..6 and 7+

export function calibrationHoldoutReport(
  model: BgNbdModel,
  input: readonly HoldoutRow[] | CustomerSummaries<HoldoutRow>,
  holdoutLength: Duration,
): CalibrationReport {
  validateBgNbdParams(model, 'calibrationHoldoutReport');
  const t = durationValueIn(holdoutLength, model.unit, 'calibrationHoldoutReport holdoutLength');
  const rows = Array.isArray(input) ? (input as readonly HoldoutRow[]) : (input as CustomerSummaries<HoldoutRow>).rows;
  if (!Array.isArray(input)) assertSameUnit(model.unit, (input as CustomerSummaries<HoldoutRow>).unit, 'calibrationHoldoutReport rows');
  if (rows.length === 0) throw new Error('calibrationHoldoutReport: no customers');
  const count = new Array<number>(GROUPS).fill(0);
  const predicted = new Array<number>(GROUPS).fill(0);
  const actual = new Array<number>(GROUPS).fill(0);
  let absError = 0;
  let signedError = 0;
  rows.forEach((row, i) => {
    validateSummary(row, i);
    if (!Number.isInteger(row.holdoutPurchases) || row.holdoutPurchases < 0) {
      throw new Error(`rows[${i}].holdoutPurchases must be a non-negative integer, got ${String(row.holdoutPurchases)}`);
    }
    const g = Math.min(row.frequency, GROUPS - 1);
    const prediction = conditionalExpectation(model, t, row);
    count[g]! += 1;
    predicted[g]! += prediction;
    actual[g]! += row.holdoutPurchases;
    absError += Math.abs(prediction - row.holdoutPurchases);
    signedError += prediction - row.holdoutPurchases;
  });
  const n = rows.length;
  const groups = count.map((c, g) => ({
    label: g === GROUPS - 1 ? `${g}+` : `${g}`,
    customers: c,
    meanPredicted: c === 0 ? null : predicted[g]! / c,
    meanActual: c === 0 ? null : actual[g]! / c,
  }));
  const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
  return {
    groups,
    overall: {
      customers: n,
      meanPredicted: sum(predicted) / n,
      meanActual: sum(actual) / n,
      mae: absError / n,
      bias: signedError / n,
    },
  };
}
