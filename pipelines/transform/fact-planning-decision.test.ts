import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMemory, type Duck } from '../warehouse/duck.js';
import { stagingTableSql } from '../extract/stage-spec.js';
import { planningDecisionsStage } from '../extract/stages/planning.js';
import { factPlanningDecision } from './fact-planning-decision.js';
import { installSqlFunctions } from './sql-functions.js';

/** The planning fact's transform on staged rows: each kind's proposal and outcome fields read from their JSON. */
const base = {
  decision_id: 1, natural_key: 'k', value_at_stake: 1000, model_version: 'plan/1', first_run_id: 'r1', run_id: 'r2', as_of: '2024-05-01', revision: 1,
  expires_on: '2024-06-01', proposed_at_us: 1_714_521_600_000_000, decided_on: '2024-05-03', decided_at_us: 1_714_694_400_000_000, decided_by: 'dashboard:pl',
  reason: null, accepted: null, changes: '{}', document_type: null, document_id: null, document_no: null, outcomes: 0, measured_on: null, outcome: null, outcome_recorded_at_us: null,
};
const rows: Record<string, unknown>[] = [
  {
    ...base, suggestion_id: 1, kind: 'replenishment', decision: 'modified',
    proposal: JSON.stringify({ itemId: 12, warehouseId: 3, quantity: 40, supplierId: 7, unitPrice: 950, orderBy: '2024-05-10', neededBy: '2024-05-24' }),
    accepted: JSON.stringify({ itemId: 12, warehouseId: 3, quantity: 55, supplierId: 9, unitPrice: 950, orderBy: '2024-05-10', neededBy: '2024-05-31' }),
    changes: JSON.stringify({ quantity: { before: 40, after: 55 }, supplierId: { before: 7, after: 9 }, neededBy: { before: '2024-05-24', after: '2024-05-31' } }),
    reason: 'bigger lot', document_type: 'purchase_order', document_id: 81, document_no: 'PO-000081', outcomes: 2, measured_on: '2024-07-01',
    outcome: JSON.stringify({ decision: 'modified', window: { from: '2024-05-31', to: '2024-06-27' }, daysObserved: 28, stockoutDays: 2, lowestOnHand: 0, orderedQty: 61, forecastQty: 47.35, inStock: false }),
    outcome_recorded_at_us: 1_719_792_000_000_000,
  },
  {
    ...base, suggestion_id: 2, kind: 're_engagement', decision: 'rejected', reason: 'called last week',
    proposal: JSON.stringify({ customerId: 44, repId: 5, dueDate: '2024-05-06', reason: 'quiet for 90 days' }),
    outcomes: 1, measured_on: '2024-06-10', outcome: JSON.stringify({ decision: 'rejected', window: { from: '2024-05-07', to: '2024-06-05' }, ordered: true, orders: 2, valueFunctional: 123_400, firstOrderDate: '2024-05-20' }),
  },
  {
    ...base, suggestion_id: 3, kind: 'budget', decision: 'accepted', document_type: 'budget_version', document_id: 4, document_no: 'Budget 2024 v2',
    proposal: JSON.stringify({ quarter: '2024-Q3', costCenter: 'OPS', lines: [{ account: '6100', month: '2024-07', amount: 500 }, { account: '6100', month: '2024-08', amount: 700 }] }),
    accepted: JSON.stringify({ quarter: '2024-Q3', costCenter: 'OPS', lines: [{ account: '6100', month: '2024-07', amount: 500 }, { account: '6100', month: '2024-08', amount: 700 }] }),
    outcomes: 1, measured_on: '2024-10-02', outcome: JSON.stringify({ decision: 'accepted', quarter: '2024-Q3', proposedFunctional: 1200, actualFunctional: 1350, differenceFunctional: 150 }),
  },
  // Expired, and an outcome recorded by hand with fields of other types: read as null, kept in the JSON.
  {
    ...base, suggestion_id: 4, kind: 'production', decision: 'expired', decided_by: 'system', reason: 'not proposed by run r3',
    proposal: JSON.stringify({ itemId: 20, warehouseId: 1, quantity: 5, neededBy: '2024-05-15' }),
    outcomes: 1, measured_on: '2024-06-30', outcome: JSON.stringify({ stockoutDays: 'several', inStock: 'maybe', window: 'June' }),
  },
];

describe('fact_planning_decision transform', () => {
  let duck: Duck;
  let out: Map<number, Record<string, unknown>>;
  beforeAll(async () => {
    duck = await openMemory();
    await installSqlFunctions(duck);
    await duck.run(stagingTableSql(planningDecisionsStage));
    for (const r of rows) {
      const values = planningDecisionsStage.columns.map((c) => {
        const v = r[c.name];
        if (v === null || v === undefined) return 'null';
        return typeof v === 'number' ? String(v) : `'${String(v).replace(/'/g, "''")}'`;
      });
      await duck.run(`insert into ${planningDecisionsStage.name} values (${values.join(', ')})`);
    }
    const result = await duck.all<Record<string, unknown>>(`select * from (${factPlanningDecision.transform({ mode: 'full', functionalCurrency: 'EUR', snapshotUs: 0n })}) order by suggestion_id`);
    out = new Map(result.map((r) => [Number(r.suggestion_id), r]));
  });
  afterAll(() => duck.close());

  const day = (d: unknown) => (d instanceof Date ? d.toISOString().slice(0, 10) : d);

  it('reads a modified replenishment: proposed and accepted quantity, supplier and date, the changes, and its stock outcome', () => {
    const r = out.get(1)!;
    expect({ ...r, proposed_order_by: day(r.proposed_order_by), proposed_date: day(r.proposed_date), accepted_date: day(r.accepted_date), outcome_window_from: day(r.outcome_window_from), outcome_window_to: day(r.outcome_window_to) }).toMatchObject({
      kind: 'replenishment', decision: 'modified', is_planner_decision: true, is_accepted: true, decided_on_key: 20240503,
      item_id: 12, warehouse_id: 3, customer_id: null, supplier_id: 9, proposed_supplier_id: 7,
      proposed_quantity: 40n, accepted_quantity: 55n, proposed_order_by: '2024-05-10', proposed_date: '2024-05-24', proposed_date_key: 20240524, accepted_date: '2024-05-31',
      changed_fields: 'neededBy,quantity,supplierId', document_type: 'purchase_order', document_no: 'PO-000081', cost_center: null, proposed_budget_functional: null,
      outcomes_measured: 2, outcome_window_from: '2024-05-31', outcome_window_to: '2024-06-27', outcome_days_observed: 28, outcome_stockout_days: 2,
      outcome_in_stock: false, outcome_lowest_on_hand: 0n, outcome_ordered_qty: 61n, outcome_customer_ordered: null,
    });
    expect(Number(r.outcome_forecast_qty)).toBe(47.35);
    expect(JSON.parse(String(r.outcome_json))).toMatchObject({ forecastQty: 47.35 });
  });

  it('reads a rejected re-engagement: the customer, the rep, the due date and whether the customer ordered', () => {
    const r = out.get(2)!;
    expect({ ...r, proposed_date: day(r.proposed_date), accepted_date: day(r.accepted_date), outcome_first_order_date: day(r.outcome_first_order_date) }).toMatchObject({
      kind: 're_engagement', decision: 'rejected', is_planner_decision: true, is_accepted: false, reason: 'called last week',
      customer_id: 44, rep_id: 5, item_id: null, supplier_id: null, proposed_date: '2024-05-06', accepted_date: null, accepted_json: null, changed_fields: null,
      document_type: null, outcome_customer_ordered: true, outcome_orders: 2, outcome_order_value_functional: 123_400n, outcome_first_order_date: '2024-05-20', outcome_stockout_days: null,
    });
  });

  it('reads an accepted budget: quarter, cost centre, totals as proposed and accepted, and budget against actual', () => {
    const r = out.get(3)!;
    expect({ ...r, proposed_date: day(r.proposed_date), accepted_date: day(r.accepted_date) }).toMatchObject({
      kind: 'budget', budget_quarter: '2024-Q3', cost_center: 'OPS', proposed_date: '2024-07-01', accepted_date: '2024-07-01', proposed_quantity: null,
      proposed_budget_functional: 1200n, accepted_budget_functional: 1200n, document_no: 'Budget 2024 v2',
      outcome_budget_proposed_functional: 1200n, outcome_budget_actual_functional: 1350n, outcome_budget_difference_functional: 150n, outcome_window_from: null,
    });
  });

  it('counts an expiry out of the acceptance rate, and reads outcome fields of another type as null', () => {
    const r = out.get(4)!;
    expect(r).toMatchObject({ decision: 'expired', is_planner_decision: false, is_accepted: false, item_id: 20, accepted_quantity: null, outcome_stockout_days: null, outcome_in_stock: null, outcome_window_from: null });
    expect(JSON.parse(String(r.outcome_json))).toEqual({ stockoutDays: 'several', inStock: 'maybe', window: 'June' });
  });

  it('has exactly the columns of sql/warehouse/fact_planning_decision.sql, less the dimension keys the load adds', async () => {
    const { readFileSync } = await import('node:fs');
    const ddl = readFileSync(new URL('../../sql/warehouse/fact_planning_decision.sql', import.meta.url), 'utf8');
    const declared = [...ddl.slice(ddl.indexOf('(') + 1, ddl.indexOf(');')).matchAll(/^\s+([a-z_0-9]+)\s/gm)].map((m) => m[1]);
    const keys = factPlanningDecision.dimensionKeys.map((k) => k.column);
    expect(Object.keys(out.get(1)!).sort()).toEqual(declared.filter((c) => !keys.includes(c!)).sort());
  });
});
