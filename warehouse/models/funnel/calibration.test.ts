import { describe, expect, it } from 'vitest';
import { backtestCalibration } from './backtest.js';
import { calibrateStageProbabilities } from './calibration.js';
import { opportunitiesAsOf } from './opportunities.js';
import { AS_OF, ROWS, STAGES } from './test-fixture.js';
import { FunnelInputError } from './types.js';

describe('win probability calibrated on past outcomes', () => {
  const opportunities = opportunitiesAsOf(ROWS, STAGES, AS_OF);

  it('shrinks each stage\'s observed share won toward the overall win rate', () => {
    // Closed: 1 won, 2 lost, 3 won, 5 lost → p₀ = 0.5. Qualification: all four, 2 won → (2 + 1) ÷ 6.
    // Needs analysis: 1 and 2 → (1 + 1) ÷ 4. Proposal: only 1, won → (1 + 1) ÷ 3, not 100%.
    const rows = calibrateStageProbabilities(opportunities, STAGES, 2);
    expect(rows.map((r) => [r.stageCode, r.nominalProbability, r.closed, r.won, r.observedRate, r.priorMean, r.calibratedProbability])).toEqual([
      ['qualification', 0.1, 4, 2, 0.5, 0.5, 0.5],
      ['needs_analysis', 0.25, 2, 1, 0.5, 0.5, 0.5],
      ['proposal', 0.5, 1, 1, 1, 0.5, 2 / 3],
    ]);
  });

  it('without a prior is the raw share; with nothing closed is null', () => {
    expect(calibrateStageProbabilities(opportunities, STAGES, 0).map((r) => r.calibratedProbability)).toEqual([0.5, 0.5, 1]);
    const early = opportunitiesAsOf(ROWS, STAGES, '2024-01-20');
    expect(calibrateStageProbabilities(early, STAGES).map((r) => [r.priorMean, r.calibratedProbability])).toEqual([[null, null], [null, null], [null, null]]);
    expect(() => calibrateStageProbabilities(opportunities, STAGES, -1)).toThrow(FunnelInputError);
  });
});

describe('Brier backtest of calibrated against nominal probabilities', () => {
  it('scores stage visits of opportunities closed after the cut-off', () => {
    // By 31 January: 1 won, 2 lost → qualification (1 + 1) ÷ 4 = 0.5. After: 3 won and 5 lost, both seen only in qualification at 10%.
    // Nominal: ((0.1 − 1)² + 0.1²) ÷ 2 = 0.41. Calibrated: (0.25 + 0.25) ÷ 2 = 0.25. Nothing was open at the cut-off and closed since.
    const { results, calibration } = backtestCalibration(ROWS, STAGES, { cutOff: '2024-01-31', asOf: AS_OF, priorStrength: 2 });
    expect(calibration[0]!.calibratedProbability).toBe(0.5);
    expect(results[0]!).toMatchObject({ set: 'stage_visits', predictions: 2, won: 1, calibratedBetter: true });
    expect(results[0]!.brierNominal).toBeCloseTo(0.41, 12);
    expect(results[0]!.brierCalibrated).toBeCloseTo(0.25, 12);
    expect(results[1]).toEqual({ set: 'open_at_cut_off', predictions: 0, won: 0, brierNominal: null, brierCalibrated: null, calibratedBetter: null });
  });

  it('scores the opportunities open at the cut-off from the stage they were in then', () => {
    // By 15 February: 1 won, 2 and 5 lost → p₀ = 1/3; qualification 1 of 3 won → (1 + 2/3) ÷ 5 = 1/3.
    // Open then and closed since: only 3 (won), in qualification: nominal (0.1 − 1)² = 0.81, calibrated (1/3 − 1)² = 4/9.
    const { results } = backtestCalibration(ROWS, STAGES, { cutOff: '2024-02-15', asOf: AS_OF, priorStrength: 2 });
    expect(results[1]!).toMatchObject({ set: 'open_at_cut_off', predictions: 1, won: 1, calibratedBetter: true });
    expect(results[1]!.brierNominal).toBeCloseTo(0.81, 12);
    expect(results[1]!.brierCalibrated).toBeCloseTo(4 / 9, 12);
  });

  it('has no calibrated score with nothing closed by the cut-off, and refuses a cut-off after asOf', () => {
    // Closed after 20 January: 1 (3 stages visited), 2 (2), 3 (1), 5 (1) → 7 stage visits, 2 opportunities open at the cut-off.
    const { results } = backtestCalibration(ROWS, STAGES, { cutOff: '2024-01-20', asOf: AS_OF });
    expect(results[1]).toMatchObject({ predictions: 2, won: 1, brierCalibrated: null });
    expect(results[0]).toMatchObject({ predictions: 7, brierCalibrated: null, calibratedBetter: null });
    expect(results[0]!.brierNominal).not.toBeNull();
    expect(() => backtestCalibration(ROWS, STAGES, { cutOff: AS_OF, asOf: '2024-02-01' })).toThrow(/cut-off must precede/);
  });
});
