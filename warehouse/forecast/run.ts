import { runNamedQuery } from '../read-only-query.js';
import { CUSTOMER_MODEL_VERSION, customerHoldoutCheck, forecastCustomers, type CustomerForecast, type HoldoutCheck, type PurchaseOccasion } from './customers.js';
import { addDaysIso, mondayOf } from './dates.js';
import { DEMAND_MODEL_VERSION, forecastItemDemand, pipelineBacktest, type DemandRun, type WeeklyDemand } from './demand.js';
import { chooseWinProbability, FUNNEL_MODEL_VERSION, funnelCampaignRows, funnelCohortRows, funnelLostReasonRows, funnelStageRows, funnelWinRateRows, pipelineDemand, type OpenPipelineLine } from './funnel.js';
import { funnelFromWarehouse } from '../funnel.js';
import { inventoryFromWarehouse, type InventoryReport } from '../inventory.js';
import { INVENTORY_MODEL_VERSION, inventoryItemRows, inventoryPositionRows, inventoryTurnoverRows, SERVICE_LEVEL } from './inventory.js';
import type { FunnelReport } from '../models/funnel/index.js';
import { CASH_MODEL_VERSION, cashBacktest, forecastCash, type CashWeek, type Delay } from './cash.js';
import { ageingItemsFromWarehouse } from '../statements.js';
import { openDocuments } from '../models/statements/index.js';
import { scorecardVersion, supplierScoresFromWarehouse, supplierScoreTables, type SupplierScores } from '../supplier-scores.js';
import { publishModelOutputs, rowsOf, type ModelOutput, type ModelTable } from './publish.js';

/**
 * `ledgerloop forecast`: every model over the warehouse, as of the warehouse's latest order
 * day (or a given day), stored back into the warehouse as one forecast run.
 */
export interface ForecastOptions {
  /** Data through this day; default the latest order day in the warehouse. */
  asOf?: string;
  onProgress?: (model: string, message: string) => void;
}

export interface ForecastResult {
  runId: number;
  /** When the run started (ISO), which with runId names it uniquely across rebuilt warehouses. */
  startedAt: string;
  asOf: string;
  customers: { forecast: CustomerForecast; holdout: HoldoutCheck | null } | null;
  funnel: FunnelReport | null;
  demand: DemandRun | null;
  inventory: InventoryReport | null;
  suppliers: SupplierScores | null;
  cash: { weeks: CashWeek[]; backtest: ReturnType<typeof cashBacktest> } | null;
  outputs: ModelOutput[];
}

export async function runForecast(warehouse: string, options: ForecastOptions = {}): Promise<ForecastResult> {
  const say = options.onProgress ?? (() => {});
  const startedAt = new Date().toISOString();
  const asOf = options.asOf ?? (await latestOrderDay(warehouse));
  const outputs: ModelOutput[] = [];

  say('customers', 'fitting BG/NBD and Gamma-Gamma');
  const occasions = (await runNamedQuery(warehouse, 'customer_orders', { as_of: asOf })).map(
    (r): PurchaseOccasion => ({ customerId: Number(r.customer_id), date: String(r.order_date).slice(0, 10), valueMinor: Number(r.order_value_functional) }),
  );
  const customers = await timed('customers', CUSTOMER_MODEL_VERSION, asOf, outputs, () => {
    const forecast = forecastCustomers(occasions, asOf);
    const holdout = customerHoldoutCheck(occasions, asOf);
    const { bgnbd, gammaGamma } = forecast;
    return {
      value: { forecast, holdout },
      tables: [{ table: 'fact_forecast_customer', rows: forecast.rows.map((r) => ({ model_version: CUSTOMER_MODEL_VERSION, as_of: asOf, ...r })) }],
      summary: {
        unit: 'week', customers: bgnbd.customers,
        bgnbd: { r: bgnbd.r, alpha: bgnbd.alpha, a: bgnbd.a, b: bgnbd.b, logLikelihood: bgnbd.logLikelihood, standardErrors: bgnbd.standardErrors, converged: bgnbd.converged },
        gammaGamma: gammaGamma && { p: gammaGamma.p, q: gammaGamma.q, v: gammaGamma.v, logLikelihood: gammaGamma.logLikelihood, customers: gammaGamma.customers, unit: 'functional major units' },
        holdout: holdout && { calibrationEnd: holdout.calibrationEnd, weeks: holdout.holdoutWeeks, ...holdout.report.overall, groups: holdout.report.groups },
      },
    };
  });

  say('funnel', 'conversion, stage durations, win rates and calibrated win probabilities');
  const funnel = await timed('funnel', FUNNEL_MODEL_VERSION, asOf, outputs, async () => {
    const report = await funnelFromWarehouse(warehouse, { asOf, backtestCutOff: addDaysIso(asOf, -182) });
    const stamp = (rows: Record<string, unknown>[]) => rows.map((r) => ({ model_version: FUNNEL_MODEL_VERSION, ...r }));
    return {
      value: report,
      tables: [
        { table: 'fact_funnel_stage', rows: stamp(funnelStageRows(report)) },
        { table: 'fact_funnel_win_rate', rows: stamp(funnelWinRateRows(report)) },
        { table: 'fact_funnel_cohort', rows: stamp(funnelCohortRows(report)) },
        { table: 'fact_funnel_lost_reason', rows: stamp(funnelLostReasonRows(report)) },
        { table: 'fact_funnel_campaign', rows: stamp(funnelCampaignRows(report)) },
      ],
      summary: { overall: report.overall, velocity: report.velocity, weightedPipeline: report.weightedPipeline, backtest: report.backtest && { cutOff: report.backtest.cutOff, results: report.backtest.results } },
    };
  });

  // The last complete week of history ends on the Sunday on or before asOf.
  const lastWeek = addDaysIso(mondayOf(addDaysIso(asOf, 1)), -7);
  const historyEnd = addDaysIso(lastWeek, 6);
  say('demand', 'loading weekly demand and the open pipeline');
  const weekly = (await runNamedQuery(warehouse, 'weekly_item_demand', { to: asOf })).map(
    (r): WeeklyDemand => ({ itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), weekStart: String(r.week_start).slice(0, 10), qty: Number(r.qty) }),
  );
  const probability = funnel ? chooseWinProbability(funnel) : null;
  const openLines = async (day: string) => (await runNamedQuery(warehouse, 'open_pipeline_lines', { as_of: day })).map(
    (r): OpenPipelineLine => ({ itemId: Number(r.item_id), quantity: Number(r.quantity), expectedDate: String(r.expected_date).slice(0, 10), stageCode: String(r.stage_code), nominalProbability: Number(r.win_probability_bp) / 10_000 }),
  );
  const weigh = (lines: OpenPipelineLine[]) => pipelineDemand(lines, probability?.byStage ?? new Map());
  const pipeline = weigh(await openLines(historyEnd));
  const originWeek = addDaysIso(lastWeek, -7 * 13);
  const pipelineAtOrigin = weigh(await openLines(addDaysIso(originWeek, 6)));
  const demand = await timed('demand', DEMAND_MODEL_VERSION, historyEnd, outputs, () => {
    const run = forecastItemDemand(weekly, lastWeek, { pipeline, onProgress: (done, total) => say('demand', `${done}/${total} series`) });
    const byPattern: Record<string, { series: number; meanMase: number | null }> = {};
    for (const s of run.series) {
      const p = (byPattern[s.result.classification.pattern] ??= { series: 0, meanMase: 0 });
      p.series++;
      if (s.result.score !== null && p.meanMase !== null) p.meanMase += s.result.score;
    }
    for (const p of Object.values(byPattern)) if (p.meanMase !== null) p.meanMase /= p.series;
    return {
      value: run,
      tables: [{ table: 'fact_forecast_demand', rows: run.rows.map((r) => ({ model_version: DEMAND_MODEL_VERSION, ...r })) }],
      summary: {
        series: run.series.length, firstWeek: run.firstWeek, lastWeek: run.lastWeek, horizonWeeks: run.rows.length / Math.max(1, run.series.length), byPattern,
        pipeline: { winProbability: probability?.source ?? 'nominal', why: probability?.reason ?? 'no funnel', openLines: pipeline.length, backtest: pipelineBacktest(weekly, originWeek, pipelineAtOrigin) },
      },
    };
  });

  say('inventory', 'turnover, ABC/XYZ, stock age, stockouts, lead times from receipts, reorder policies');
  const inventory = await timed('inventory', INVENTORY_MODEL_VERSION, asOf, outputs, async () => {
    const report = await inventoryFromWarehouse(warehouse, { to: asOf, serviceLevel: SERVICE_LEVEL });
    if (!report) throw new Error('no stock history: nothing to forecast');
    const stamp = (rows: Record<string, unknown>[]) => rows.map((r) => ({ model_version: INVENTORY_MODEL_VERSION, ...r }));
    return {
      value: report,
      tables: [
        { table: 'fact_inventory_turnover', rows: stamp(inventoryTurnoverRows(report)) },
        { table: 'fact_inventory_item', rows: stamp(inventoryItemRows(report)) },
        { table: 'fact_inventory_position', rows: stamp(inventoryPositionRows(report)) },
      ],
      summary: { window: report.window, company: report.performance.year?.company ?? [], stockAge: report.slowDead.totals, fillRate: report.fillRate, serviceLevel: SERVICE_LEVEL },
    };
  });

  say('suppliers', 'supplier capability scorecard');
  const suppliers = await timed('suppliers', scorecardVersion(), asOf, outputs, async () => {
    const scores = await supplierScoresFromWarehouse(warehouse, { asOf, grain: 'month', periods: 12 });
    const version = scorecardVersion(scores.scorecard);
    const t = supplierScoreTables(scores, version);
    const standings: Record<string, number> = {};
    for (const s of scores.suppliers) standings[s.standing ?? 'unscored'] = (standings[s.standing ?? 'unscored'] ?? 0) + 1;
    return {
      value: scores,
      tables: [
        { table: 'fact_supplier_score', rows: t.supplier },
        { table: 'fact_supplier_score_criterion', rows: t.criterion },
        { table: 'fact_supplier_score_variable', rows: t.variable },
      ],
      summary: { grain: scores.grain, from: scores.from, suppliers: scores.suppliers.length, standings, criteria: scores.scorecard.criteria },
    };
  });

  say('cash', '13-week cash forecast from open items and observed paying delays');
  const cash = await timed('cash', CASH_MODEL_VERSION, asOf, outputs, async () => {
    const delays = async (day: string) => {
      const out = { customers: new Map<string, Delay>(), suppliers: new Map<string, Delay>() };
      for (const r of await runNamedQuery(warehouse, 'payment_delays', { as_of: day })) {
        if (r.counterparty === null || r.mean_days_after_due === null) continue;
        (r.side === 'customer_receipt' ? out.customers : out.suppliers).set(String(r.counterparty), { meanDays: Number(r.mean_days_after_due), payments: Number(r.allocations) });
      }
      return out;
    };
    const receivable = await ageingItemsFromWarehouse(warehouse, 'receivables', asOf);
    const payable = await ageingItemsFromWarehouse(warehouse, 'payables', asOf);
    const now = await delays(asOf);
    const weeks = forecastCash({
      asOf,
      receivables: openDocuments(receivable.items, asOf).flatMap((c) => c.documents),
      payables: openDocuments(payable.items, asOf).flatMap((c) => c.documents),
      instalments: (await runNamedQuery(warehouse, 'open_instalments', { as_of: asOf })).map((r) => ({ counterparty: r.counterparty === null ? null : String(r.counterparty), dueDate: String(r.due_date).slice(0, 10), amount: Number(r.amount_functional) })),
      customerDelays: now.customers,
      supplierDelays: now.suppliers,
      openingCash: Number((await runNamedQuery(warehouse, 'cash_balance', { as_of: asOf }))[0]?.cash_functional ?? 0),
    });
    const origin = addDaysIso(asOf, -91);
    const backtest = cashBacktest(receivable.items, origin, (await delays(origin)).customers);
    return {
      value: { weeks, backtest },
      tables: [{ table: 'fact_forecast_cash', rows: weeks.map((w) => ({ model_version: CASH_MODEL_VERSION, as_of: asOf, ...w })) }],
      summary: { backtest: { origin: backtest.origin, maeDelay: backtest.maeDelay, maeNaive: backtest.maeNaive, delayBetter: backtest.delayBetter } },
    };
  });

  say('store', `writing ${outputs.reduce((n, o) => n + rowsOf(o), 0).toLocaleString('en-US')} rows`);
  const runId = await publishModelOutputs(warehouse, outputs);
  return { runId, startedAt, asOf, customers, funnel, demand, inventory, suppliers, cash, outputs };
}

async function latestOrderDay(warehouse: string): Promise<string> {
  const rows = await runNamedQuery(warehouse, 'warehouse_data_through');
  const day = rows[0]?.through;
  if (!day) throw new Error('the warehouse has no sales orders yet: nothing to forecast');
  return String(day).slice(0, 10);
}

/**
 * Runs one model, recording its run-log row; a model that cannot run on this data (too little
 * history) is recorded as skipped with the reason, and the others still run.
 */
async function timed<T>(
  model: string, modelVersion: string, asOf: string, outputs: ModelOutput[],
  fn: () => ModelResult<T> | Promise<ModelResult<T>>,
): Promise<T | null> {
  const startedAt = new Date();
  try {
    const { value, tables, summary } = await fn();
    outputs.push({ model, modelVersion, asOf, startedAt, finishedAt: new Date(), status: 'succeeded', summary, error: null, tables });
    return value;
  } catch (error) {
    if (!(error instanceof Error) || !/nothing to (fit|forecast)|no customer|no demand|too (few|short)/.test(error.message)) throw error;
    outputs.push({ model, modelVersion, asOf, startedAt, finishedAt: new Date(), status: 'skipped', summary: null, error: error.message, tables: [] });
    return null;
  }
}

interface ModelResult<T> {
  value: T;
  tables: ModelTable[];
  summary: unknown;
}
