import {
  computeVariables,
  DEFAULT_SCORECARD,
  periodOf,
  scoreSuppliers,
  type AuditSectionRow,
  type Grain,
  type PurchaseLineRow,
  type ReceiptLineRow,
  type ScorecardConfig,
  type ScorecardInputs,
  type StatementLineRow,
  type SupplierPeriodVariables,
  type SupplierScore,
} from './models/suppliers/index.js';
import { createHash } from 'node:crypto';
import { runNamedQuery as named } from './read-only-query.js';

/**
 * The supplier scorecard from the warehouse: the named queries sql/queries/supplier_scorecard_*.sql
 * (so `ledgerloop sql --file supplier_scorecard_purchase_lines` shows exactly what a score was
 * built from) handed to the pure model in models/suppliers.
 */
export interface SupplierScoresOptions {
  /** Scoring date: the last period is the one holding it; nothing after it counts. */
  asOf: string;
  /** Periods of the history, the one holding `asOf` included (default 12 months or 4 quarters). */
  periods?: number;
  grain?: Grain;
  scorecard?: ScorecardConfig;
}

export interface SupplierScoreRow extends SupplierScore {
  code: string | null;
  legalName: string | null;
  /** The supplier's lifecycle status in the warehouse (prospective, approved, suspended, blocked). */
  status: string | null;
}

export interface SupplierScores {
  asOf: string;
  grain: Grain;
  from: string;
  scorecard: ScorecardConfig;
  suppliers: SupplierScoreRow[];
  variables: SupplierPeriodVariables[];
}

/** Reads the scorecard's inputs for the periods ending with the one holding `asOf`. */
export async function scorecardInputsFromWarehouse(warehouse: string, from: string, asOf: string, grain: Grain): Promise<ScorecardInputs> {
  // The period before `from` feeds the price trend of the first period.
  const before = dayBefore(firstDayOf(periodOf(from, grain), grain));
  const priorStart = firstDayOf(periodOf(before, grain), grain);
  const [lines, receipts, statements, audits] = await Promise.all([
    named(warehouse, 'supplier_scorecard_purchase_lines', { from: priorStart, to: asOf }),
    named(warehouse, 'supplier_scorecard_receipt_lines', { from, to: asOf }),
    named(warehouse, 'supplier_scorecard_statement_lines', { from, to: asOf }),
    named(warehouse, 'supplier_scorecard_audit_sections', { to: asOf }),
  ]);
  return {
    purchaseLines: lines.map((r): PurchaseLineRow => ({
      supplierId: num(r.supplier_id), itemId: num(r.item_id), orderDate: day(r.order_date)!, expectedDate: day(r.expected_date)!, poStatus: String(r.po_status),
      orderedQty: num(r.ordered_qty), receivedQty: num(r.received_qty), fullyReceivedDate: day(r.fully_received_date), unitPrice: num(r.unit_price),
      listUnitPrice: r.list_unit_price === null ? null : num(r.list_unit_price), receivedValueFunctional: num(r.received_value_functional),
    })),
    receiptLines: receipts.map((r): ReceiptLineRow => ({
      supplierId: num(r.supplier_id), receiptId: num(r.receipt_id), receiptDate: day(r.receipt_date)!, asnId: r.asn_id === null ? null : num(r.asn_id),
      daysAfterAsnPromise: r.days_after_asn_promise === null ? null : num(r.days_after_asn_promise), inspected: r.inspected === true,
      receivedQty: num(r.received_qty), rejectedQty: r.rejected_qty === null ? null : num(r.rejected_qty),
    })),
    statementLines: statements.map((r): StatementLineRow => ({ supplierId: num(r.supplier_id), period: String(r.period), supplierResponse: String(r.supplier_response) })),
    auditSections: audits.map((r): AuditSectionRow => ({
      supplierId: num(r.supplier_id), auditId: num(r.audit_id), auditDate: day(r.audit_date)!, auditScorePct: num(r.audit_score_pct),
      sectionCode: String(r.section_code), sectionScorePct: num(r.section_score_pct),
    })),
  };
}

/** Scores every supplier with data in the warehouse; one row per supplier, by id. */
export async function supplierScoresFromWarehouse(warehouse: string, options: SupplierScoresOptions): Promise<SupplierScores> {
  const grain = options.grain ?? 'month';
  const periods = options.periods ?? (grain === 'month' ? 12 : 4);
  if (!Number.isInteger(periods) || periods < 1 || periods > 120) throw new RangeError(`periods must be a whole number from 1 to 120, not ${periods}`);
  const scorecard = options.scorecard ?? DEFAULT_SCORECARD;
  const from = firstDayOf(periodsBack(periodOf(options.asOf, grain), grain, periods - 1), grain);
  const inputs = await scorecardInputsFromWarehouse(warehouse, from, options.asOf, grain);
  const variables = computeVariables(inputs, { grain, from, asOf: options.asOf });
  const names = new Map((await named(warehouse, 'supplier_scorecard_suppliers', {})).map((r) => [num(r.supplier_id), r]));
  const suppliers = scoreSuppliers(variables, scorecard).map((s) => {
    const n = names.get(s.supplierId);
    return { ...s, code: n ? String(n.code) : null, legalName: n ? String(n.legal_name) : null, status: n ? String(n.status) : null };
  });
  return { asOf: options.asOf, grain, from, scorecard, suppliers, variables };
}

function periodsBack(period: string, grain: Grain, n: number): string {
  let day = firstDayOf(period, grain);
  for (let i = 0; i < n; i++) day = firstDayOf(periodOf(dayBefore(day), grain), grain);
  return periodOf(day, grain);
}

function firstDayOf(period: string, grain: Grain): string {
  if (grain === 'month') return `${period}-01`;
  return `${period.slice(0, 4)}-${String((Number(period.slice(6)) - 1) * 3 + 1).padStart(2, '0')}-01`;
}

function dayBefore(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v));
const day = (v: unknown): string | null => (v === null || v === undefined ? null : (v instanceof Date ? v.toISOString() : String(v)).slice(0, 10));

/**
 * The model version to record with standings: the scorecard's name and a hash of its criteria,
 * weights, half-life and thresholds, so a changed configuration is a new version.
 */
export function scorecardVersion(scorecard: ScorecardConfig = DEFAULT_SCORECARD): string {
  const { criteria, halfLifePeriods, grades, standings, minScoredPeriods } = scorecard;
  const canonical = JSON.stringify({
    criteria: criteria.map((c) => [c.name, c.formula, c.weight]),
    halfLifePeriods, grades: [grades.A, grades.B, grades.C], standings: [standings.preferred, standings.approved, standings.watch], minScoredPeriods,
  });
  return `supplier-scorecard/1:${createHash('sha256').update(canonical).digest('hex').slice(0, 12)}`;
}

/** The rows scm.recordSupplierStandings takes: every supplier with a standing (unscored ones are left out). */
export function standingRows(scores: SupplierScores): { supplierId: number; standing: NonNullable<SupplierScore['standing']>; score: number; grade: NonNullable<SupplierScore['grade']>; reason: string; period: string }[] {
  return scores.suppliers.flatMap((s) => (s.standing === null || s.score === null || s.grade === null ? [] : [{ supplierId: s.supplierId, standing: s.standing, score: s.score, grade: s.grade, reason: s.reason, period: s.period }]));
}

/**
 * Flat rows for storing a run as warehouse tables: one per supplier (supplier_score), one per
 * supplier, period and criterion (supplier_score_criterion; criterion '*' is the period's score),
 * and one per supplier, period and variable (supplier_score_variable). Nulls stay null.
 */
export function supplierScoreTables(scores: SupplierScores, modelVersion = scorecardVersion(scores.scorecard)) {
  const supplier = scores.suppliers.map((s) => ({
    as_of: scores.asOf, model_version: modelVersion, supplier_id: s.supplierId, code: s.code, period: s.period, score: s.score, grade: s.grade,
    standing: s.standing, reason: s.reason, trend: s.trend, scored_periods: s.scoredPeriods,
  }));
  const criterion = scores.suppliers.flatMap((s) => s.history.flatMap((h) => [
    { as_of: scores.asOf, model_version: modelVersion, supplier_id: s.supplierId, period: h.period, criterion: '*', score: h.score },
    ...Object.entries(h.criteria).map(([name, score]) => ({ as_of: scores.asOf, model_version: modelVersion, supplier_id: s.supplierId, period: h.period, criterion: name, score })),
  ]));
  const variable = scores.variables.flatMap((v) => Object.entries(v.values).map(([name, value]) => ({ as_of: scores.asOf, supplier_id: v.supplierId, period: v.period, variable: name, value })));
  return { supplier, criterion, variable };
}
