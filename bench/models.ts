import { parseArgs } from 'node:util';
import {
  bgNbdLogLikelihood, duration, expectedPurchases, fitBgNbd, fitNaive, forecastMany, probabilityAlive, simulateBgNbd, simulatePortfolio,
  type BgNbdParams, type CustomerSummary,
} from '../warehouse/models/index.js';

/**
 * `npm run bench -- models`: the models at the sizes issue 7 names, each next to a baseline run
 * on the same data in the same process:
 * - BG/NBD fit of 100,000 customers (aim < 2 s), against the same number of likelihood
 *   evaluations done customer by customer, as an implementation without grouping would;
 * - scoring 1,000,000 customers (probability alive and expected purchases) in chunks, with the
 *   growth of resident memory (bounded: the chunks are dropped as they are scored);
 * - demand forecasts of 10,000 series of 104 weeks with method selection by backtest (aim < 30 s
 *   on 2 cores), against the naive forecast of the same series.
 * Options: --customers N, --score N, --series N, --weeks N.
 */
const TRUE: BgNbdParams = { r: 0.6, alpha: 4, a: 0.8, b: 2.5 };

export async function modelsBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { customers: { type: 'string' }, score: { type: 'string' }, series: { type: 'string' }, weeks: { type: 'string' } } });
  const count = (v: string | undefined, fallback: number, name: string) => {
    const n = v === undefined ? fallback : Number(v);
    if (!Number.isInteger(n) || n < 100) throw new Error(`--${name} must be a whole number of at least 100, not '${v}'`);
    return n;
  };
  const customers = count(values.customers, 100_000, 'customers');
  const scored = count(values.score, 1_000_000, 'score');
  const seriesCount = count(values.series, 10_000, 'series');
  const weeks = count(values.weeks, 104, 'weeks');

  // --- BG/NBD fit -------------------------------------------------------------------------------
  const cohorts = Array.from({ length: customers }, (_, i) => 26 + (i % 79)); // ages 26–104 weeks
  // As `summarise` gives them from order dates: recency and T in whole days, expressed in weeks.
  const day = (weeks: number) => Math.round(weeks * 7) / 7;
  const rows: CustomerSummary[] = simulateBgNbd(TRUE, { customers, T: cohorts, seed: 7 }).map((c) => ({ frequency: c.frequency, recency: Math.min(day(c.recency), day(c.T)), T: day(c.T) }));
  let t = performance.now();
  const fit = fitBgNbd(rows, { unit: 'week' });
  const fitSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const sample = 20;
  for (let k = 0; k < sample; k++) {
    let ll = 0;
    for (const row of rows) ll += bgNbdLogLikelihood(TRUE, row);
    if (!Number.isFinite(ll)) throw new Error('likelihood not finite');
  }
  const ungroupedSeconds = ((performance.now() - t) / 1000 / sample) * fit.evaluations;
  console.log(`BG/NBD fit, ${customers.toLocaleString('en-US')} customers (${fit.groups.toLocaleString('en-US')} distinct triples, ${fit.evaluations} likelihood evaluations): ${fitSeconds.toFixed(2)} s (aim < 2 s)`);
  console.log(`  fitted r ${fit.r.toFixed(3)}, alpha ${fit.alpha.toFixed(3)}, a ${fit.a.toFixed(3)}, b ${fit.b.toFixed(3)} (true ${TRUE.r}, ${TRUE.alpha}, ${TRUE.a}, ${TRUE.b})`);
  console.log(`  baseline: the same evaluations customer by customer ≈ ${ungroupedSeconds.toFixed(2)} s; ratio ${(ungroupedSeconds / fitSeconds).toFixed(1)}x faster`);

  // --- scoring a million customers in bounded memory --------------------------------------------
  const chunk = 50_000;
  const rssBefore = process.memoryUsage().rss;
  let peak = rssBefore;
  let sum = 0;
  t = performance.now();
  const horizon = duration(13, 'week');
  for (let start = 0; start < scored; start += chunk) {
    const n = Math.min(chunk, scored - start);
    const batch = simulateBgNbd(TRUE, { customers: n, T: 52, seed: 1000 + start });
    for (const c of batch) sum += probabilityAlive(fit, c) + expectedPurchases(fit, horizon, c);
    peak = Math.max(peak, process.memoryUsage().rss);
  }
  const scoreSeconds = (performance.now() - t) / 1000;
  if (!Number.isFinite(sum)) throw new Error('a score was not finite');
  console.log(`Scoring ${scored.toLocaleString('en-US')} customers (P(alive) and 13-week expected purchases, ${chunk.toLocaleString('en-US')} at a time, simulation included): ${scoreSeconds.toFixed(2)} s, ${Math.round(scored / scoreSeconds).toLocaleString('en-US')} customers/s; resident memory grew ${((peak - rssBefore) / 2 ** 20).toFixed(0)} MB`);

  // --- demand -----------------------------------------------------------------------------------
  const portfolio = simulatePortfolio(seriesCount, weeks, 11).map((s) => s.values);
  t = performance.now();
  const forecasts = forecastMany(portfolio, { horizon: 13, level: 0.9 });
  const demandSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  for (const s of portfolio) fitNaive(s).forecast(13, 0.9);
  const naiveSeconds = (performance.now() - t) / 1000;
  const methods = new Map<string, number>();
  for (const f of forecasts) methods.set(f.method, (methods.get(f.method) ?? 0) + 1);
  console.log(`Demand, ${seriesCount.toLocaleString('en-US')} series of ${weeks} weeks, method chosen per series by rolling-origin backtest: ${demandSeconds.toFixed(2)} s on one core (aim < 30 s on 2 cores)`);
  console.log(`  methods chosen: ${[...methods].sort((a, b) => b[1] - a[1]).map(([m, n]) => `${m} ${n}`).join(', ')}`);
  console.log(`  baseline: the naive forecast of the same series ${naiveSeconds.toFixed(2)} s; ratio ${(demandSeconds / Math.max(naiveSeconds, 1e-6)).toFixed(0)}x the naive cost`);
}
