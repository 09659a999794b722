import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../statements/periods.js';
import { backtestCalibration } from './backtest.js';
import { calibrateStageProbabilities } from './calibration.js';
import { conversionByCohort, conversionSnapshot } from './conversion.js';
import { opportunitiesAsOf } from './opportunities.js';
import { opportunityStageCounts } from './stage-counts.js';
import { LEADS, STAGES, stageRows, type OpportunitySpec } from './test-fixture.js';
import { WIN_RATE_DIMENSIONS, winRates } from './win-rate.js';

const START = '2024-01-01';
const OPEN = ['qualification', 'needs_analysis', 'proposal'];

/** An opportunity wandering through the open stages (forward, back, skipping), then maybe won or lost. */
const opportunity = (id: number) =>
  fc.record({
    start: fc.integer({ min: 0, max: 90 }),
    moves: fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 15 })), { minLength: 1, maxLength: 5 }),
    outcome: fc.constantFrom('open', 'won', 'lost') as fc.Arbitrary<'open' | 'won' | 'lost'>,
    lead: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
    owner: fc.integer({ min: 1, max: 3 }),
    amount: fc.integer({ min: 0, max: 1_000_000 }),
  }).map(({ start, moves, outcome, lead, owner, amount }): OpportunitySpec => {
    const path: [string, string][] = [];
    let day = start;
    for (const [stage, gap] of moves) {
      if (path.length > 0 && path.at(-1)![0] === OPEN[stage]) continue;
      path.push([OPEN[stage]!, addDays(START, day)]);
      day += gap;
    }
    if (outcome !== 'open') path.push([outcome, addDays(START, day)]);
    return { id, path, outcome, amount, owner, lead, source: lead === null ? 'referral' : 'web', campaign: lead, lostReason: 'price' };
  });

const funnel = fc.tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 160 })).chain(([n, asOfDay]) =>
  fc.tuple(fc.tuple(...Array.from({ length: n }, (_, i) => opportunity(i + 1))), fc.constant(addDays(START, asOfDay))));

describe('funnel invariants', () => {
  it('conversion: entered = advanced + lost + open, each step enters what the last advanced, rates in [0, 1], cohorts add up to the snapshot', () => {
    fc.assert(
      fc.property(funnel, ([specs, asOf]) => {
        const opportunities = opportunitiesAsOf(specs.flatMap((s) => stageRows(s)), STAGES, asOf);
        const snapshot = conversionSnapshot(LEADS, opportunities, STAGES, asOf);
        for (const s of snapshot) {
          expect(s.entered).toBe(s.advanced + s.lost + s.open);
          expect(Math.min(s.advanced, s.lost, s.open)).toBeGreaterThanOrEqual(0);
          if (s.entered === 0) expect(s.rate).toBeNull();
          else expect(s.rate).toBeGreaterThanOrEqual(0), expect(s.rate).toBeLessThanOrEqual(1);
        }
        const steps = snapshot.slice(1);
        expect(steps[0]!.entered).toBe(opportunities.length);
        for (let i = 1; i < steps.length; i++) expect(steps[i]!.entered).toBe(steps[i - 1]!.advanced);
        expect(steps.at(-1)!.advanced).toBe(opportunities.filter((o) => o.status === 'won').length);
        const cohorts = conversionByCohort(LEADS, opportunities, STAGES, asOf);
        for (const s of snapshot) {
          const same = cohorts.filter((c) => c.fromStage === s.fromStage);
          expect(same.reduce((t, c) => t + c.entered, 0)).toBe(s.entered);
          expect(same.reduce((t, c) => t + c.advanced, 0)).toBe(s.advanced);
        }
      }),
      { seed: 7, numRuns: 300 },
    );
  });

  it('every opportunity is in exactly one stage and one group per dimension; probabilities and Brier scores stay in [0, 1]', () => {
    fc.assert(
      fc.property(funnel, fc.double({ min: 0, max: 20, noNaN: true }), ([specs, asOf], prior) => {
        const rows = specs.flatMap((s) => stageRows(s));
        const opportunities = opportunitiesAsOf(rows, STAGES, asOf);
        expect(opportunityStageCounts(opportunities, STAGES).reduce((t, c) => t + c.current, 0)).toBe(opportunities.length);
        const groups = winRates(opportunities);
        for (const d of WIN_RATE_DIMENSIONS) expect(groups.filter((g) => g.dimension === d).reduce((t, g) => t + g.opportunities, 0)).toBe(opportunities.length);
        for (const g of groups) expect(g.won + g.lost + g.open).toBe(g.opportunities);
        for (const c of calibrateStageProbabilities(opportunities, STAGES, prior)) {
          if (c.calibratedProbability !== null) expect(c.calibratedProbability).toBeGreaterThanOrEqual(0), expect(c.calibratedProbability).toBeLessThanOrEqual(1);
        }
        const backtest = backtestCalibration(rows, STAGES, { cutOff: '2024-02-15', asOf: addDays(asOf, 200), priorStrength: prior });
        for (const r of backtest.results) {
          for (const b of [r.brierNominal, r.brierCalibrated]) if (b !== null) expect(b).toBeGreaterThanOrEqual(0), expect(b).toBeLessThanOrEqual(1);
        }
      }),
      { seed: 11, numRuns: 200 },
    );
  });
});
