import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { planning, type Context } from '../domain/index.js';
import { simulate } from '../domain/simulate/index.js';
import { simulationState } from '../domain/core/simulation-state.js';
import { runPipeline, warehouseState } from '../pipelines/index.js';
import { runForecast } from '../warehouse/forecast/run.js';
import { proposeSuggestions } from '../warehouse/forecast/propose.js';
import { runNamedQuery } from '../warehouse/read-only-query.js';
import { updateForecasts } from '../cli/commands/start.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { query } from './support/warehouse.js';

/**
 * The planning loop through the warehouse: a small simulated company, the forecast's suggestions
 * as of an earlier day (so their weeks pass within the data), planners' decisions through
 * domain/planning, and the incremental runs that must bring exactly those decisions, their
 * documents and later their measured outcomes — while a forecast that only proposes leaves the
 * warehouse current. Checked against Postgres directly.
 */
const COMPANY = { seed: 23, scale: 0.1, start: '2024-01-01' };
const DAYS = 270;
const EARLY = '2024-07-31';

describe('planning decisions in the warehouse', () => {
  let database: TestDatabase;
  let ctx: Context;
  let dir: string;
  let lastDay: string;
  const warehouse = () => join(dir, 'warehouse.duckdb');
  const pg = async <T = Record<string, unknown>>(text: string) => (await sql<T>`${sql.raw(text)}`.execute(database.db)).rows;
  const decided = { accepted: 0, modified: 0, rejected: 0, reqNo: '', extraRejected: 0 };

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'planner-test' };
    dir = mkdtempSync(join(tmpdir(), 'll-wh-planning-'));
    await simulate({ db: database.db, actor: 'test' }, { ...COMPANY, days: DAYS });
    lastDay = (await simulationState(database.db))!.lastDate;
    await runPipeline(database, { warehousePath: warehouse() });
  });
  afterAll(async () => {
    await database.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a forecast that only proposes suggestions leaves the warehouse current', async () => {
    const plan = await proposeSuggestions(ctx, warehouse(), await runForecast(warehouse(), { asOf: EARLY }));
    expect(plan.created).toBeGreaterThan(0);
    const [events] = await pg<{ n: number }>(`select count(*)::int as n from core.outbox where aggregate_type = 'planning_suggestion'`);
    expect(events!.n).toBe(plan.created);
    expect((await warehouseState(database, warehouse())).state).toBe('current');
  });

  it('decisions make it stale, and the next incremental run loads exactly them with their documents', async () => {
    const open = await planning.listSuggestions(database.db, { status: 'open', limit: 1000, sort: 'expires_on' });
    const stock = open.filter((s) => s.kind === 'replenishment');
    const call = open.find((s) => s.kind === 're_engagement')!;
    expect(stock.length).toBeGreaterThanOrEqual(2);
    expect(call).toBeDefined();
    const [planner] = await pg<{ id: number }>(`select id from people.employees where active and department_id is not null and role in ('planner', 'buyer') order by case role when 'planner' then 0 else 1 end, id limit 1`);
    const date = addDays(EARLY, 1);
    const accepted = await planning.acceptSuggestion(ctx, { suggestionId: stock[0]!.suggestionId, date, requesterId: planner!.id });
    const quantity = Number(stock[1]!.proposal.quantity) + 10;
    const modified = await planning.modifySuggestion(ctx, { suggestionId: stock[1]!.suggestionId, date, requesterId: planner!.id, changes: { quantity }, reason: 'a round lot' });
    const rejected = await planning.rejectSuggestion(ctx, { suggestionId: call.suggestionId, date, reason: 'called them last week' });
    decided.accepted = accepted.suggestionId;
    decided.modified = modified.suggestionId;
    decided.rejected = rejected.suggestionId;
    decided.reqNo = accepted.document!.number!;

    const state = await warehouseState(database, warehouse());
    expect(state.state).toBe('stale');
    const run = await runPipeline(database, { warehousePath: warehouse() });
    expect(run.mode).toBe('incremental');
    expect(run.rowsWritten.fact_planning_decision).toBe(3);

    const rows = await query(warehouse(), `
      select suggestion_id, kind, decision, is_accepted, decided_on::varchar as decided_on, decided_by, reason, document_type, document_no,
             item_id, warehouse_id, customer_id, proposed_quantity, accepted_quantity, changed_fields, value_at_stake_functional, outcomes_measured,
             product_key is not null as has_product, customer_key is not null as has_customer
        from fact_planning_decision order by suggestion_id`);
    const expected = await pg(`
      select d.suggestion_id, s.kind, d.decision, d.decision in ('accepted', 'modified') as is_accepted, d.decided_on::text as decided_on, d.decided_by, d.reason,
             d.document_type, d.document_no, (s.proposal->>'itemId')::int as item_id, (s.proposal->>'warehouseId')::int as warehouse_id,
             (s.proposal->>'customerId')::int as customer_id, (s.proposal->>'quantity')::int as proposed_quantity, (d.accepted->>'quantity')::int as accepted_quantity,
             case when d.changes = '{}' then null else (select string_agg(k, ',' order by k) from jsonb_object_keys(d.changes) k) end as changed_fields,
             s.value_at_stake as value_at_stake_functional, 0 as outcomes_measured,
             s.kind <> 're_engagement' as has_product, s.kind = 're_engagement' as has_customer
        from planning.decisions d join planning.suggestions s on s.id = d.suggestion_id order by 1`);
    expect(rows).toEqual(expected);
    expect(rows.map((r) => r.suggestion_id)).toEqual([decided.accepted, decided.modified, decided.rejected].sort((a, b) => a - b));
    const byId = new Map(rows.map((r) => [r.suggestion_id, r]));
    expect(byId.get(decided.accepted)).toMatchObject({ decision: 'accepted', document_type: 'requisition', document_no: decided.reqNo, decided_by: 'planner-test' });
    expect(byId.get(decided.modified)).toMatchObject({ decision: 'modified', document_type: 'requisition', accepted_quantity: quantity, changed_fields: 'quantity', reason: 'a round lot' });
    expect(byId.get(decided.rejected)).toMatchObject({ decision: 'rejected', document_type: null, reason: 'called them last week', customer_id: call.proposal.customerId });
    // The documents came in the same run, under the same numbers.
    const requisitions = await query(warehouse(), `select requisition_no, quantity from fact_requisition_line where requisition_no in (select document_no from fact_planning_decision) order by 1`);
    expect(requisitions).toEqual(await pg(`select r.requisition_no, r.quantity from scm.requisitions r join planning.decisions d on d.document_type = 'requisition' and d.document_id = r.id order by 1`));

    // The drill-down names each document's number after its kind, so its cell leads to it.
    const drill = await runNamedQuery(warehouse(), 'dashboard_planning_decisions', { period_from: '2024-01-01', period_to: lastDay });
    expect(drill.map((r) => r.suggestion_id).sort()).toEqual([...byId.keys()].sort());
    expect(drill.find((r) => r.suggestion_id === decided.accepted)).toMatchObject({ requisition_no: decided.reqNo, po_no: null, production_order_no: null, decision: 'accepted' });
    expect(drill.find((r) => r.suggestion_id === decided.rejected)).toMatchObject({ requisition_no: null, follow_up_id: null, decision: 'rejected' });
    expect((await runNamedQuery(warehouse(), 'dashboard_planning_decisions', { period_from: '2024-01-01', period_to: lastDay, decision: 'rejected' })).map((r) => r.suggestion_id)).toEqual([decided.rejected]);
  });

  it('running the forecast again without decisions leaves it current; a rejection alone is loaded without re-running the models', async () => {
    const before = await pg<{ n: number }>(`select count(*)::int as n from core.outbox where aggregate_type = 'planning_suggestion'`);
    const again = await proposeSuggestions(ctx, warehouse(), await runForecast(warehouse(), { asOf: EARLY }));
    expect(again.expired).toBe(0);
    expect(again.outcomes).toBe(0);
    // The run revised its open suggestions (events written), but those load nothing.
    const after = await pg<{ n: number }>(`select count(*)::int as n from core.outbox where aggregate_type = 'planning_suggestion'`);
    expect(after[0]!.n).toBeGreaterThan(before[0]!.n);
    expect((await warehouseState(database, warehouse())).state).toBe('current');

    const open = await planning.listSuggestions(database.db, { status: 'open', limit: 1 });
    await planning.rejectSuggestion(ctx, { suggestionId: open[0]!.suggestionId, date: addDays(EARLY, 2), reason: 'not this quarter' });
    decided.extraRejected = open[0]!.suggestionId;
    expect((await warehouseState(database, warehouse())).state).toBe('stale');
    const run = await runPipeline(database, { warehousePath: warehouse() });
    expect(Object.entries(run.rowsWritten).filter(([, n]) => n > 0)).toEqual([['fact_planning_decision', 1]]);
    expect(await updateForecasts(database, warehouse(), { quiet: true })).toMatch(/^Forecasts are current/);
  });

  it('outcomes measured later make it stale; the next run loads them, and the named query compares them with what was proposed', async () => {
    const later = await proposeSuggestions(ctx, warehouse(), await runForecast(warehouse()));
    expect(later.outcomes).toBeGreaterThanOrEqual(1);
    expect((await warehouseState(database, warehouse())).state).toBe('stale');
    await runPipeline(database, { warehousePath: warehouse() });

    // Every decision (the expiries of this run included), each with its latest outcome.
    const facts = await query(warehouse(), `
      select suggestion_id, decision, outcomes_measured, outcome_measured_on::varchar as measured_on, outcome_stockout_days, outcome_in_stock,
             outcome_ordered_qty, outcome_forecast_qty::double as forecast_qty, outcome_customer_ordered, outcome_orders
        from fact_planning_decision order by suggestion_id`);
    const outcomes = await pg(`
      select d.suggestion_id, d.decision, (select count(*)::int from planning.outcomes c where c.suggestion_id = d.suggestion_id) as outcomes_measured,
             o.measured_on::text as measured_on, (o.outcome->>'stockoutDays')::int as outcome_stockout_days, (o.outcome->>'inStock')::boolean as outcome_in_stock,
             (o.outcome->>'orderedQty')::int as outcome_ordered_qty, (o.outcome->>'forecastQty')::float8 as forecast_qty,
             (o.outcome->>'ordered')::boolean as outcome_customer_ordered, (o.outcome->>'orders')::int as outcome_orders
        from planning.decisions d
        left join lateral (select * from planning.outcomes o where o.suggestion_id = d.suggestion_id order by measured_on desc limit 1) o on true
       order by 1`);
    expect(facts).toEqual(outcomes);
    expect(facts.filter((f) => f.decision === 'expired').length).toBe(later.expired);
    expect(facts.find((f) => f.suggestion_id === decided.rejected)!.outcomes_measured).toBe(1);
    expect(typeof facts.find((f) => f.suggestion_id === decided.accepted)!.outcome_in_stock).toBe('boolean');

    // Per month and kind, as counted in Postgres from the decisions and the outcomes' JSON.
    const report = await runNamedQuery(warehouse(), 'dashboard_planning_outcomes', { period_from: '2024-07-01', period_to: lastDay });
    if (process.env.PLANNING_PRINT) console.log(JSON.stringify(report.filter((r) => (r.decided as number) + (r.expired as number) > 0), (_, v: unknown) => (typeof v === 'bigint' ? Number(v) : v), 1));
    const expected = await pg<Record<string, unknown>>(`
      with f as (
        select to_char(d.decided_on, 'YYYY-MM') as month, s.kind, d.decision, s.value_at_stake, o.outcome,
               d.decision <> 'expired' and o.outcome is not null as measured
          from planning.decisions d join planning.suggestions s on s.id = d.suggestion_id
          left join lateral (select outcome from planning.outcomes o where o.suggestion_id = d.suggestion_id order by measured_on desc limit 1) o on true
      )
      select month, kind, count(*) filter (where decision <> 'expired')::int as decided, count(*) filter (where decision = 'accepted')::int as accepted,
             count(*) filter (where decision = 'modified')::int as modified, count(*) filter (where decision = 'rejected')::int as rejected,
             count(*) filter (where decision = 'expired')::int as expired,
             coalesce(sum(value_at_stake) filter (where decision in ('accepted', 'modified')), 0)::bigint as value_at_stake_accepted,
             count(*) filter (where measured)::int as measured,
             count(*) filter (where measured and (outcome->>'inStock')::boolean and decision in ('accepted', 'modified'))::int as in_stock_accepted,
             count(*) filter (where measured and not (outcome->>'inStock')::boolean and decision = 'rejected')::int as stockout_rejected,
             sum((outcome->>'orderedQty')::int) filter (where measured)::int as actual_qty,
             count(*) filter (where measured and (outcome->>'ordered')::boolean and decision = 'rejected')::int as ordered_again_rejected
        from f group by 1, 2`);
    const got = report.filter((r) => (r.decided as number) + (r.expired as number) > 0).map((r) => ({
      month: r.month, kind: r.kind, decided: r.decided, accepted: r.accepted, modified: r.modified, rejected: r.rejected, expired: r.expired,
      value_at_stake_accepted: Number(r.value_at_stake_accepted), measured: r.measured,
      in_stock_accepted: r.kind === 'replenishment' || r.kind === 'production' ? r.in_stock_accepted : 0,
      stockout_rejected: r.kind === 'replenishment' || r.kind === 'production' ? r.stockout_rejected : 0,
      actual_qty: r.kind === 'replenishment' || r.kind === 'production' ? (r.actual_qty === null ? null : Number(r.actual_qty)) : null,
      ordered_again_rejected: r.kind === 're_engagement' ? r.ordered_again_rejected : 0,
    }));
    const sortKey = (r: Record<string, unknown>) => `${String(r.month)}|${String(r.kind)}`;
    expect(got.sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      expected.map((e) => ({ ...e, actual_qty: e.kind === 'replenishment' || e.kind === 'production' ? e.actual_qty : null })).sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
    const august = report.find((r) => r.month === addDays(EARLY, 1).slice(0, 7) && r.kind === 'replenishment')!;
    expect(august).toMatchObject({ accepted: 1, modified: 1 });
    expect(august.acceptance_rate).toBe((1 + 1) / (august.decided as number));
    // Every month of the period and every kind has a row.
    expect(report.length % 4).toBe(0);
    expect(report.filter((r) => r.kind === 'budget').every((r) => r.forecast_qty === null && r.in_stock_accepted === null)).toBe(true);

    // A region keeps that region's suggestions only: the customer's for a re-engagement; a budget belongs to none.
    const [{ region }] = (await query(warehouse(), `select c.region from fact_planning_decision f join dim_customer c using (customer_key) where f.suggestion_id = ${decided.rejected}`)) as [{ region: string }];
    const regional = await runNamedQuery(warehouse(), 'dashboard_planning_outcomes', { period_from: '2024-07-01', period_to: lastDay, region });
    expect(regional.find((r) => r.month === addDays(EARLY, 1).slice(0, 7) && r.kind === 're_engagement')!.rejected).toBeGreaterThanOrEqual(1);
    expect(report.some((r) => r.kind === 'budget' && (r.decided as number) + (r.expired as number) > 0)).toBe(true);
    expect(regional.filter((r) => r.kind === 'budget').every((r) => r.decided === 0 && r.expired === 0)).toBe(true);
  });

  it('an incremental warehouse holds the same decisions as a full rebuild', async () => {
    const full = join(dir, 'full.duckdb');
    await runPipeline(database, { warehousePath: full });
    const rows = (path: string) => query(path, `select * exclude (product_key, customer_key, supplier_key) from fact_planning_decision order by suggestion_id`);
    const [incremental, rebuilt] = [await rows(warehouse()), await rows(full)];
    expect(incremental.length).toBeGreaterThan(3);
    expect(incremental).toEqual(rebuilt);
  });
});

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}
