import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dateOption, parse, UsageError } from '../args.js';
import { table } from '../format.js';
import { dataDirectory } from '../../domain/db/project-root.js';
import { warehousePath } from '../../warehouse/location.js';
import { NoWarehouse, QueryRefused } from '../../warehouse/read-only-query.js';
import { runForecast, type ForecastResult } from '../../warehouse/forecast/run.js';
import { rowsOf } from '../../warehouse/forecast/publish.js';
import { checkCustomersAgainstTruth, checkPatternsAgainstTruth, type TruthManifest } from '../../warehouse/forecast/truth-check.js';
import { SYSTEM_ACTOR, withDatabase } from '../database.js';
import { proposeSuggestions } from '../../warehouse/forecast/propose.js';
import { compareWithTruth, supplierTruthFromManifest, type TruthManifestLike } from '../../warehouse/models/suppliers/index.js';
import type { Subcommand } from '../subcommand.js';

export const forecastCommand: Subcommand = {
  name: 'forecast',
  summary: 'run the models over the warehouse and store their forecasts as warehouse tables',
  help: `Usage: ledgerloop forecast [--as-of DATE] [--truth FILE] [--json]

Runs every model over the warehouse ($LEDGERLOOP_DATA/warehouse.duckdb; run 'ledgerloop
pipeline' first) and appends their outputs to it as one forecast run, stamped with the run id,
model version and as-of date (past runs are kept):

  fact_forecast_customer  purchase frequency per customer: BG/NBD and Gamma-Gamma, probability
                          of being active, expected orders over 13 and 52 weeks, a year's value
  fact_forecast_demand    13 weeks of demand per item and warehouse with a 90% interval, the
                          method chosen per series by rolling-origin backtest
  fact_funnel_stage, fact_funnel_win_rate
                          the sales funnel: conversion, days in stage, win rates by source,
                          campaign, rep, region and segment, calibrated win probabilities
  fact_inventory_turnover, fact_inventory_item, fact_inventory_position
                          turnover, days of inventory and GMROI; ABC x XYZ; lead times learned
                          from receipts; safety stock, reorder point, EOQ; slow and dead stock
  fact_supplier_score, fact_supplier_score_criterion, fact_supplier_score_variable
                          supplier capability scorecard: score, grade and standing per
                          supplier, its history per criterion, and the variables behind it
  fact_forecast_cash      13 weeks of receipts and payments from open items at each
                          counterparty's observed paying delay, and the cash balance
  meta_model_run          one row per model: fitted parameters and validation figures (JSON)

Then it records each supplier's scorecard standing in the operational database (a blocked
supplier is refused new purchase orders, one on watch gets a warning), and writes planning
suggestions (the planning inbox:
'ledgerloop planning list'): replenishment and production proposals where projected stock
falls below safety stock, re-engagement follow-ups for customers due to reorder or at risk, and
next quarter's budget per cost centre (revenue from the forecast, costs at run rates).
Re-running updates open suggestions instead of duplicating them.

  --as-of DATE   forecast from this day (default: the latest order day in the warehouse)
  --truth FILE   compare with a demo company's ground-truth manifest (default:
                 $LEDGERLOOP_DATA/simulation-truth.json when it exists)
  --no-plan      store the forecasts only, without planning suggestions
  --json         print the run's summary as JSON

Inputs are the named queries sql/queries/customer_orders.sql and weekly_item_demand.sql, so
'ledgerloop sql --file customer_orders' shows exactly what the models saw.`,
  async run(argv) {
    const { values } = parse(argv, { 'as-of': { type: 'string' }, truth: { type: 'string' }, json: { type: 'boolean' }, 'no-plan': { type: 'boolean' } });
    const asOf = dateOption(values['as-of'], 'as-of');
    const truthPath = values.truth ?? join(dataDirectory(), 'simulation-truth.json');
    if (values.truth !== undefined && !existsSync(truthPath)) throw new UsageError(`no ground-truth manifest at ${truthPath}`, 'truth');
    let result: ForecastResult;
    try {
      result = await runForecast(warehousePath(), { asOf, onProgress: (model, message) => process.stderr.write(`forecast ${model}: ${message}\n`) });
    } catch (error) {
      if (error instanceof NoWarehouse || error instanceof QueryRefused) throw new UsageError(error.message);
      throw error;
    }
    const plan = values['no-plan'] ? null : await withDatabase((database) => proposeSuggestions({ db: database.db, actor: SYSTEM_ACTOR }, warehousePath(), result));
    const truth = existsSync(truthPath) ? (JSON.parse(readFileSync(truthPath, 'utf8')) as TruthManifest) : null;
    const checks = truth ? truthChecks(result, truth) : null;
    if (values.json) {
      console.log(JSON.stringify({ runId: result.runId, asOf: result.asOf, models: result.outputs.map((o) => ({ model: o.model, version: o.modelVersion, status: o.status, rows: rowsOf(o), summary: o.summary, error: o.error })), suggestions: plan, truth: checks }, null, 2));
    } else {
      console.log(describeForecast(result, checks));
      if (plan) console.log(`\nSupplier standings recorded: ${plan.standings}.`);
      if (plan) console.log(`Planning suggestions: ${plan.replenishment} replenishment, ${plan.production} production, ${plan.reEngagement} re-engagement, ${plan.budget} budget (${plan.created} new, ${plan.updated} updated, ${plan.expired} expired); see 'ledgerloop planning list'.`);
    }
    return 0;
  },
};

function truthChecks(result: ForecastResult, truth: TruthManifest) {
  return {
    customers: result.customers ? checkCustomersAgainstTruth(result.customers.forecast.bgnbd, result.customers.forecast.rows, truth) : null,
    demandPatterns: result.demand ? checkPatternsAgainstTruth(result.demand.itemPatterns, truth) : null,
    suppliers: result.suppliers && (truth as unknown as TruthManifestLike).supplierLifecycle ? compareWithTruth(result.suppliers.suppliers, supplierTruthFromManifest(truth as unknown as TruthManifestLike)) : null,
  };
}

/** Minor units as whole major units with thousands separators (the functional currency). */
const money = (minor: number) => Math.round(minor / 100).toLocaleString('en-US');
const f = (x: number | null | undefined, digits = 3) => (x === null || x === undefined ? '–' : x.toFixed(digits));

export function describeForecast(r: ForecastResult, checks: ReturnType<typeof truthChecks> | null): string {
  const lines = [`Forecast run ${r.runId} as of ${r.asOf}:`, ''];
  lines.push(table(r.outputs.map((o) => ({ model: o.model, version: o.modelVersion, status: o.status, rows: rowsOf(o), note: o.error ?? '' }))));
  const c = r.customers;
  if (c) {
    const { bgnbd: m, gammaGamma: gg } = c.forecast;
    const se = m.standardErrors;
    lines.push('', `Purchase frequency (BG/NBD, weeks, ${m.customers.toLocaleString('en-US')} customers): r ${f(m.r)} ± ${f(se.r)}, alpha ${f(m.alpha, 2)} ± ${f(se.alpha, 2)}, a ${f(m.a)} ± ${f(se.a)}, b ${f(m.b, 2)} ± ${f(se.b, 2)}; log-likelihood ${m.logLikelihood.toFixed(1)}`);
    if (gg) lines.push(`Order value (Gamma-Gamma, major units): p ${f(gg.p)}, q ${f(gg.q)}, v ${f(gg.v, 1)} over ${gg.customers.toLocaleString('en-US')} repeat customers`);
    const rows = c.forecast.rows;
    lines.push(`Customers due to reorder: ${rows.filter((x) => x.due_to_reorder).length}; at risk: ${rows.filter((x) => x.at_risk).length}; expected orders in the next 13 weeks: ${rows.reduce((s, x) => s + x.expected_purchases_13w, 0).toFixed(0)}`);
    if (c.holdout) {
      const h = c.holdout.report;
      lines.push('', `Calibration/holdout (fitted through ${c.holdout.calibrationEnd}, ${c.holdout.holdoutWeeks} weeks held out): mean orders per customer predicted ${f(h.overall.meanPredicted)} vs actual ${f(h.overall.meanActual)}, MAE ${f(h.overall.mae)}`);
      lines.push(table(h.groups.map((g) => ({ 'repeat orders': g.label, customers: g.customers, predicted: f(g.meanPredicted, 2), actual: f(g.meanActual, 2) }))));
    }
  }
  const fu = r.funnel;
  if (fu) {
    const o = fu.overall;
    lines.push('', `Sales funnel: ${o.opportunities.toLocaleString('en-US')} opportunities, ${o.open} open, win rate ${o.winRate === null ? '–' : `${(o.winRate * 100).toFixed(1)}%`}, mean cycle ${f(o.meanCycleDays, 1)} days`);
    const durations = new Map(fu.stageDurations.map((s) => [s.stageCode, s]));
    lines.push(table(fu.calibration.map((c) => ({
      stage: c.stageCode, 'median days': f(durations.get(c.stageCode)?.medianDays, 1), 'p90 days': f(durations.get(c.stageCode)?.p90Days, 1),
      closed: c.closed, won: c.won, nominal: f(c.nominalProbability, 2), calibrated: f(c.calibratedProbability, 2),
    }))));
    for (const b of fu.backtest?.results ?? []) lines.push(`Win-probability backtest from ${fu.backtest!.cutOff} (${b.set.replaceAll('_', ' ')}, ${b.predictions} predictions): Brier nominal ${f(b.brierNominal)} vs calibrated ${f(b.brierCalibrated)}`);
  }
  const d = r.demand;
  if (d) {
    const byPattern = new Map<string, { n: number; mase: number; scored: number }>();
    for (const s of d.series) {
      const p = byPattern.get(s.result.classification.pattern) ?? { n: 0, mase: 0, scored: 0 };
      p.n++;
      if (s.result.score !== null) {
        p.mase += s.result.score;
        p.scored++;
      }
      byPattern.set(s.result.classification.pattern, p);
    }
    lines.push('', `Demand (${d.series.length} item-warehouse series, weeks ${d.firstWeek} to ${d.lastWeek}, 13 weeks ahead):`);
    lines.push(table([...byPattern].map(([pattern, p]) => ({ pattern, series: p.n, 'backtest MASE': p.scored ? f(p.mase / p.scored, 2) : '–' }))));
    const pipeline = (r.outputs.find((o) => o.model === 'demand')?.summary as { pipeline?: { why: string; openLines: number; backtest: { originWeek: string; series: number; maeHistoryOnly: number | null; maeWithPipeline: number | null } } } | undefined)?.pipeline;
    if (pipeline) {
      const b = pipeline.backtest;
      lines.push(`Open pipeline: ${pipeline.openLines} item-weeks of expected demand (${pipeline.why}).`);
      lines.push(b.series === 0
        ? 'Pipeline backtest: no open pipeline in the 13 weeks after the origin to score.'
        : `Pipeline backtest from ${b.originWeek} over ${b.series} series: MAE per week ${f(b.maeHistoryOnly, 2)} from history alone vs ${f(b.maeWithPipeline, 2)} with the pipeline.`);
    }
  }
  const inv = r.inventory;
  if (inv) {
    lines.push('', `Inventory (${inv.window.from} to ${inv.window.to}):`);
    lines.push(table((inv.performance.year?.company ?? []).map((p) => ({
      year: p.period, 'COGS': money(p.cogs), 'avg stock': money(p.averageInventory), turnover: f(p.annualTurnover, 2), 'days of inventory': f(p.daysOfInventory, 0), GMROI: f(p.gmroi, 2),
    }))));
    const t = inv.slowDead.totals;
    lines.push(`Stock age: ${t.active.pairs} active item-warehouses (${money(t.active.value)}), ${t.slow.pairs} slow (${money(t.slow.value)}), ${t.dead.pairs} dead (${money(t.dead.value)}); fill rate ${f(inv.fillRate.lineFillRate, 3)} of lines, ${f(inv.fillRate.unitFillRate, 3)} of units`);
    const classes = new Map<string, number>();
    for (const c of inv.abcXyz) classes.set(c.abcXyz ?? `${c.abc}-`, (classes.get(c.abcXyz ?? `${c.abc}-`) ?? 0) + 1);
    lines.push(`ABC × XYZ: ${[...classes].sort(([a], [b]) => a.localeCompare(b)).map(([k, n]) => `${k} ${n}`).join(', ')} (- = no weekly demand to classify)`);
  }
  const sup = r.suppliers;
  if (sup) {
    const ranked = [...sup.suppliers].filter((s) => s.score !== null).sort((a, b) => b.score! - a.score!);
    lines.push('', `Supplier scorecard (${sup.grain}s from ${sup.from}): ${ranked.length} of ${sup.suppliers.length} suppliers scored`);
    lines.push(table(ranked.map((s) => ({ supplier: s.code ?? String(s.supplierId), score: f(s.score, 1), grade: s.grade ?? '', standing: s.standing ?? '', trend: f(s.trend, 1), why: s.reason.length > 90 ? `${s.reason.slice(0, 87)}...` : s.reason }))));
  }
  const cash = r.cash;
  if (cash) {
    const last = cash.weeks.at(-1)!;
    lines.push('', `Cash over 13 weeks: ${money(cash.weeks[0]!.opening_cash_functional)} now → ${money(last.closing_cash_functional)}; receipts ${money(cash.weeks.reduce((s, w) => s + w.receipts_functional + w.instalments_functional, 0))}, payments ${money(cash.weeks.reduce((s, w) => s + w.payments_functional, 0))} (open items only)`);
    const b = cash.backtest;
    lines.push(`Cash backtest from ${b.origin}: receipts MAE per week ${money(b.maeDelay)} with customers' paying delays vs ${money(b.maeNaive)} assuming due dates (${b.delayBetter ? 'delays better' : 'due dates better'})`);
  }
  if (checks) {
    lines.push('', 'Against the ground-truth manifest:');
    const ct = checks.customers;
    if (ct) {
      lines.push(`  BG/NBD fitted vs true: r ${f(ct.fitted.r)} vs ${ct.truth.r}, alpha ${f(ct.fitted.alpha, 2)} vs ${ct.truth.alpha}, a ${f(ct.fitted.a)} vs ${ct.truth.a}, b ${f(ct.fitted.b, 2)} vs ${ct.truth.b}`);
      lines.push(`  mean weekly rate ${f(ct.meanRate.fitted, 4)} vs ${f(ct.meanRate.truth, 4)}; mean dropout per repeat ${f(ct.meanDropout.fitted, 4)} vs ${f(ct.meanDropout.truth, 4)}`);
      lines.push(`  P(alive) separates customers who really dropped out: AUC ${f(ct.aliveAuc)} (mean P(alive) ${f(ct.meanAliveOfActive)} active vs ${f(ct.meanAliveOfDropped)} dropped, ${ct.customers} customers)`);
    }
    const st = checks.suppliers;
    if (st) lines.push(`  supplier ranking vs the true capability (Spearman rho over ${st.suppliers} suppliers): capability ${f(st.spearman.capability, 2)}, defect rate ${f(st.spearman.defectRate, 2)}, lateness ${f(st.spearman.lateBias, 2)}, on-time probability ${f(st.spearman.onTimeProbability, 2)}`);
    const pt = checks.demandPatterns;
    if (pt) {
      lines.push(`  demand classes agree with the true patterns for ${(pt.agreement * 100).toFixed(0)}% of ${pt.items} items (intermittent-or-not: ${(pt.intermittentAgreement * 100).toFixed(0)}%)`);
      const classes = ['smooth', 'erratic', 'intermittent', 'lumpy', 'none'];
      lines.push(table(Object.entries(pt.confusion).map(([truthPattern, row]) => ({ 'true pattern': truthPattern, ...Object.fromEntries(classes.map((k) => [k, row[k] ?? 0])) }))));
    }
  }
  return lines.join('\n');
}
