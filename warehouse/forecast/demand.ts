import { classifyDemand, forecastMany, type DemandForecast, type DemandPattern } from '../models/demand/index.js';
import { addDaysIso, dateKey, daysBetween } from './dates.js';

/**
 * The weekly demand forecast of every item and warehouse with demand: the history as a dense
 * weekly series, the method chosen per series by rolling-origin backtest, and the forecast with
 * its interval; plus, per item over all warehouses, the demand class, for the comparison with
 * the demo company's true patterns. Pure.
 */
export const DEMAND_MODEL_VERSION = 'demand-select/1';
export const DEMAND_HORIZON_WEEKS = 13;
export const DEMAND_INTERVAL = 0.9;

/** Quantity ordered of one item from one warehouse in one week (weeks without orders absent). */
export interface WeeklyDemand {
  itemId: number;
  warehouseId: number;
  weekStart: string;
  qty: number;
}

/** Demand expected from open opportunities: item, week, quantity (already probability-weighted). */
export interface PipelineDemand {
  itemId: number;
  weekStart: string;
  qty: number;
}

export interface DemandForecastRow {
  as_of: string;
  item_id: number;
  warehouse_id: number;
  pattern: DemandPattern;
  method: string;
  backtest_mase: number | null;
  week_start: string;
  week_start_key: number;
  step: number;
  forecast_qty: number;
  lower_qty: number;
  upper_qty: number;
  interval_level: number;
  pipeline_qty: number;
}

export interface SeriesForecast {
  itemId: number;
  warehouseId: number;
  history: number[];
  result: DemandForecast;
}

export interface DemandRun {
  /** Monday of the first history week and of the last (complete) one. */
  firstWeek: string;
  lastWeek: string;
  series: SeriesForecast[];
  rows: DemandForecastRow[];
  /** Demand class of each item's total weekly demand over all warehouses. */
  itemPatterns: Map<number, DemandPattern>;
}

/**
 * `lastWeek` is the Monday of the last complete week of history; the forecast covers the
 * `horizon` weeks after it. Open-pipeline demand is spread over an item's warehouses in
 * proportion to their forecasts (all to the first when none has any).
 */
export function forecastItemDemand(
  demand: readonly WeeklyDemand[], lastWeek: string,
  options: { horizon?: number; level?: number; pipeline?: readonly PipelineDemand[]; onProgress?: (done: number, total: number) => void } = {},
): DemandRun {
  const horizon = options.horizon ?? DEMAND_HORIZON_WEEKS;
  const level = options.level ?? DEMAND_INTERVAL;
  const history = demand.filter((d) => d.weekStart <= lastWeek);
  if (history.length === 0) throw new Error('no demand in the history: nothing to forecast');
  const firstWeek = history.reduce((m, d) => (d.weekStart < m ? d.weekStart : m), history[0]!.weekStart);
  const weeks = daysBetween(firstWeek, lastWeek) / 7 + 1;
  const index = (week: string) => daysBetween(firstWeek, week) / 7;

  const seriesByKey = new Map<string, { itemId: number; warehouseId: number; history: number[] }>();
  const itemTotals = new Map<number, number[]>();
  for (const d of history) {
    const key = `${d.itemId}:${d.warehouseId}`;
    let s = seriesByKey.get(key);
    if (!s) seriesByKey.set(key, (s = { itemId: d.itemId, warehouseId: d.warehouseId, history: new Array<number>(weeks).fill(0) }));
    s.history[index(d.weekStart)]! += d.qty;
    let total = itemTotals.get(d.itemId);
    if (!total) itemTotals.set(d.itemId, (total = new Array<number>(weeks).fill(0)));
    total[index(d.weekStart)]! += d.qty;
  }
  const list = [...seriesByKey.values()].sort((a, b) => a.itemId - b.itemId || a.warehouseId - b.warehouseId);
  const results = forecastMany(list.map((s) => s.history), { horizon, level, onProgress: options.onProgress, progressEvery: 100 });
  const series = list.map((s, i) => ({ ...s, result: results[i]! }));

  const pipeline = spreadPipeline(options.pipeline ?? [], series, lastWeek, horizon);
  const asOf = addDaysIso(lastWeek, 6);
  const rows = series.flatMap(({ itemId, warehouseId, result }) =>
    result.forecast.mean.map((mean, h): DemandForecastRow => {
      const weekStart = addDaysIso(lastWeek, 7 * (h + 1));
      return {
        as_of: asOf, item_id: itemId, warehouse_id: warehouseId, pattern: result.classification.pattern, method: result.method,
        backtest_mase: result.score === null || !Number.isFinite(result.score) ? null : result.score,
        week_start: weekStart, week_start_key: dateKey(weekStart), step: h + 1,
        forecast_qty: mean, lower_qty: result.forecast.lower[h]!, upper_qty: result.forecast.upper[h]!, interval_level: result.forecast.level,
        pipeline_qty: pipeline.get(`${itemId}:${warehouseId}:${h}`) ?? 0,
      };
    }),
  );
  const itemPatterns = new Map([...itemTotals].map(([item, total]) => [item, classifyDemand(total).pattern]));
  return { firstWeek, lastWeek, series, rows, itemPatterns };
}

function spreadPipeline(pipeline: readonly PipelineDemand[], series: readonly SeriesForecast[], lastWeek: string, horizon: number): Map<string, number> {
  const out = new Map<string, number>();
  const byItem = new Map<number, SeriesForecast[]>();
  for (const s of series) (byItem.get(s.itemId) ?? byItem.set(s.itemId, []).get(s.itemId)!).push(s);
  for (const p of pipeline) {
    const h = daysBetween(lastWeek, p.weekStart) / 7 - 1;
    const targets = byItem.get(p.itemId);
    if (h < 0 || h >= horizon || !Number.isInteger(h) || !targets) continue;
    const weights = targets.map((t) => t.result.forecast.mean.reduce((a, b) => a + b, 0));
    const total = weights.reduce((a, b) => a + b, 0);
    targets.forEach((t, i) => {
      const share = total > 0 ? weights[i]! / total : i === 0 ? 1 : 0;
      const key = `${t.itemId}:${t.warehouseId}:${h}`;
      out.set(key, (out.get(key) ?? 0) + p.qty * share);
    });
  }
  return out;
}

export interface PipelineBacktest {
  originWeek: string;
  /** Item-warehouse series with open-pipeline demand in the horizon at the origin. */
  series: number;
  /** Mean absolute error per series-week of the forecast from history alone, and with the pipeline added. */
  maeHistoryOnly: number | null;
  maeWithPipeline: number | null;
  pipelineBetter: boolean | null;
}

/**
 * Does adding the open pipeline beat the forecast from order history alone? Both forecast the
 * `horizon` weeks after `originWeek` for the items the pipeline then expected demand for, from
 * the history up to the origin; both are scored on what was then ordered.
 */
export function pipelineBacktest(demand: readonly WeeklyDemand[], originWeek: string, pipeline: readonly PipelineDemand[], horizon = DEMAND_HORIZON_WEEKS): PipelineBacktest {
  const end = addDaysIso(originWeek, 7 * horizon);
  const items = new Set(pipeline.filter((p) => p.weekStart > originWeek && p.weekStart <= end && p.qty > 0).map((p) => p.itemId));
  const history = demand.filter((d) => items.has(d.itemId) && d.weekStart <= originWeek);
  if (history.length === 0) return { originWeek, series: 0, maeHistoryOnly: null, maeWithPipeline: null, pipelineBetter: null };
  const run = forecastItemDemand(history, originWeek, { horizon, pipeline });
  const actual = new Map<string, number>();
  for (const d of demand) if (d.weekStart > originWeek && d.weekStart <= end) actual.set(`${d.itemId}:${d.warehouseId}:${d.weekStart}`, d.qty);
  let without = 0;
  let withPipeline = 0;
  for (const r of run.rows) {
    const a = actual.get(`${r.item_id}:${r.warehouse_id}:${r.week_start}`) ?? 0;
    without += Math.abs(a - r.forecast_qty);
    withPipeline += Math.abs(a - r.forecast_qty - r.pipeline_qty);
  }
  const n = run.rows.length;
  return { originWeek, series: run.series.length, maeHistoryOnly: without / n, maeWithPipeline: withPipeline / n, pipelineBetter: withPipeline < without };
}
