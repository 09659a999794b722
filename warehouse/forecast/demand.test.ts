import { describe, expect, it } from 'vitest';
import { addDaysIso } from './dates.js';
import { forecastItemDemand, pipelineBacktest, type WeeklyDemand } from './demand.js';

const first = '2024-01-01'; // a Monday
const week = (i: number) => addDaysIso(first, 7 * i);

function history(): WeeklyDemand[] {
  const out: WeeklyDemand[] = [];
  for (let i = 0; i < 60; i++) {
    out.push({ itemId: 1, warehouseId: 10, weekStart: week(i), qty: 20 + (i % 3) }); // smooth, main
    if (i % 2 === 0) out.push({ itemId: 1, warehouseId: 11, weekStart: week(i), qty: 7 }); // the same item elsewhere
    if (i % 9 === 4) out.push({ itemId: 2, warehouseId: 10, weekStart: week(i), qty: i % 2 === 0 ? 3 : 40 }); // rare and variable
  }
  out.push({ itemId: 3, warehouseId: 10, weekStart: week(60), qty: 99 }); // after the history: ignored
  return out;
}

describe('forecastItemDemand', () => {
  const lastWeek = week(59);
  const run = forecastItemDemand(history(), lastWeek, { pipeline: [{ itemId: 1, weekStart: week(61), qty: 30 }, { itemId: 1, weekStart: week(90), qty: 5 }] });

  it('forecasts each item and warehouse with demand over the history, 13 weeks after its last complete week', () => {
    expect(run.series.map((s) => `${s.itemId}:${s.warehouseId}`)).toEqual(['1:10', '1:11', '2:10']);
    expect(run.firstWeek).toBe(first);
    for (const s of run.series) expect(s.history).toHaveLength(60); // weeks without orders are zeros
    expect(run.series[2]!.history.filter((q) => q > 0)).toHaveLength(7);
    expect(run.rows).toHaveLength(3 * 13);
    const rows = run.rows.filter((r) => r.item_id === 1 && r.warehouse_id === 10);
    expect(rows.map((r) => r.step)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
    expect(rows[0]!.week_start).toBe(week(60));
    expect(rows[0]!.week_start_key).toBe(Number(week(60).replaceAll('-', '')));
    expect(rows[0]!.as_of).toBe(addDaysIso(lastWeek, 6)); // the Sunday ending the history
    for (const r of run.rows) expect(r.lower_qty <= r.forecast_qty && r.forecast_qty <= r.upper_qty).toBe(true);
  });

  it('classifies the series and each item over all its warehouses', () => {
    expect(run.series[0]!.result.classification.pattern).toBe('smooth');
    expect(run.series[2]!.result.classification.pattern).toBe('lumpy');
    expect(run.itemPatterns.get(1)).toBe('smooth');
    expect(run.itemPatterns.get(2)).toBe('lumpy');
    expect(run.itemPatterns.has(3)).toBe(false);
  });

  it('spreads open-pipeline demand over the item\'s warehouses by their forecasts, within the horizon only', () => {
    const second = run.rows.filter((r) => r.item_id === 1 && r.step === 2);
    const total = second.reduce((s, r) => s + r.pipeline_qty, 0);
    expect(total).toBeCloseTo(30, 9);
    const [main, other] = second;
    const sum = (w: number) => run.rows.filter((r) => r.item_id === 1 && r.warehouse_id === w).reduce((s, r) => s + r.forecast_qty, 0);
    expect(main!.pipeline_qty / other!.pipeline_qty).toBeCloseTo(sum(10) / sum(11), 6);
    expect(run.rows.filter((r) => r.step !== 2).every((r) => r.pipeline_qty === 0)).toBe(true);
  });

  it('refuses an empty history', () => {
    expect(() => forecastItemDemand([], lastWeek)).toThrow(/no demand/);
  });
});

describe('pipelineBacktest', () => {
  // Steady demand of 10 a week, then, after the origin, 30 more in week +2 that the pipeline foresaw.
  const demand: WeeklyDemand[] = Array.from({ length: 40 }, (_, i) => ({ itemId: 5, warehouseId: 1, weekStart: week(i), qty: i === 32 ? 40 : 10 }));
  const origin = week(30);

  it('scores the forecast with and without the pipeline on what was then ordered', () => {
    const right = pipelineBacktest(demand, origin, [{ itemId: 5, weekStart: week(32), qty: 30 }], 4);
    expect(right.series).toBe(1);
    expect(right.pipelineBetter).toBe(true);
    // History alone says 10 a week: errors 0, 30, 0, 0 over 4 weeks.
    expect(right.maeHistoryOnly).toBeCloseTo(30 / 4, 6);
    expect(right.maeWithPipeline).toBeCloseTo(0, 6);
    const wrong = pipelineBacktest(demand, origin, [{ itemId: 5, weekStart: week(31), qty: 30 }], 4);
    expect(wrong.pipelineBetter).toBe(false);
  });

  it('has nothing to score without pipeline demand in the horizon', () => {
    expect(pipelineBacktest(demand, origin, [{ itemId: 5, weekStart: week(20), qty: 30 }], 4)).toMatchObject({ series: 0, pipelineBetter: null });
  });
});
