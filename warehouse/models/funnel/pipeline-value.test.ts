import { describe, expect, it } from 'vitest';
import { calibrateStageProbabilities } from './calibration.js';
import { campaignCosts } from './campaign-cost.js';
import { lostReasons } from './lost-reasons.js';
import { opportunitiesAsOf } from './opportunities.js';
import { AS_OF, CAMPAIGNS, LEADS, ROWS, STAGES, stageRows } from './test-fixture.js';
import { salesVelocity } from './velocity.js';
import { weightedPipeline } from './weighted-pipeline.js';

describe('weighted pipeline, velocity, lost reasons and campaign cost', () => {
  const opportunities = opportunitiesAsOf(ROWS, STAGES, AS_OF);

  it('weights open amounts per stage and currency by the nominal and the calibrated probability', () => {
    const calibration = calibrateStageProbabilities(opportunities, STAGES, 2);
    // 4: 3000 USD in needs analysis at 25% → 750, calibrated 0.5 → 1500. 6: 1235 EUR in qualification at 10% → 123.5 → 124, calibrated 0.5 → 618.
    expect(weightedPipeline(opportunities, calibration)).toEqual([
      { stageCode: 'qualification', currency: 'EUR', open: 1, amount: 1235, nominalWeighted: 124, calibratedProbability: 0.5, calibratedWeighted: 618 },
      { stageCode: 'needs_analysis', currency: 'USD', open: 1, amount: 3000, nominalWeighted: 750, calibratedProbability: 0.5, calibratedWeighted: 1500 },
    ]);
    expect(weightedPipeline(opportunities).map((r) => r.calibratedWeighted)).toEqual([null, null]);
  });

  it('velocity: open × average won deal × win rate ÷ average won cycle, per currency', () => {
    // USD: 1 open; won 1000 and 500 (average 750) in 24 and 20 days (22); win rate 2 of 4. 1 × 750 × 0.5 ÷ 22 = 17.05 → 17.
    // EUR: one open opportunity, nothing closed.
    expect(salesVelocity(opportunities)).toEqual([
      { currency: 'EUR', open: 1, closed: 0, won: 0, winRate: null, averageWonAmount: null, averageCycleDays: null, velocityPerDay: null, reason: 'nothing_closed' },
      { currency: 'USD', open: 1, closed: 4, won: 2, winRate: 0.5, averageWonAmount: 750, averageCycleDays: 22, velocityPerDay: 17, reason: null },
    ]);
    // Closes since 1 February: 3 won, 5 lost.
    expect(salesVelocity(opportunities, { since: '2024-02-01' })[1]).toMatchObject({ closed: 2, won: 1, averageWonAmount: 500, averageCycleDays: 20, velocityPerDay: 13 });
  });

  it('velocity is null with a reason when every won deal closed the day it opened, or nothing was won', () => {
    const sameDay = stageRows({ id: 9, path: [['qualification', '2024-01-03'], ['won', '2024-01-03']], outcome: 'won', amount: 100, owner: 1, source: 'web', campaign: null, lead: null });
    const open = stageRows({ id: 10, path: [['qualification', '2024-01-04']], outcome: 'open', amount: 100, owner: 1, source: 'web', campaign: null, lead: null });
    expect(salesVelocity(opportunitiesAsOf([...sameDay, ...open], STAGES, AS_OF))).toEqual([
      { currency: 'USD', open: 1, closed: 1, won: 1, winRate: 1, averageWonAmount: 100, averageCycleDays: 0, velocityPerDay: null, reason: 'zero_cycle' },
    ]);
    const lostOnly = opportunitiesAsOf(ROWS.filter((r) => r.opportunityId === 2), STAGES, AS_OF);
    expect(salesVelocity(lostOnly)[0]).toMatchObject({ winRate: 0, velocityPerDay: null, reason: 'nothing_won' });
  });

  it('breaks lost opportunities down by reason', () => {
    expect(lostReasons(opportunities)).toEqual([
      { reason: 'no_budget', currency: 'USD', lost: 1, amount: 400, share: 0.5 },
      { reason: 'price', currency: 'USD', lost: 1, amount: 2000, share: 0.5 },
    ]);
    expect(lostReasons(opportunities, { since: '2024-02-01' })).toEqual([{ reason: 'no_budget', currency: 'USD', lost: 1, amount: 400, share: 1 }]);
  });

  it('divides campaign cost by its leads and won deals, null with none, leaving out campaigns not started', () => {
    // Campaign 1 (1000 USD): leads 1, 2, 3 by the date (5 comes later) → 333; opportunities 1, 2, 5, won 1 → 1000.
    // Campaign 2 (500 EUR): no lead, opportunity 6 open. Campaign 3 starts in April.
    expect(campaignCosts(CAMPAIGNS, LEADS, opportunities, AS_OF)).toEqual([
      { campaignId: 1, code: 'WEB-Q1', channel: 'content', sourceCode: 'web', currency: 'USD', cost: 1000, leads: 3, opportunities: 3, won: 1, costPerLead: 333, costPerWonDeal: 1000 },
      { campaignId: 2, code: 'PRT-Q1', channel: 'partner', sourceCode: 'partner', currency: 'EUR', cost: 500, leads: 0, opportunities: 1, won: 0, costPerLead: null, costPerWonDeal: null },
    ]);
  });
});
