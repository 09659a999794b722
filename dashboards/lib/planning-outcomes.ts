/**
 * How past suggestions compared with what happened, from sql/queries/dashboard_planning_outcomes.sql
 * (a row per month and kind): per kind, the share of measured suggestions that went well — for
 * stock (replenishment, production) no stock-out in the weeks it was for, for a re-engagement
 * the customer ordering again — taken and not taken alike, so the two can be compared; and
 * demand forecast against actual. Sums over the months, then ratios.
 */
export interface OutcomeMonth {
  month: string;
  kind: string;
  decided: number;
  accepted: number;
  modified: number;
  rejected: number;
  measured: number;
  measured_accepted: number;
  measured_rejected: number;
  forecast_qty: number | null;
  actual_qty: number | null;
  in_stock_accepted: number | null;
  stockout_accepted: number | null;
  in_stock_rejected: number | null;
  stockout_rejected: number | null;
  ordered_again_accepted: number | null;
  ordered_again_rejected: number | null;
  budget_proposed: number | null;
  budget_actual: number | null;
}

export interface OutcomeShare {
  kind: string;
  decision: 'taken' | 'not taken';
  /** What went well: in stock, or ordered again. */
  measure: string;
  good: number;
  measured: number;
  share: number;
}

export interface KindSummary {
  kind: string;
  decided: number;
  taken: number;
  measured: number;
  forecastQty: number | null;
  actualQty: number | null;
  budgetProposed: number | null;
  budgetActual: number | null;
}

const total = (rows: readonly OutcomeMonth[], f: (r: OutcomeMonth) => number | null) => rows.reduce((s, r) => s + (f(r) ?? 0), 0);
const anyValue = (rows: readonly OutcomeMonth[], f: (r: OutcomeMonth) => number | null) => (rows.some((r) => f(r) !== null) ? total(rows, f) : null);

export function outcomeShares(rows: readonly OutcomeMonth[]): OutcomeShare[] {
  const out: OutcomeShare[] = [];
  const push = (kind: string, decision: OutcomeShare['decision'], measure: string, good: number, measured: number) => {
    if (measured > 0) out.push({ kind, decision, measure, good, measured, share: good / measured });
  };
  for (const kind of [...new Set(rows.map((r) => r.kind))].sort()) {
    const of = rows.filter((r) => r.kind === kind);
    if (kind === 'replenishment' || kind === 'production') {
      const inStockTaken = total(of, (r) => r.in_stock_accepted);
      const inStockNot = total(of, (r) => r.in_stock_rejected);
      push(kind, 'taken', 'no stock-out', inStockTaken, inStockTaken + total(of, (r) => r.stockout_accepted));
      push(kind, 'not taken', 'no stock-out', inStockNot, inStockNot + total(of, (r) => r.stockout_rejected));
    } else if (kind === 're_engagement') {
      push(kind, 'taken', 'ordered again', total(of, (r) => r.ordered_again_accepted), total(of, (r) => r.measured_accepted));
      push(kind, 'not taken', 'ordered again', total(of, (r) => r.ordered_again_rejected), total(of, (r) => r.measured_rejected));
    }
  }
  return out;
}

export function kindSummaries(rows: readonly OutcomeMonth[]): KindSummary[] {
  return [...new Set(rows.map((r) => r.kind))].sort().map((kind) => {
    const of = rows.filter((r) => r.kind === kind);
    return {
      kind,
      decided: total(of, (r) => r.decided),
      taken: total(of, (r) => r.accepted + r.modified),
      measured: total(of, (r) => r.measured),
      forecastQty: anyValue(of, (r) => r.forecast_qty),
      actualQty: anyValue(of, (r) => r.actual_qty),
      budgetProposed: anyValue(of, (r) => r.budget_proposed),
      budgetActual: anyValue(of, (r) => r.budget_actual),
    };
  });
}
