import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { planning, scm, type Context } from '../domain/index.js';
import { runPipeline } from '../pipelines/index.js';
import { runForecast } from '../warehouse/forecast/run.js';
import { proposeSuggestions } from '../warehouse/forecast/propose.js';
import { forecastCommand } from '../cli/commands/forecast.js';
import type { TestDatabase } from './support/database.js';
import { simulatedWarehouse, type SimulatedWarehouse } from './support/simulated-warehouse.js';
import { runCommand } from './support/cli.js';
import { query } from './support/warehouse.js';

/**
 * `ledgerloop forecast` on a small simulated company: the models read the warehouse, their
 * outputs land in it as one run stamped with run id and model version, later runs append, and
 * the pipeline's full rebuild keeps them. Counts are checked against Postgres directly.
 */
const COMPANY = { seed: 23, scale: 0.25, start: '2024-01-01' };

describe('ledgerloop forecast', () => {
  let company: SimulatedWarehouse;
  let database: TestDatabase;
  let ctx: Context;
  const warehouse = () => company.warehouse;

  beforeAll(async () => {
    company = await simulatedWarehouse('ll-forecast-', { ...COMPANY, days: 300 });
    ({ database, ctx } = company);
  });
  afterAll(() => company?.remove());

  it('stores a forecast per customer who ordered and 13 weeks per item and warehouse with demand', async () => {
    const result = await runForecast(warehouse());
    expect(result.runId).toBe(1);
    const { rows: pg } = await sql<{ customers: number; last: string; series: number }>`
      select count(distinct o.customer_id)::int as customers, max(o.order_date)::text as last,
             (select count(*)::int from (select distinct l.item_id, o2.warehouse_id from erp.sales_order_lines l
                join erp.sales_orders o2 on o2.id = l.order_id
               where o2.status <> 'cancelled' and o2.order_date <= (date_trunc('week', (select max(order_date) from erp.sales_orders) + 1) - interval '1 day')::date
                 and l.quantity > l.cancelled_qty) s) as series
        from erp.sales_orders o where o.status <> 'cancelled'`.execute(database.db);
    expect(result.asOf).toBe(pg[0]!.last);
    const runs = await query(warehouse(), 'select model, status, rows_written, model_version from meta_model_run order by model');
    expect(runs.map((r) => [r.model, r.status])).toEqual(['cash', 'customers', 'demand', 'funnel', 'inventory', 'suppliers'].map((m) => [m, 'succeeded']));
    const customers = await query(warehouse(), 'select count(*) as n, count(distinct customer_id) as d, min(probability_alive) as lo, max(probability_alive) as hi from fact_forecast_customer');
    expect(customers[0]).toMatchObject({ n: pg[0]!.customers, d: pg[0]!.customers });
    expect(customers[0]!.lo as number).toBeGreaterThanOrEqual(0);
    expect(customers[0]!.hi as number).toBeLessThanOrEqual(1);
    const demand = await query(warehouse(), 'select count(distinct (item_id, warehouse_id)) as series, count(*) as n, min(step) as s1, max(step) as s13 from fact_forecast_demand');
    expect(demand[0]).toMatchObject({ series: pg[0]!.series, n: pg[0]!.series * 13, s1: 1, s13: 13 });
    expect(runs.find((r) => r.model === 'demand')!.rows_written).toBe(pg[0]!.series * 13);
  });

  it('appends later runs, keeps them through a full pipeline rebuild, and tells the two runs apart', async () => {
    await runForecast(warehouse(), { asOf: '2024-09-30' });
    await runPipeline(database, { warehousePath: warehouse(), full: true });
    const runs = await query(warehouse(), `select model, as_of::varchar as as_of from meta_model_run where run_id = 2 order by model`);
    // Demand looks from the Sunday ending the last complete week; the others from the day itself.
    expect(runs).toEqual(['cash', 'customers', 'demand', 'funnel', 'inventory', 'suppliers'].map((model) => ({ model, as_of: model === 'demand' ? '2024-09-29' : '2024-09-30' })));
    expect(await query(warehouse(), 'select count(distinct run_id) as n from fact_forecast_demand')).toEqual([{ n: 2 }]);
    const perRun = await query(warehouse(), 'select run_id, count(*) as n, max(last_purchase_date)::varchar as last from fact_forecast_customer group by 1 order by 1');
    expect(perRun).toHaveLength(2);
    expect(perRun[1]!.last as string <= '2024-09-30').toBe(true);
    expect(perRun[1]!.n as number).toBeLessThan(perRun[0]!.n as number);
  });

  it('fills every model table, each row traceable to its run', async () => {
    const counts = await query(warehouse(), `
      select (select count(*) from fact_forecast_cash where run_id = 1) as cash_weeks,
             (select count(*) from fact_supplier_score where run_id = 1) as suppliers,
             (select count(*) from fact_inventory_item where run_id = 1) as items,
             (select count(*) from fact_funnel_stage where run_id = 1) as stages,
             (select count(*) from fact_funnel_win_rate where run_id = 1 and dimension = 'overall') as overall`);
    const { rows: pg } = await sql<{ suppliers: number; stages: number }>`
      select (select count(*)::int from scm.suppliers) as suppliers,
             (select count(*)::int from crm.pipeline_stages where outcome is null or outcome = 'open') as stages`.execute(database.db);
    expect(counts[0]).toMatchObject({ cash_weeks: 13, suppliers: pg[0]!.suppliers, overall: 1 });
    expect(counts[0]!.items as number).toBeGreaterThan(0);
    expect(counts[0]!.stages as number).toBeGreaterThan(0);
    // The cash forecast runs the balance from the books' cash at as_of.
    const cash = await query(warehouse(), 'select step, opening_cash_functional as o, closing_cash_functional as c, net_functional as n from fact_forecast_cash where run_id = 1 order by step');
    for (const w of cash) expect(w.c).toBe((w.o as number) + (w.n as number));
    for (let k = 1; k < cash.length; k++) expect(cash[k]!.o).toBe(cash[k - 1]!.c);
  });

  it('records supplier standings and writes planning suggestions once, updating them on a re-run', async () => {
    const result = await runForecast(warehouse());
    const first = await proposeSuggestions(ctx, warehouse(), result);
    expect(first.standings).toBeGreaterThan(0);
    expect(first.replenishment + first.production + first.reEngagement).toBeGreaterThan(0);
    const count = async () => (await sql<{ n: number; open: number }>`select count(*)::int as n, count(*) filter (where status = 'open')::int as open from planning.suggestions`.execute(database.db)).rows[0]!;
    const before = await count();
    expect(before.n).toBe(first.created);
    const again = await proposeSuggestions(ctx, warehouse(), await runForecast(warehouse()));
    expect(again.created).toBe(0);
    expect(again.updated).toBe(before.open);
    expect(await count()).toEqual(before);
    // A supplier the scorecard blocks is no longer one buyers may order from.
    const { rows: blocked } = await sql<{ supplier_id: number }>`select supplier_id from scm.supplier_standings where standing = 'blocked'`.execute(database.db);
    const orderable = await scm.orderableSuppliers(database.db, result.asOf);
    for (const b of blocked) expect(orderable.find((o) => o.supplierId === b.supplier_id)?.categories ?? []).toEqual([]);
  });

  it('measures decided suggestions against what happened once their weeks have passed', async () => {
    const early = await runForecast(warehouse(), { asOf: '2024-08-15' });
    await proposeSuggestions(ctx, warehouse(), early);
    const open = await planning.listSuggestions(database.db, { status: 'open', limit: 1000 });
    const call = open.find((s) => s.kind === 're_engagement')!;
    const stock = open.find((s) => s.kind === 'replenishment' && String(s.proposal.neededBy) <= '2024-09-01')!;
    await planning.acceptSuggestion(ctx, { suggestionId: call.suggestionId, date: '2024-08-16' });
    await planning.rejectSuggestion(ctx, { suggestionId: stock.suggestionId, date: '2024-08-16', reason: 'stock is fine' });
    const later = await proposeSuggestions(ctx, warehouse(), await runForecast(warehouse()));
    expect(later.outcomes).toBeGreaterThanOrEqual(2);
    const measured = await planning.suggestion(database.db, call.suggestionId);
    expect(measured!.outcomes).toHaveLength(1);
    const o = measured!.outcomes[0]!.outcome;
    // Independently: did the customer order in the 30 days after the follow-up was due?
    const due = String(call.proposal.dueDate);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from erp.sales_orders where customer_id = ${call.proposal.customerId as number}
      and order_date > ${due}::date and order_date <= ${due}::date + 30 and status <> 'cancelled'`.execute(database.db);
    expect(o).toMatchObject({ decision: 'accepted', ordered: rows[0]!.n > 0, orders: rows[0]!.n });
    const rejected = await planning.suggestion(database.db, stock.suggestionId);
    expect(rejected!.outcomes[0]!.outcome).toMatchObject({ decision: 'rejected', window: { from: String(stock.proposal.neededBy) } });
    expect(typeof rejected!.outcomes[0]!.outcome.stockoutDays).toBe('number');
  });

  it('prints a summary with the fitted model and the holdout check, and says --help', async () => {
    const out = await runCommand(forecastCommand, '--truth', '/nonexistent/truth.json');
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/no ground-truth manifest/);
    expect(forecastCommand.help).toMatch(/fact_forecast_demand/);
  });
});
