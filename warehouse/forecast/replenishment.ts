import { safetyStock } from '../models/inventory/index.js';
import { addDaysIso } from './dates.js';
import type { SeriesForecast } from './demand.js';

/**
 * Replenishment and production proposals from the demand forecast: week by week, what is on
 * hand plus what is on order minus the forecast (open pipeline included); when that would fall
 * below safety stock, order enough to cover the lead time and a review period, by the date that
 * lets it arrive in time. Bought items get the best supplier by capability score, then price;
 * made items a production proposal. Pure.
 */
export interface SupplyPosition {
  itemId: number;
  warehouseId: number;
  sku: string;
  procurement: 'buy' | 'make';
  standardCost: number;
  onHand: number;
  /** Open purchase lines and production orders: when each is expected and how much. */
  incoming: { due: string; qty: number; documentNo: string }[];
}

export interface SupplierOption {
  itemId: number;
  supplierId: number;
  lines: number;
  lastUnitPrice: number;
  currency: string;
  meanLeadDays: number | null;
  /** Capability score 0–100 and standing from the supplier scorecard, when there is one. */
  score?: number | null;
  standing?: string | null;
}

/** Lead time learned from receipts (buy) or production orders (make), in days. */
export interface LeadTime {
  meanDays: number;
  sdDays: number;
  source: string;
}

export interface PlanOptions {
  /** Monday of the first forecast week (the plan's today). */
  firstWeek: string;
  serviceLevel: number;
  /** Weeks of demand an order covers beyond its lead time (default 4). */
  reviewWeeks?: number;
  /**
   * Planning time fence: only orders that must be placed within this many days of the first
   * forecast week are proposed (default 14); later ones wait for a later run with fresher data.
   */
  fenceDays?: number;
  /** Lead time when the history has none: buy 14 days, make 21 days. */
  defaultLeadDays?: { buy: number; make: number };
}

export interface PlannedOrder {
  kind: 'replenishment' | 'production';
  itemId: number;
  warehouseId: number;
  quantity: number;
  supplierId: number | null;
  unitPrice: number | null;
  orderBy: string;
  neededBy: string;
  /** Minor units: quantity × standard cost, what the decision commits. */
  valueAtStake: number;
  rationale: Record<string, unknown>;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

export function planSupply(series: readonly SeriesForecast[], positions: readonly SupplyPosition[], leadTimes: ReadonlyMap<number, LeadTime>, suppliers: readonly SupplierOption[], pipelineQty: ReadonlyMap<string, number[]>, options: PlanOptions): PlannedOrder[] {
  const review = options.reviewWeeks ?? 4;
  const defaults = options.defaultLeadDays ?? { buy: 14, make: 21 };
  const bySeries = new Map(series.map((s) => [`${s.itemId}:${s.warehouseId}`, s]));
  const optionsByItem = new Map<number, SupplierOption[]>();
  for (const o of suppliers) (optionsByItem.get(o.itemId) ?? optionsByItem.set(o.itemId, []).get(o.itemId)!).push(o);
  const out: PlannedOrder[] = [];
  for (const position of positions) {
    const key = `${position.itemId}:${position.warehouseId}`;
    const s = bySeries.get(key);
    if (!s) continue; // no demand history: nothing to plan from
    const pipeline = pipelineQty.get(key) ?? [];
    const demand = s.result.forecast.mean.map((m, h) => m + (pipeline[h] ?? 0));
    const horizon = demand.length;
    const lead = leadTimes.get(position.itemId) ?? { meanDays: defaults[position.procurement], sdDays: 0, source: `default ${defaults[position.procurement]} days (no history)` };
    const leadWeeks = lead.meanDays / 7;
    const meanDemand = demand.reduce((a, b) => a + b, 0) / horizon;
    const ss = safetyStock({ meanDemand, sdDemand: s.result.sigma, meanLeadTime: leadWeeks, sdLeadTime: lead.sdDays / 7 }, options.serviceLevel);
    // Projected stock at the end of each forecast week.
    const projected: number[] = [];
    let stock = position.onHand;
    for (let h = 0; h < horizon; h++) {
      const weekEnd = addDaysIso(options.firstWeek, 7 * h + 6);
      // What arrives that week; an overdue order is counted as arriving in the first week.
      const weekStart = addDaysIso(weekEnd, -6);
      stock += position.incoming.filter((i) => i.due <= weekEnd && (h === 0 || i.due >= weekStart)).reduce((a, i) => a + i.qty, 0);
      stock -= demand[h]!;
      projected.push(stock);
    }
    const short = projected.findIndex((p) => p < ss);
    if (short < 0) continue;
    const neededBy = addDaysIso(options.firstWeek, 7 * short);
    const idealOrderBy = addDaysIso(neededBy, -Math.ceil(lead.meanDays));
    const orderBy = idealOrderBy < options.firstWeek ? options.firstWeek : idealOrderBy;
    if (orderBy > addDaysIso(options.firstWeek, options.fenceDays ?? 14)) continue;
    const cover = Math.ceil(leadWeeks) + review;
    const coverDemand = Array.from({ length: cover }, (_, i) => demand[Math.min(short + i, horizon - 1)]!).reduce((a, b) => a + b, 0);
    // Stock available going into the short week (its arrivals included).
    const before = short === 0 ? projected[0]! + demand[0]! : projected[short - 1]!;
    const quantity = Math.max(1, Math.ceil(coverDemand + ss - Math.max(0, before)));
    const supplier = position.procurement === 'buy' ? chooseSupplier(optionsByItem.get(position.itemId) ?? []) : null;
    out.push({
      kind: position.procurement === 'buy' ? 'replenishment' : 'production',
      itemId: position.itemId, warehouseId: position.warehouseId, quantity,
      supplierId: supplier?.chosen.supplierId ?? null, unitPrice: supplier?.chosen.lastUnitPrice ?? null,
      orderBy, neededBy, valueAtStake: quantity * position.standardCost,
      rationale: {
        sku: position.sku,
        forecast: { method: s.result.method, pattern: s.result.classification.pattern, weekly: demand.slice(0, Math.min(horizon, short + cover)).map(round2), lower: s.result.forecast.lower.map(round2), upper: s.result.forecast.upper.map(round2), level: s.result.forecast.level, pipeline: pipeline.some((p) => p > 0) ? pipeline.map(round2) : undefined },
        onHand: position.onHand,
        incoming: position.incoming,
        projectedStock: projected.map(round2),
        shortWeek: neededBy,
        shortWeekIndex: short,
        safetyStock: round2(ss),
        serviceLevel: options.serviceLevel,
        leadTime: { meanDays: round2(lead.meanDays), sdDays: round2(lead.sdDays), source: lead.source },
        coverWeeks: cover,
        late: idealOrderBy < options.firstWeek ? `should have been ordered by ${idealOrderBy}: expedite` : undefined,
        supplier: supplier ? { why: supplier.why, alternatives: supplier.alternatives } : undefined,
      },
    });
  }
  return out.sort((a, b) => b.valueAtStake - a.valueAtStake || a.itemId - b.itemId || a.warehouseId - b.warehouseId);
}

/**
 * The supplier to buy from: never a blocked one; the best capability score first (suppliers
 * without a score after those with one), then the lowest latest price, then the most lines.
 */
export function chooseSupplier(options: readonly SupplierOption[]): { chosen: SupplierOption; why: string; alternatives: { supplierId: number; score: number | null; price: number }[] } | null {
  const eligible = options.filter((o) => o.standing !== 'blocked');
  if (eligible.length === 0) return null;
  const ranked = [...eligible].sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || a.lastUnitPrice - b.lastUnitPrice || b.lines - a.lines || a.supplierId - b.supplierId);
  const chosen = ranked[0]!;
  const next = ranked[1];
  const score = chosen.score === undefined || chosen.score === null ? 'no capability score' : `capability score ${chosen.score.toFixed(0)}${chosen.standing ? ` (${chosen.standing})` : ''}`;
  const why = next
    ? `${score}, latest price ${chosen.lastUnitPrice} ${chosen.currency}; next best supplier ${next.supplierId}: ${next.score === undefined || next.score === null ? 'no score' : `score ${next.score.toFixed(0)}`}, price ${next.lastUnitPrice} ${next.currency}`
    : `the only supplier this item was bought from (${score}, latest price ${chosen.lastUnitPrice} ${chosen.currency})`;
  const blocked = options.length - eligible.length;
  return {
    chosen,
    why: blocked > 0 ? `${why}; ${blocked} blocked supplier(s) left out` : why,
    alternatives: ranked.slice(1, 4).map((o) => ({ supplierId: o.supplierId, score: o.score ?? null, price: o.lastUnitPrice })),
  };
}

