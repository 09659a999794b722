import { describe, expect, it } from 'vitest';
import { conversionByCohort, conversionSnapshot } from './conversion.js';
import { opportunitiesAsOf } from './opportunities.js';
import { AS_OF, LEADS, ROWS, STAGES } from './test-fixture.js';

const row = (s: { cohort: string | null; fromStage: string; toStage: string; entered: number; advanced: number; lost: number; open: number; rate: number | null }) =>
  [s.cohort, s.fromStage, s.toStage, s.entered, s.advanced, s.lost, s.open, s.rate];

describe('stage-to-stage conversion', () => {
  const opportunities = opportunitiesAsOf(ROWS, STAGES, AS_OF);

  it('snapshot: a won opportunity has passed every stage, a skipped stage counts as passed', () => {
    // Furthest position: 1 proposal (won), 2 needs analysis (lost), 3 qualification (won), 4 needs analysis (open), 5 qualification (lost), 6 qualification (open).
    expect(conversionSnapshot(LEADS, opportunities, STAGES, AS_OF).map(row)).toEqual([
      [null, 'lead', 'opportunity', 4, 3, 0, 1, 0.75],
      [null, 'qualification', 'needs_analysis', 6, 4, 1, 1, 4 / 6],
      [null, 'needs_analysis', 'proposal', 4, 2, 1, 1, 0.5],
      [null, 'proposal', 'won', 2, 2, 0, 0, 1],
    ]);
  });

  it('by cohort: leads by their month, opportunities by theirs', () => {
    expect(conversionByCohort(LEADS, opportunities, STAGES, AS_OF).map(row)).toEqual([
      ['2024-01', 'lead', 'opportunity', 2, 2, 0, 0, 1],
      ['2024-01', 'qualification', 'needs_analysis', 2, 2, 0, 0, 1],
      ['2024-01', 'needs_analysis', 'proposal', 2, 1, 1, 0, 0.5],
      ['2024-01', 'proposal', 'won', 1, 1, 0, 0, 1],
      ['2024-02', 'lead', 'opportunity', 2, 1, 0, 1, 0.5],
      ['2024-02', 'qualification', 'needs_analysis', 4, 2, 1, 1, 0.5],
      ['2024-02', 'needs_analysis', 'proposal', 2, 1, 0, 1, 0.5],
      ['2024-02', 'proposal', 'won', 1, 1, 0, 0, 1],
    ]);
  });

  it('gives a null rate, not NaN, when nothing entered', () => {
    expect(conversionSnapshot([], [], STAGES, AS_OF).map((s) => s.rate)).toEqual([null, null, null, null]);
  });
});
