import { describe, expect, it } from 'vitest';
import { stageDurations } from './stage-duration.js';
import { AS_OF, ROWS, STAGES } from './test-fixture.js';

describe('days in stage', () => {
  it('median and 90th percentile of completed stays, open stays kept apart', () => {
    // Qualification stays: 4, 10, 20, 3, 2 days (sorted 2 3 4 10 20): median 4, p90 h = 3.6 → 10 + 0.6·10 = 16; opportunity 6 still in it, aged 9.
    // Needs analysis: 10 and 10, opportunity 4 in it since 8 Feb (21 days). Proposal: 10.
    expect(stageDurations(ROWS, STAGES, AS_OF)).toEqual([
      { stageCode: 'qualification', position: 10, completed: 5, medianDays: 4, p90Days: 16, meanDays: 7.8, inStage: 1, medianAgeDays: 9 },
      { stageCode: 'needs_analysis', position: 20, completed: 2, medianDays: 10, p90Days: 10, meanDays: 10, inStage: 1, medianAgeDays: 21 },
      { stageCode: 'proposal', position: 30, completed: 1, medianDays: 10, p90Days: 10, meanDays: 10, inStage: 0, medianAgeDays: null },
    ]);
  });
  it('a stay still running at the date is not completed', () => {
    const [q] = stageDurations(ROWS, STAGES, '2024-01-07');
    // On 7 January: opportunity 1 left qualification on the 5th (4 days); 2 is not there yet.
    expect(q).toMatchObject({ completed: 1, medianDays: 4, inStage: 0 });
  });
});
