import { describe, expect, it } from 'vitest';
import { sampleBeta, sampleExponential, sampleGamma, xoshiro128ss } from '../models/clv/index.js';
import { customerHoldoutCheck, forecastCustomers, type PurchaseOccasion } from './customers.js';
import { addDaysIso } from './dates.js';

/**
 * Order days drawn from a known BG/NBD process (rates per week) over calendar dates: the glue
 * from dated orders to weeks must give back the parameters, and the per-customer fields must
 * follow from the dates.
 */
const TRUE = { r: 1.6, alpha: 20, a: 1.2, b: 10 };

function simulateOrders(customers: number, seed: number, start: string, days: number): PurchaseOccasion[] {
  const rng = xoshiro128ss(seed);
  const out: PurchaseOccasion[] = [];
  for (let c = 1; c <= customers; c++) {
    const lambda = sampleGamma(rng, TRUE.r, TRUE.alpha) / 7; // per day
    const p = sampleBeta(rng, TRUE.a, TRUE.b);
    let day = Math.floor(rng() * days * 0.5);
    const value = () => 5_000 + Math.round(sampleGamma(rng, 4, 1) * 2_000);
    out.push({ customerId: c, date: addDaysIso(start, day), valueMinor: value() });
    for (;;) {
      day += Math.max(1, Math.round(sampleExponential(rng, lambda)));
      if (day >= days) break;
      out.push({ customerId: c, date: addDaysIso(start, day), valueMinor: value() });
      if (rng() < p) break;
    }
  }
  return out;
}

describe('forecastCustomers', () => {
  const start = '2024-01-01';
  const asOf = addDaysIso(start, 729);
  const orders = simulateOrders(3000, 7, start, 730);
  const result = forecastCustomers(orders, asOf);

  it('recovers the purchase process it was drawn from, in weeks', () => {
    const { bgnbd } = result;
    expect(bgnbd.unit).toBe('week');
    // Day rounding of the gaps costs a little rate; the means are what planning relies on.
    expect(bgnbd.r / bgnbd.alpha).toBeGreaterThan(0.8 * (TRUE.r / TRUE.alpha));
    expect(bgnbd.r / bgnbd.alpha).toBeLessThan(1.2 * (TRUE.r / TRUE.alpha));
    const dropout = bgnbd.a / (bgnbd.a + bgnbd.b);
    expect(dropout).toBeGreaterThan(0.6 * (TRUE.a / (TRUE.a + TRUE.b)));
    expect(dropout).toBeLessThan(1.5 * (TRUE.a / (TRUE.a + TRUE.b)));
  });

  it('derives every customer field from its order dates', () => {
    const c = result.rows.find((r) => r.frequency >= 3)!;
    const own = orders.filter((o) => o.customerId === c.customer_id).map((o) => o.date).sort();
    expect(c.first_purchase_date).toBe(own[0]);
    expect(c.last_purchase_date).toBe(own.at(-1));
    expect(c.frequency).toBe(new Set(own).size - 1);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    expect(c.recency_weeks).toBeCloseTo(days(own[0]!, own.at(-1)!) / 7, 9);
    expect(c.age_weeks).toBeCloseTo(days(own[0]!, asOf) / 7, 9);
    expect(c.days_since_last_purchase).toBe(days(own.at(-1)!, asOf));
  });

  it('keeps every output finite and consistent', () => {
    for (const r of result.rows) {
      expect(r.probability_alive).toBeGreaterThanOrEqual(0);
      expect(r.probability_alive).toBeLessThanOrEqual(1);
      expect(r.expected_purchases_52w).toBeGreaterThanOrEqual(r.expected_purchases_13w);
      expect(Number.isInteger(r.clv_52w_functional) && r.clv_52w_functional >= 0).toBe(true);
      expect(Number.isFinite(r.expected_days_between_orders)).toBe(true);
      if (r.at_risk) expect(r.frequency > 0 && r.probability_alive < 0.5).toBe(true);
      if (r.due_to_reorder) expect(r.probability_alive >= 0.5 && r.days_since_last_purchase > r.expected_days_between_orders).toBe(true);
    }
    expect(result.rows.some((r) => r.at_risk)).toBe(true);
    expect(result.rows.some((r) => r.due_to_reorder)).toBe(true);
    expect(result.gammaGamma).not.toBeNull();
  });

  it('predicts the holdout half-year close to what came', () => {
    const check = customerHoldoutCheck(orders, asOf, 26)!;
    expect(check.calibrationEnd).toBe(addDaysIso(asOf, -182));
    const { meanPredicted, meanActual } = check.report.overall;
    expect(Math.abs(meanPredicted - meanActual) / meanActual).toBeLessThan(0.15);
  });

  it('refuses an empty history, and skips the holdout on too few customers', () => {
    expect(() => forecastCustomers([], asOf)).toThrow(/nothing to fit/);
    expect(customerHoldoutCheck(orders.filter((o) => o.customerId <= 20), asOf)).toBeNull();
  });
});
