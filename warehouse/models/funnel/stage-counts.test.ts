import { describe, expect, it } from 'vitest';
import { opportunitiesAsOf } from './opportunities.js';
import { leadStageCounts, opportunityStageCounts } from './stage-counts.js';
import { AS_OF, LEADS, ROWS, STAGES } from './test-fixture.js';

describe('stage counts', () => {
  it('counts leads per funnel step as of a date', () => {
    const counts = (asOf: string) => Object.fromEntries(leadStageCounts(LEADS, opportunitiesAsOf(ROWS, STAGES, asOf), asOf).map((c) => [c.stage, c.leads]));
    // Leads 1–4 exist; 1 converted, 2 disqualified, 3 and 4 open; opportunities on 1, 2 and 3.
    expect(counts(AS_OF)).toEqual({ created: 4, open: 2, with_opportunity: 3, converted: 1, disqualified: 1 });
    // On 20 January only leads 1 and 2, both still open, both with an opportunity.
    expect(counts('2024-01-20')).toEqual({ created: 2, open: 2, with_opportunity: 2, converted: 0, disqualified: 0 });
  });

  it('counts opportunities in each stage now and ever', () => {
    const rows = opportunityStageCounts(opportunitiesAsOf(ROWS, STAGES, AS_OF), STAGES);
    expect(rows.map((r) => [r.stageCode, r.current, r.everEntered])).toEqual([
      ['qualification', 1, 6], ['needs_analysis', 1, 3], ['proposal', 0, 1], ['won', 2, 2], ['lost', 2, 2],
    ]);
    const then = opportunityStageCounts(opportunitiesAsOf(ROWS, STAGES, '2024-01-20'), STAGES);
    expect(then.map((r) => r.current)).toEqual([0, 1, 1, 0, 0]);
  });
});
