import { describe, expect, it } from 'vitest';
import { ExpressionError } from './expression.js';
import { compileScorecard, decayedMean, decayWeight, DEFAULT_SCORECARD, gradeOf, scorePeriod, scoreSuppliers, ScorecardError, standingOf, type ScorecardConfig } from './scorecard.js';
import type { SupplierPeriodVariables } from './variables.js';

const evidence = { inspectedLines: 0, dueLines: 0, orderedLines: 0, receipts: 0, answeredStatementLines: 0, audits: 0 };
const v = (supplierId: number, period: string, values: Record<string, number | null>): SupplierPeriodVariables => ({ supplierId, period, values, evidence });

const config: ScorecardConfig = {
  name: 'test',
  criteria: [
    { name: 'a', formula: '100 * otif_rate', weight: 0.6 },
    { name: 'b', formula: 'audit_score', weight: 0.4 },
  ],
  halfLifePeriods: 1,
  grades: { A: 85, B: 70, C: 55 },
  standings: { preferred: 85, approved: 65, watch: 50 },
  minScoredPeriods: 1,
};

const variables = [
  v(1, '2024-03', { otif_rate: 0.9, audit_score: 90 }),
  v(1, '2024-01', { otif_rate: 0.5, audit_score: 80 }),
  v(1, '2024-02', { otif_rate: 1, audit_score: null }),
  v(2, '2024-01', { otif_rate: null, audit_score: null }),
  v(2, '2024-02', { otif_rate: 0.4, audit_score: 50 }),
  v(2, '2024-03', {}),
  v(3, '2024-01', {}),
  v(3, '2024-02', {}),
  v(3, '2024-03', {}),
];

describe('supplier scorecard', () => {
  it('the default scorecard compiles, its weights sum to 1 and it uses only available variables', () => {
    const compiled = compileScorecard(DEFAULT_SCORECARD);
    expect(compiled.criteria).toHaveLength(DEFAULT_SCORECARD.criteria.length);
    expect(DEFAULT_SCORECARD.criteria.reduce((s, c) => s + c.weight, 0)).toBeCloseTo(1, 12);
  });

  it('scores a period as the weighted mean of its criteria with data, clamped to 0–100', () => {
    const compiled = compileScorecard({ ...config, criteria: [{ name: 'a', formula: '150 * otif_rate', weight: 0.5 }, { name: 'b', formula: 'audit_score - 200', weight: 0.5 }] });
    expect(scorePeriod(compiled, v(1, '2024-01', { otif_rate: 0.9, audit_score: 90 }))).toEqual({ period: '2024-01', score: 50, criteria: { a: 100, b: 0 } });
    expect(scorePeriod(compileScorecard(config), v(1, '2024-01', { otif_rate: 0.5, audit_score: null }))).toEqual({ period: '2024-01', score: 50, criteria: { a: 50, b: null } });
  });

  it('weighs recent periods more by the half-life', () => {
    expect(decayWeight(0, 3)).toBe(1);
    expect(decayWeight(3, 3)).toBe(0.5);
    expect(decayWeight(6, 3)).toBe(0.25);
    // 90 now, 60 three periods ago (half the weight): (90 + 0.5·60) / 1.5 = 80.
    expect(decayedMean([{ age: 0, value: 90 }, { age: 3, value: 60 }, { age: 1, value: null }], 3)).toBeCloseTo(80, 12);
    expect(decayedMean([{ age: 0, value: null }], 3)).toBeNull();
  });

  it('gives the overall score, grade, standing, trend and reason, by hand', () => {
    const [s1, s2, s3] = scoreSuppliers(variables, config);
    // Period scores: Jan 0.6·50 + 0.4·80 = 62, Feb 100 (audit missing: a alone), Mar 90.
    expect(s1!.history.map((h) => h.score)).toEqual([62, 100, 90]);
    // Weights 0.25, 0.5, 1 (half-life one period): (15.5 + 50 + 90) / 1.75.
    expect(s1!.score).toBeCloseTo(155.5 / 1.75, 12);
    expect(s1!.criteria.map((c) => c.score)).toEqual([expect.closeTo(152.5 / 1.75, 12), expect.closeTo(110 / 1.25, 12)]);
    expect(s1).toMatchObject({ grade: 'A', standing: 'preferred', trend: -10, scoredPeriods: 3, period: '2024-03' });
    expect(s1!.reason).toBe('preferred (score 88.9, grade A): weakest criteria a 87.1, b 88.0');

    // Only February scored: 0.6·40 + 0.4·50 = 44.
    expect(s2).toMatchObject({ score: 44, grade: 'D', standing: 'blocked', trend: null, scoredPeriods: 1 });
    expect(s2!.reason).toBe('blocked (score 44.0, grade D): weakest criteria a 40.0, b 50.0');

    expect(s3).toMatchObject({ supplierId: 3, score: null, grade: null, standing: null, reason: 'not scored: no period had data for any criterion' });
  });

  it('leaves a supplier unscored below the minimum number of scored periods', () => {
    const [, s2] = scoreSuppliers(variables, { ...config, minScoredPeriods: 2 });
    expect(s2).toMatchObject({ score: null, standing: null, reason: 'not scored: only 1 period scored, 2 needed' });
  });

  it('names the criteria without data in the reason', () => {
    const [s] = scoreSuppliers([v(9, '2024-01', { otif_rate: 0.7 })], config);
    expect(s!.reason).toBe('approved (score 70.0, grade B): weakest criteria a 70.0; no data for b');
  });

  it('places scores on the standing and grade thresholds (a threshold belongs to the better class)', () => {
    const st = config.standings;
    expect([85, 84.99, 65, 64.99, 50, 49.99, 0].map((s) => standingOf(s, st))).toEqual(['preferred', 'approved', 'approved', 'watch', 'watch', 'blocked', 'blocked']);
    expect([100, 85, 84.9, 70, 69.9, 55, 54.9].map((s) => gradeOf(s, config.grades))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D']);
    const strict = { preferred: 95, approved: 90, watch: 80 };
    expect([96, 91, 85, 79].map((s) => standingOf(s, strict))).toEqual(['preferred', 'approved', 'watch', 'blocked']);
  });

  it('refuses a scorecard whose weights, thresholds or criteria are wrong, naming the field', () => {
    const bad = (patch: Partial<ScorecardConfig>) => () => compileScorecard({ ...config, ...patch });
    expect(bad({ criteria: [{ name: 'a', formula: '1', weight: 0.5 }, { name: 'b', formula: '2', weight: 0.4 }] })).toThrow(new ScorecardError('weights', 'criteria', 'the weights sum to 0.9, not 1'));
    expect(bad({ criteria: [{ name: 'a', formula: '1', weight: 1.2 }, { name: 'b', formula: '2', weight: -0.2 }] })).toThrow(/criteria.1.weight/);
    expect(bad({ criteria: [{ name: 'a', formula: '1', weight: 0.5 }, { name: 'a', formula: '2', weight: 0.5 }] })).toThrow(/defined twice/);
    expect(bad({ criteria: [{ name: 'Bad Name', formula: '1', weight: 1 }] })).toThrow(/criteria.0.name/);
    expect(bad({ criteria: [] })).toThrow(ScorecardError);
    expect(bad({ standings: { preferred: 60, approved: 65, watch: 50 } })).toThrow(/standings.preferred: 60 is below/);
    expect(bad({ grades: { A: 85, B: 70, C: 101 } })).toThrow(/grades.C/);
    expect(bad({ halfLifePeriods: 0 })).toThrow(/halfLifePeriods/);
    expect(bad({ minScoredPeriods: 0.5 })).toThrow(/minScoredPeriods/);
  });

  it('refuses unknown and unavailable variables with the criterion and position', () => {
    const withFormula = (formula: string) => () => compileScorecard({ ...config, criteria: [{ name: 'compliance', formula, weight: 1 }] });
    expect(withFormula('100 * valid_certificate_share')).toThrow(ExpressionError);
    expect(withFormula('100 * valid_certificate_share')).toThrow(/criterion 'compliance': unknown variable 'valid_certificate_share' \(documented but unavailable: certificates .*\) at position 6/);
    expect(withFormula('100 * otif')).toThrow(/unknown variable 'otif' \(variables: acceptance_rate, .*\) at position 6/);
    expect(withFormula('audit_section_qms + 1')).not.toThrow();
    expect(withFormula('(otif_rate')).toThrow(/criterion 'compliance': expected '\)'/);
  });
});
