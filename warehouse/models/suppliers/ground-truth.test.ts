import { describe, expect, it } from 'vitest';
import { compareWithTruth, supplierTruthFromManifest, type SupplierTruth } from './ground-truth.js';
import type { SupplierScore } from './scorecard.js';

const score = (supplierId: number, s: number | null): SupplierScore => ({
  supplierId, score: s, grade: null, standing: s === null ? null : s < 50 ? 'blocked' : 'approved', reason: '', trend: null, scoredPeriods: 1, period: '2024-01', criteria: [], history: [],
});

describe('scorecard against the ground truth', () => {
  const manifest = {
    suppliers: [
      { supplierId: 11, onTimeProbability: 0.9 },
      { supplierId: 12, onTimeProbability: 0.5 },
      { supplierId: 13, onTimeProbability: 0.7 },
      { supplierId: 14, onTimeProbability: 0.8 },
    ],
    supplierLifecycle: {
      suppliers: [
        { index: 0, capability: 90, defectRate: 0.01, lateBiasDays: 0, qualityIssue: 'none' as const },
        { index: 1, capability: 45, defectRate: 0.1, lateBiasDays: 3, qualityIssue: 'persists' as const },
        { index: 2, capability: 80, defectRate: 0.01, lateBiasDays: 1, qualityIssue: 'none' as const },
        { index: 3, capability: 70, defectRate: 0.02, lateBiasDays: 1, qualityIssue: 'recovers' as const },
      ],
    },
  };

  it('joins the manifest\'s two supplier lists by position', () => {
    expect(supplierTruthFromManifest(manifest)[1]).toEqual({ supplierId: 12, capability: 45, defectRate: 0.1, lateBiasDays: 3, onTimeProbability: 0.5, qualityIssue: 'persists' });
  });

  it('correlates the ranking with each truth, oriented so +1 is perfect, and places the problem suppliers', () => {
    const truth: SupplierTruth[] = supplierTruthFromManifest(manifest);
    const scores = [score(11, 92), score(12, 40), score(13, 75), score(14, 80), score(15, 60), score(16, null)];
    const c = compareWithTruth(scores, truth);
    expect(c.suppliers).toBe(4); // 15 is not in the truth, 16 not scored
    expect(c.spearman.capability).toBeCloseTo(0.8, 12); // ranks 4,1,2,3 vs 4,1,3,2: Σd² = 2 → 1 − 12/60
    // −defect rate: −0.01, −0.1, −0.01, −0.02 → ranks 3.5, 1, 3.5, 2 against score ranks 4, 1, 2, 3
    // (means 2.5): Σdxdy = 1.5 + 2.25 − 0.5 − 0.25 = 3, Σdx² = 5, Σdy² = 4.5.
    expect(c.spearman.defectRate).toBeCloseTo(3 / Math.sqrt(5 * 4.5), 12);
    expect(c.spearman.onTimeProbability).toBe(1);
    expect(c.qualityIssues).toEqual([
      { supplierId: 14, qualityIssue: 'recovers', rank: 2, of: 4, score: 80, standing: 'approved' },
      { supplierId: 12, qualityIssue: 'persists', rank: 4, of: 4, score: 40, standing: 'blocked' },
    ]);
  });
});
