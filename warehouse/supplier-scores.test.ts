import { describe, expect, it } from 'vitest';
import { DEFAULT_SCORECARD, type SupplierScore } from './models/suppliers/index.js';
import { scorecardVersion, standingRows, supplierScoreTables, type SupplierScores } from './supplier-scores.js';

const supplier = (supplierId: number, score: number | null): SupplierScore & { code: string; legalName: string; status: string } => ({
  supplierId, code: `S${supplierId}`, legalName: `Supplier ${supplierId}`, status: 'approved',
  score, grade: score === null ? null : 'C', standing: score === null ? null : 'watch', reason: score === null ? 'not scored: no period had data for any criterion' : 'watch (score 60.0, grade C): weakest criteria quality 10.0',
  trend: null, scoredPeriods: score === null ? 0 : 1, period: '2024-02',
  criteria: [], history: [{ period: '2024-01', score: null, criteria: { quality: null } }, { period: '2024-02', score, criteria: { quality: score === null ? null : 10 } }],
});

const run: SupplierScores = {
  asOf: '2024-02-20', grain: 'month', from: '2024-01-01', scorecard: DEFAULT_SCORECARD,
  suppliers: [supplier(1, 60), supplier(2, null)],
  variables: [{ supplierId: 1, period: '2024-02', values: { defects_ppm: 90_000, otif_rate: null }, evidence: { inspectedLines: 1, dueLines: 0, orderedLines: 0, receipts: 1, answeredStatementLines: 0, audits: 0 } }],
};

describe('supplier scores for storing', () => {
  it('versions the scorecard by its content', () => {
    expect(scorecardVersion()).toMatch(/^supplier-scorecard\/1:[0-9a-f]{12}$/);
    expect(scorecardVersion({ ...DEFAULT_SCORECARD, name: 'renamed' })).toBe(scorecardVersion());
    expect(scorecardVersion({ ...DEFAULT_SCORECARD, halfLifePeriods: 6 })).not.toBe(scorecardVersion());
    const [a, b, ...rest] = DEFAULT_SCORECARD.criteria;
    expect(scorecardVersion({ ...DEFAULT_SCORECARD, criteria: [{ ...a!, weight: a!.weight + 0.05 }, { ...b!, weight: b!.weight - 0.05 }, ...rest] })).not.toBe(scorecardVersion());
  });

  it('gives the standing rows of the scored suppliers only', () => {
    expect(standingRows(run)).toEqual([{ supplierId: 1, standing: 'watch', score: 60, grade: 'C', reason: 'watch (score 60.0, grade C): weakest criteria quality 10.0', period: '2024-02' }]);
  });

  it('flattens a run into supplier, criterion and variable rows', () => {
    const t = supplierScoreTables(run, 'v1');
    expect(t.supplier.map((r) => [r.supplier_id, r.score, r.standing])).toEqual([[1, 60, 'watch'], [2, null, null]]);
    expect(t.criterion.filter((r) => r.supplier_id === 1)).toEqual([
      { as_of: '2024-02-20', model_version: 'v1', supplier_id: 1, period: '2024-01', criterion: '*', score: null },
      { as_of: '2024-02-20', model_version: 'v1', supplier_id: 1, period: '2024-01', criterion: 'quality', score: null },
      { as_of: '2024-02-20', model_version: 'v1', supplier_id: 1, period: '2024-02', criterion: '*', score: 60 },
      { as_of: '2024-02-20', model_version: 'v1', supplier_id: 1, period: '2024-02', criterion: 'quality', score: 10 },
    ]);
    expect(t.variable).toEqual([
      { as_of: '2024-02-20', supplier_id: 1, period: '2024-02', variable: 'defects_ppm', value: 90_000 },
      { as_of: '2024-02-20', supplier_id: 1, period: '2024-02', variable: 'otif_rate', value: null },
    ]);
  });
});
