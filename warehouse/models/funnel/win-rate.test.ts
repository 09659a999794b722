import { describe, expect, it } from 'vitest';
import { opportunitiesAsOf } from './opportunities.js';
import { AS_OF, ROWS, STAGES } from './test-fixture.js';
import { winRateOf, winRates } from './win-rate.js';

describe('win rate and cycle length', () => {
  const opportunities = opportunitiesAsOf(ROWS, STAGES, AS_OF);

  it('overall: won ÷ closed and days from creation to close', () => {
    // Closed: 1 won (24 days), 2 lost (20), 3 won (20), 5 lost (2).
    expect(winRateOf(opportunities)).toEqual({ opportunities: 6, open: 2, won: 2, lost: 2, winRate: 0.5, meanCycleDays: 16.5, medianCycleDays: 20, meanWonCycleDays: 22 });
  });

  it('by source, with a group that has nothing closed getting null, not 0', () => {
    expect(winRates(opportunities, ['source'])).toEqual([
      { dimension: 'source', key: 'partner', opportunities: 1, open: 1, won: 0, lost: 0, winRate: null, meanCycleDays: null, medianCycleDays: null, meanWonCycleDays: null },
      { dimension: 'source', key: 'referral', opportunities: 2, open: 1, won: 1, lost: 0, winRate: 1, meanCycleDays: 20, medianCycleDays: 20, meanWonCycleDays: 20 },
      { dimension: 'source', key: 'web', opportunities: 3, open: 0, won: 1, lost: 2, winRate: 1 / 3, meanCycleDays: 46 / 3, medianCycleDays: 20, meanWonCycleDays: 24 },
    ]);
  });

  it('by campaign (none last), owner, region and segment', () => {
    const rate = (dimension: 'campaign' | 'owner' | 'region' | 'segment') => winRates(opportunities, [dimension]).map((r) => [r.key, r.won, r.lost, r.winRate]);
    expect(rate('campaign')).toEqual([['1', 1, 2, 1 / 3], ['2', 0, 0, null], [null, 1, 0, 1]]);
    expect(rate('owner')).toEqual([['1', 2, 1, 2 / 3], ['2', 0, 1, 0]]);
    expect(rate('region')).toEqual([['EU', 0, 0, null], ['NA', 2, 2, 0.5]]);
    expect(rate('segment')).toEqual([['enterprise', 1, 0, 1], ['small_business', 1, 2, 1 / 3]]);
    expect(winRates(opportunities).length).toBe(3 + 3 + 2 + 2 + 2);
  });
});
