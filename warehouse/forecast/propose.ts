import { DomainError, erp, planning, scm, type Context } from '../../domain/index.js';
import { scorecardVersion, standingRows } from '../supplier-scores.js';
import { runNamedQuery } from '../read-only-query.js';
import { addDaysIso } from './dates.js';
import type { ForecastResult } from './run.js';
import { planSupply, type LeadTime, type PlannedOrder, type SupplierOption, type SupplyPosition } from './replenishment.js';
import { SERVICE_LEVEL } from './inventory.js';
import { budgetProposals, type RunRate } from './budget.js';
import { measureOutcomes } from './outcomes.js';

/**
 * The forecast's planning suggestions, written to Postgres through the planning area: a
 * replenishment or production proposal for each item and warehouse whose projected stock falls
 * below safety stock within the horizon, and a re-engagement follow-up for the customers most
 * worth a call, and next quarter's budget per cost centre. Re-running updates the open suggestions and expires those no longer proposed.
 */
export const PLANNING_MODEL_VERSION = 'plan/1';
/** Re-engagement follow-ups proposed per run, the most valuable customers first. */
export const REENGAGEMENT_LIMIT = 40;

export interface ProposalSummary {
  /** Outcomes measured of suggestions decided earlier whose weeks have passed. */
  outcomes: number;
  /** Supplier standings recorded from the scorecard (blocked ones then refuse purchase orders). */
  standings: number;
  replenishment: number;
  production: number;
  reEngagement: number;
  budget: number;
  created: number;
  updated: number;
  expired: number;
}

export async function proposeSuggestions(ctx: Context, warehouse: string, result: ForecastResult): Promise<ProposalSummary> {
  const asOf = result.asOf;
  // The scorecard's standings go to the domain first: the supplier choice below and every
  // purchase order after it respect them.
  let standings = 0;
  const supplierScores = new Map<number, { score: number | null; standing: string | null }>();
  if (result.suppliers) {
    const rows = standingRows(result.suppliers);
    const modelVersion = scorecardVersion(result.suppliers.scorecard);
    try {
      if (rows.length > 0) standings = (await scm.recordSupplierStandings(ctx, { rows, modelVersion, asOf }, { idempotencyKey: `supplier-scorecard:${modelVersion}:${asOf}:${result.startedAt}` })).recorded;
    } catch (error) {
      // A forecast looking back from an earlier day leaves the standings a later one recorded.
      if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    }
    for (const s of result.suppliers.suppliers) supplierScores.set(s.supplierId, { score: s.score, standing: s.standing });
  }
  const plans: PlannedOrder[] = [];
  if (result.demand) {
    const positions = await supplyPositions(warehouse, asOf);
    const leadTimes = new Map<number, LeadTime>();
    for (const t of result.inventory?.leadTimesByItem ?? []) leadTimes.set(Number(t.key), { meanDays: t.meanDays, sdDays: t.sdDays ?? 0, source: `${t.lines} receipts` });
    for (const r of await runNamedQuery(warehouse, 'production_lead_times', { as_of: asOf })) {
      leadTimes.set(Number(r.item_id), { meanDays: Number(r.mean_days), sdDays: Number(r.sd_days), source: `${String(r.orders)} production orders` });
    }
    const suppliers = (await runNamedQuery(warehouse, 'item_supplier_prices', { as_of: asOf })).map((r): SupplierOption => {
      const score = supplierScores.get(Number(r.supplier_id));
      return {
        itemId: Number(r.item_id), supplierId: Number(r.supplier_id), lines: Number(r.lines), lastUnitPrice: Number(r.last_unit_price), currency: String(r.currency),
        meanLeadDays: r.mean_lead_days === null ? null : Number(r.mean_lead_days), score: score?.score ?? null, standing: score?.standing ?? null,
      };
    });
    const pipeline = new Map<string, number[]>();
    for (const row of result.demand.rows) {
      const key = `${row.item_id}:${row.warehouse_id}`;
      (pipeline.get(key) ?? pipeline.set(key, []).get(key)!)[row.step - 1] = row.pipeline_qty;
    }
    const firstWeek = addDaysIso(result.demand.lastWeek, 7);
    plans.push(...planSupply(result.demand.series, positions, leadTimes, suppliers, pipeline, { firstWeek, serviceLevel: SERVICE_LEVEL }));
  }

  const suggestions: planning.SuggestionInput[] = [];
  for (const p of plans) {
    if (p.kind === 'replenishment') {
      suggestions.push({
        kind: 'replenishment', valueAtStake: p.valueAtStake, rationale: p.rationale,
        proposal: { itemId: p.itemId, warehouseId: p.warehouseId, quantity: p.quantity, supplierId: p.supplierId, ...(p.unitPrice === null ? {} : { unitPrice: p.unitPrice }), orderBy: p.orderBy, neededBy: p.neededBy },
      });
    } else {
      const components = await erp.explodeBom(ctx.db, p.itemId, p.quantity, asOf).catch(() => []);
      suggestions.push({
        kind: 'production', valueAtStake: p.valueAtStake, rationale: { ...p.rationale, components },
        proposal: { itemId: p.itemId, warehouseId: p.warehouseId, quantity: p.quantity, neededBy: p.neededBy },
      });
    }
  }

  const customers = result.customers ? await runNamedQuery(warehouse, 'reengagement_candidates', { run_id: String(result.runId) }) : [];
  for (const c of customers.slice(0, REENGAGEMENT_LIMIT)) {
    const reason = c.due_to_reorder
      ? `${String(c.days_since_last_purchase)} days since the last order, usually every ${Math.round(Number(c.expected_days_between_orders))}; still ${(Number(c.probability_alive) * 100).toFixed(0)}% likely active`
      : `chance of still being a customer down to ${(Number(c.probability_alive) * 100).toFixed(0)}% after ${String(c.frequency)} repeat orders`;
    suggestions.push({
      kind: 're_engagement', valueAtStake: Math.max(0, Math.round(Number(c.clv_52w_functional))),
      rationale: { customer: c.code, name: c.name, region: c.region, probabilityAlive: c.probability_alive, daysSinceLastOrder: c.days_since_last_purchase, usualGapDays: c.expected_days_between_orders, clv52w: c.clv_52w_functional, expectedOrders13w: c.expected_purchases_13w },
      proposal: { customerId: Number(c.customer_id), repId: Number(c.owner_id), dueDate: addDaysIso(asOf, 3), reason },
    });
  }

  // Next quarter's budget: revenue from the purchase-frequency forecast, the rest at run rates.
  const runRates = (await runNamedQuery(warehouse, 'budget_run_rates', { as_of: asOf })).map((r): RunRate => ({
    month: String(r.month), accountCode: String(r.account_code), costCenter: r.cost_center === null ? null : String(r.cost_center),
    isRevenue: Boolean(r.is_revenue), isCogs: Boolean(r.is_cogs), amount: Number(r.amount),
  }));
  const revenue = result.customers ? result.customers.forecast.rows.reduce((s, c) => s + c.expected_purchases_13w * c.expected_order_value_functional, 0) : null;
  for (const b of budgetProposals(runRates, revenue, asOf)) {
    suggestions.push({ kind: 'budget', valueAtStake: b.valueAtStake, rationale: b.rationale, proposal: { quarter: b.quarter, costCenter: b.costCenter, lines: b.lines } });
  }

  const upserted = await planning.upsertSuggestions(
    ctx,
    { runId: `forecast-${result.runId}@${result.startedAt}`, modelVersion: PLANNING_MODEL_VERSION, asOf, runAt: result.startedAt, kinds: ['replenishment', 'production', 're_engagement', 'budget'], suggestions },
    { idempotencyKey: `forecast:${result.runId}:${result.startedAt}` },
  );
  const outcomes = await measureOutcomes(ctx, warehouse, asOf);
  return {
    outcomes,
    standings,
    replenishment: suggestions.filter((s) => s.kind === 'replenishment').length,
    production: suggestions.filter((s) => s.kind === 'production').length,
    reEngagement: suggestions.filter((s) => s.kind === 're_engagement').length,
    budget: suggestions.filter((s) => s.kind === 'budget').length,
    created: upserted.created, updated: upserted.updated, expired: upserted.expired,
  };
}

async function supplyPositions(warehouse: string, asOf: string): Promise<SupplyPosition[]> {
  const out = new Map<string, SupplyPosition>();
  for (const r of await runNamedQuery(warehouse, 'supply_positions', { as_of: asOf })) {
    const key = `${String(r.item_id)}:${String(r.warehouse_id)}`;
    let p = out.get(key);
    if (!p) {
      p = { itemId: Number(r.item_id), warehouseId: Number(r.warehouse_id), sku: String(r.sku), procurement: r.procurement === 'make' ? 'make' : 'buy', standardCost: Number(r.standard_cost_functional), onHand: Number(r.on_hand_qty), incoming: [] };
      out.set(key, p);
    }
    if (r.incoming_qty !== null && r.incoming_qty !== undefined) p.incoming.push({ due: String(r.due).slice(0, 10), qty: Number(r.incoming_qty), documentNo: String(r.document_no) });
  }
  return [...out.values()];
}
