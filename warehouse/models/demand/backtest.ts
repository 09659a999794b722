import { mase } from './mase.js';
import type { DemandSeries, FittedForecaster } from './types.js';

/**
 * Rolling-origin evaluation (Tashman 2000): forecast from several consecutive
 * origins near the end of the history and average the accuracy, instead of trusting
 * a single hold-out week or in-sample fit.
 */
export interface BacktestPlan {
  /** Training lengths (forecast origins), ascending, one week apart. */
  origins: number[];
  /** Weeks ahead scored from each origin. */
  horizon: number;
}

/**
 * The last `maxOrigins` origins that leave a full `horizon` of actuals each. The
 * horizon shrinks to a quarter of the history for short series so that some
 * backtest remains; null when not even one origin with `minTrain` weeks of
 * training fits.
 */
export function planBacktest(n: number, horizon: number, maxOrigins: number, minTrain: number): BacktestPlan | null {
  const h = Math.min(horizon, Math.max(1, Math.floor(n / 4)));
  const count = Math.min(maxOrigins, n - h - minTrain + 1);
  if (count < 1) return null;
  const last = n - h;
  const origins = Array.from({ length: count }, (_, i) => last - (count - 1 - i));
  return { origins, horizon: h };
}

/**
 * Mean MASE of a method over the plan. `fitFirst` fits (and estimates parameters)
 * on the earliest origin's training data; later origins reuse those parameters via
 * `refit`, re-running only the recursion — the "fixed parameters" variant of
 * rolling-origin evaluation, much cheaper than re-estimating at every origin, and
 * still free of look-ahead because the parameters only saw the earliest window.
 * Set `reestimate` to fit afresh at every origin instead.
 * Forecasts are clipped at zero before scoring, as they are when delivered.
 */
export function backtestMase(
  series: DemandSeries,
  plan: BacktestPlan,
  fitFirst: (train: DemandSeries) => FittedForecaster,
  seasonPeriod: number,
  reestimate = false,
): number {
  let total = 0;
  let first: FittedForecaster | null = null;
  for (const origin of plan.origins) {
    const train = series.slice(0, origin);
    let fitted: FittedForecaster;
    if (first === null || reestimate) {
      fitted = fitFirst(train);
      if (first === null) first = fitted;
    } else {
      fitted = first.refit(train);
    }
    const forecast = fitted.pointForecast(plan.horizon).map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
    const actual = series.slice(origin, origin + plan.horizon);
    total += mase(actual, forecast, train, seasonPeriod);
  }
  return total / plan.origins.length;
}
