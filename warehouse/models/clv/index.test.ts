/** End-to-end through the public entry point: transactions -> summaries -> fit -> scores. */
import { describe, expect, it } from 'vitest';
import * as clv from './index.js';

describe('public API', () => {
  it('runs the whole pipeline and keeps units consistent', () => {
    const rng = clv.xoshiro128ss(2024);
    const start = Date.UTC(2023, 0, 1);
    const day = (offset: number) => new Date(start + offset * 86_400_000).toISOString().slice(0, 10);
    const transactions: clv.Transaction[] = [];
    for (let i = 0; i < 3000; i++) {
      // A simple event-level story: a first purchase in the first 26 weeks, then a
      // customer-specific rate of purchases until a random drop-out.
      const first = Math.floor(rng() * 182);
      const rate = clv.sampleGamma(rng, 0.5, 10); // per day
      const p = clv.sampleBeta(rng, 1, 3);
      transactions.push({ customerId: `c${i}`, date: day(first) });
      let t = first;
      for (;;) {
        t += clv.sampleExponential(rng, rate);
        if (t > 364) break;
        transactions.push({ customerId: `c${i}`, date: day(Math.floor(t)) });
        if (rng() < p) break;
      }
    }
    const summaries = clv.summarise(transactions, { observationEnd: '2023-12-31', unit: 'week' });
    expect(summaries.rows).toHaveLength(3000);
    const model = clv.fitBgNbd(summaries);
    expect(model.unit).toBe('week');
    expect(model.converged).toBe(true);
    const someone = summaries.rows.find((r) => r.frequency >= 2)!;
    const next13 = clv.expectedPurchases(model, clv.duration(13, 'week'), someone);
    expect(next13).toBeGreaterThan(0);
    expect(clv.probabilityAlive(model, someone)).toBeGreaterThan(0);
    expect(() => clv.expectedPurchases(model, clv.duration(91, 'day'), someone)).toThrow(/model is in weeks but the value is in days/);
    const value = clv.customerLifetimeValue(
      model,
      { p: 6.25, q: 3.74, v: 15.44 },
      { ...someone, monetaryValue: 30 },
      { horizonPeriods: 52, discountRatePerPeriod: 0.002, unit: 'week' },
    );
    expect(value).toBeGreaterThan(0);
  });
});
