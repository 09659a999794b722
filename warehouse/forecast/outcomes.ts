import { planning, type Context } from '../../domain/index.js';
import { runNamedQuery } from '../read-only-query.js';
import { addDaysIso } from './dates.js';
import { quarterMonths } from './budget.js';

/**
 * How decided suggestions compared with what happened, measured once the warehouse covers the
 * weeks after their date, and recorded with planning.recordOutcome (rejected ones too, so
 * accepted and rejected can be compared):
 * - replenishment and production: stockout days and the lowest stock in the four weeks from the
 *   needed-by date, and what customers ordered then against the forecast in the rationale;
 * - re-engagement: whether the customer ordered within 30 days of the follow-up, and for how much;
 * - budget: the quarter's actual revenue and expenses against the proposal.
 */
export const OUTCOME_WINDOW_DAYS = 28;
const REENGAGEMENT_DAYS = 30;

export async function measureOutcomes(ctx: Context, warehouse: string, dataThrough: string): Promise<number> {
  let recorded = 0;
  for (const s of await planning.suggestionsToMeasure(ctx.db)) {
    const p = { ...s.proposal, ...(s.decision?.accepted ?? {}) } as Record<string, unknown>;
    const outcome = await measure(warehouse, s.kind, p, s.rationale, dataThrough);
    if (!outcome) continue;
    await planning.recordOutcome(ctx, { suggestionId: s.suggestionId, measuredAt: dataThrough, outcome: { decision: s.status, ...outcome } }, { idempotencyKey: `outcome:${s.suggestionId}:${dataThrough}` });
    recorded++;
  }
  return recorded;
}

async function measure(warehouse: string, kind: planning.SuggestionKind, p: Record<string, unknown>, rationale: Record<string, unknown>, through: string): Promise<Record<string, unknown> | null> {
  if (kind === 'replenishment' || kind === 'production') {
    const from = String(p.neededBy);
    const to = addDaysIso(from, OUTCOME_WINDOW_DAYS - 1);
    if (to > through) return null;
    const [r] = await runNamedQuery(warehouse, 'stock_after_date', { item_id: String(p.itemId), warehouse_id: String(p.warehouseId), from, to });
    const forecast = (rationale.forecast as { weekly?: number[] } | undefined)?.weekly ?? [];
    const short = Number(rationale.shortWeekIndex ?? 0);
    const forecastQty = forecast.slice(short, short + 4).reduce((a, b) => a + b, 0);
    return {
      window: { from, to }, daysObserved: Number(r?.days_observed ?? 0), stockoutDays: Number(r?.stockout_days ?? 0),
      lowestOnHand: r?.lowest_on_hand === null || r?.lowest_on_hand === undefined ? null : Number(r.lowest_on_hand),
      orderedQty: Number(r?.ordered_qty ?? 0), forecastQty: Math.round(forecastQty * 100) / 100, inStock: Number(r?.stockout_days ?? 0) === 0,
    };
  }
  if (kind === 're_engagement') {
    const from = addDaysIso(String(p.dueDate), 1);
    const to = addDaysIso(String(p.dueDate), REENGAGEMENT_DAYS);
    if (to > through) return null;
    const [r] = await runNamedQuery(warehouse, 'customer_orders_between', { customer_id: String(p.customerId), from, to });
    const orders = Number(r?.orders ?? 0);
    return { window: { from, to }, ordered: orders > 0, orders, valueFunctional: Number(r?.value_functional ?? 0), firstOrderDate: r?.first_order_date ? String(r.first_order_date).slice(0, 10) : null };
  }
  // Budget: once the quarter has ended.
  const quarter = String(p.quarter);
  const months = quarterMonths(quarter);
  const last = months.at(-1)!;
  if (through.slice(0, 7) <= last) return null; // the quarter has not ended in the data yet
  const rows = await runNamedQuery(warehouse, 'budget_vs_actual', { from: `${months[0]}-01`, to: `${last}-01` });
  const cc = (p.costCenter as string | null) ?? null;
  const lines = (p.lines as { account: string; amount: number }[] | undefined) ?? [];
  const accounts = new Set(lines.map((l) => l.account));
  const actual = rows.filter((r) => (r.cost_center ?? null) === cc && accounts.has(String(r.account_code))).reduce((s, r) => s + Number(r.actual), 0);
  const proposed = lines.reduce((s, l) => s + l.amount, 0);
  return { quarter, proposedFunctional: proposed, actualFunctional: actual, differenceFunctional: actual - proposed };
}
