import {
  calibrationHoldoutReport, customerLifetimeValue, duration, expectedAverageOrderValue, expectedPurchases, fitBgNbd, fitGammaGamma,
  probabilityAlive, summarise, type BgNbdFitWithUnit, type CalibrationReport, type GammaGammaFit,
} from '../models/clv/index.js';
import { addDaysIso, daysBetween } from './dates.js';

/**
 * The purchase-frequency forecast of every customer: BG/NBD fitted in weeks on the days each
 * customer ordered, Gamma-Gamma on the value of its repeat orders, then per customer the
 * probability it is still active, expected orders over 13 and 52 weeks and a year's discounted
 * value. Pure: the orders come in, the rows to store come out.
 */
export const CUSTOMER_MODEL_VERSION = 'bgnbd-gg/1';

/** One day a customer ordered, with the net value ordered that day (minor units). */
export interface PurchaseOccasion {
  customerId: number;
  date: string;
  valueMinor: number;
}

export interface CustomerForecastRow {
  customer_id: number;
  first_purchase_date: string;
  last_purchase_date: string;
  frequency: number;
  recency_weeks: number;
  age_weeks: number;
  probability_alive: number;
  expected_purchases_13w: number;
  expected_purchases_52w: number;
  average_order_value_functional: number;
  expected_order_value_functional: number;
  clv_52w_functional: number;
  expected_days_between_orders: number;
  days_since_last_purchase: number;
  due_to_reorder: boolean;
  at_risk: boolean;
}

export interface CustomerForecast {
  bgnbd: BgNbdFitWithUnit;
  gammaGamma: GammaGammaFit | null;
  rows: CustomerForecastRow[];
}

/** 10% a year, as a weekly rate. */
export const WEEKLY_DISCOUNT_RATE = 1.1 ** (1 / 52) - 1;
/** Order values enter Gamma-Gamma in major units (hundredths of the stored minor units) to keep its parameters in a comfortable range. */
const MINOR_PER_MAJOR = 100;
const ACTIVE = 0.5;
const WEEKS_13 = duration(13, 'week');
const WEEKS_52 = duration(52, 'week');

export function forecastCustomers(occasions: readonly PurchaseOccasion[], asOf: string): CustomerForecast {
  const transactions = occasions.map((o) => ({ customerId: String(o.customerId), date: o.date }));
  const summaries = summarise(transactions, { observationEnd: asOf, unit: 'week' });
  if (summaries.rows.length === 0) throw new Error('no customer has ordered yet: nothing to fit');
  const bgnbd = fitBgNbd(summaries);

  const byCustomer = groupBy(occasions, (o) => o.customerId);
  const monetary = new Map<number, { frequency: number; monetaryValue: number; mean: number; first: string; last: string }>();
  for (const [id, list] of byCustomer) {
    const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date));
    const repeat = sorted.slice(1);
    const total = sorted.reduce((s, o) => s + o.valueMinor, 0);
    const repeatMean = repeat.length > 0 ? repeat.reduce((s, o) => s + o.valueMinor, 0) / repeat.length / MINOR_PER_MAJOR : 0;
    monetary.set(id, { frequency: repeat.length, monetaryValue: repeatMean, mean: total / sorted.length, first: sorted[0]!.date, last: sorted.at(-1)!.date });
  }
  // Gamma-Gamma needs positive repeat values; a customer whose repeat orders were all credited away has none.
  const spend = [...monetary.values()].filter((m) => m.frequency > 0 && m.monetaryValue > 0);
  const gammaGamma = spend.length >= 10 ? fitGammaGamma(spend) : null;

  const rows = summaries.rows.map((s): CustomerForecastRow => {
    const id = Number(s.customerId);
    const m = monetary.get(id)!;
    const spendRow = { frequency: m.monetaryValue > 0 ? s.frequency : 0, monetaryValue: m.monetaryValue > 0 ? m.monetaryValue : 1 };
    const expectedValue = gammaGamma ? expectedAverageOrderValue(gammaGamma, spendRow) * MINOR_PER_MAJOR : m.mean;
    const alive = probabilityAlive(bgnbd, s);
    const clv = gammaGamma
      ? customerLifetimeValue(bgnbd, gammaGamma, { ...s, ...spendRow }, { horizonPeriods: 52, discountRatePerPeriod: WEEKLY_DISCOUNT_RATE, unit: 'week' }) * MINOR_PER_MAJOR
      : expectedPurchases(bgnbd, WEEKS_52, s) * m.mean;
    // Posterior mean weekly rate while active: (r + x) / (α + T).
    const gapDays = (7 * (bgnbd.alpha + s.T)) / (bgnbd.r + s.frequency);
    const sinceLast = daysBetween(m.last, asOf);
    return {
      customer_id: id,
      first_purchase_date: m.first,
      last_purchase_date: m.last,
      frequency: s.frequency,
      recency_weeks: s.recency,
      age_weeks: s.T,
      probability_alive: alive,
      expected_purchases_13w: expectedPurchases(bgnbd, WEEKS_13, s),
      expected_purchases_52w: expectedPurchases(bgnbd, WEEKS_52, s),
      average_order_value_functional: Math.round(m.mean),
      expected_order_value_functional: Math.round(expectedValue),
      clv_52w_functional: Math.round(clv),
      expected_days_between_orders: gapDays,
      days_since_last_purchase: sinceLast,
      due_to_reorder: alive >= ACTIVE && sinceLast > gapDays,
      at_risk: s.frequency > 0 && alive < ACTIVE,
    };
  });
  return { bgnbd, gammaGamma, rows };
}

export interface HoldoutCheck {
  calibrationEnd: string;
  holdoutWeeks: number;
  report: CalibrationReport;
}

/**
 * The calibration/holdout check: fitted on the orders through `asOf − holdoutWeeks`, the
 * model's expected orders in the holdout weeks against the orders that came, per group of
 * calibration-period frequency. Null when the calibration period has too few customers.
 */
export function customerHoldoutCheck(occasions: readonly PurchaseOccasion[], asOf: string, holdoutWeeks = 26): HoldoutCheck | null {
  const calibrationEnd = addDaysIso(asOf, -7 * holdoutWeeks);
  const before = occasions.filter((o) => o.date <= calibrationEnd);
  const customers = new Set(before.map((o) => o.customerId));
  if (customers.size < 50) return null;
  const summaries = summarise(before.map((o) => ({ customerId: String(o.customerId), date: o.date })), { observationEnd: calibrationEnd, unit: 'week' });
  const model = fitBgNbd(summaries);
  const holdoutDays = new Map<string, Set<string>>();
  for (const o of occasions) {
    if (o.date <= calibrationEnd || o.date > asOf || !customers.has(o.customerId)) continue;
    const key = String(o.customerId);
    (holdoutDays.get(key) ?? holdoutDays.set(key, new Set()).get(key)!).add(o.date);
  }
  const rows = summaries.rows.map((s) => ({ ...s, holdoutPurchases: holdoutDays.get(s.customerId)?.size ?? 0 }));
  return { calibrationEnd, holdoutWeeks, report: calibrationHoldoutReport(model, { unit: 'week', rows }, duration(holdoutWeeks, 'week')) };
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const out = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
