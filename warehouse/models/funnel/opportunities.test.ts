import { describe, expect, it } from 'vitest';
import { opportunitiesAsOf } from './opportunities.js';
import { AS_OF, ROWS, STAGES } from './test-fixture.js';
import { FunnelInputError } from './types.js';

describe('opportunitiesAsOf', () => {
  it('rebuilds each opportunity as it stood at the end of the day', () => {
    const now = opportunitiesAsOf(ROWS, STAGES, AS_OF);
    expect(now.map((o) => [o.opportunityId, o.status, o.stageCode, o.cycleDays, o.furthestPosition])).toEqual([
      [1, 'won', 'won', 24, 30], [2, 'lost', 'lost', 20, 20], [3, 'won', 'won', 20, 10],
      [4, 'open', 'needs_analysis', null, 20], [5, 'lost', 'lost', 2, 10], [6, 'open', 'qualification', null, 10],
    ]);
    expect(now[1]!.lostReason).toBe('price');
    // On 20 January: opportunity 1 is in proposal (won only on the 25th), 2 has just entered needs analysis; 3–6 do not exist yet.
    const then = opportunitiesAsOf(ROWS, STAGES, '2024-01-20');
    expect(then.map((o) => [o.opportunityId, o.status, o.stageCode, o.closedDate, o.visits.map((v) => v.stageCode)])).toEqual([
      [1, 'open', 'proposal', null, ['qualification', 'needs_analysis', 'proposal']],
      [2, 'open', 'needs_analysis', null, ['qualification', 'needs_analysis']],
    ]);
  });

  it('refuses rows it cannot read, naming the row and field', () => {
    const bad = ROWS.map((r, i) => (i === 2 ? { ...r, stageCode: 'demo' } : r));
    expect(() => opportunitiesAsOf(bad, STAGES, AS_OF)).toThrow(FunnelInputError);
    expect(() => opportunitiesAsOf(bad, STAGES, AS_OF)).toThrow(/stages\[2\]\.stageCode: unknown stage 'demo'/);
    expect(() => opportunitiesAsOf(ROWS, STAGES, '2024-02-30')).toThrow(/asOf: must be a date/);
    const reopened = ROWS.map((r) => (r.opportunityId === 1 ? { ...r, closedDate: null } : r));
    expect(() => opportunitiesAsOf(reopened, STAGES, AS_OF)).toThrow(/won needs a closed date/);
    const wrongEnd = ROWS.filter((r) => !(r.opportunityId === 1 && r.stageCode === 'won'));
    expect(() => opportunitiesAsOf(wrongEnd, STAGES, AS_OF)).toThrow(/opportunity 1 is won but its last entry is stage 'proposal'/);
  });
});
