import { daysBetween, isIsoDay, periodEnd, periodFromIndex, periodIndex, periodOf, periodOfMonth, periodsBetween, type Grain } from './periods.js';

/**
 * The variables a scorecard criterion may use, per supplier and period, computed from rows of the
 * warehouse facts (sql/queries/supplier_scorecard_*.sql). Every variable is null for a supplier and
 * period without the evidence it needs (no inspected receipt, no line due, …): a criterion over it
 * then has no score for that period, rather than a made-up one.
 */

// ---- input rows (one type per named query) ------------------------------------------------------

/** fact_purchase_line (supplier_scorecard_purchase_lines.sql). */
export interface PurchaseLineRow {
  supplierId: number;
  itemId: number;
  orderDate: string;
  expectedDate: string;
  /** open, closed or cancelled; cancelled lines are left out everywhere. */
  poStatus: string;
  orderedQty: number;
  receivedQty: number;
  /** Date the whole quantity had arrived; null while some is outstanding. */
  fullyReceivedDate: string | null;
  /** Agreed unit price, minor units of the order currency. */
  unitPrice: number;
  /** Price-list price on the order date, minor units of the order currency; null without one. */
  listUnitPrice: number | null;
  /** Value received, minor units of the functional currency (for comparing suppliers across currencies). */
  receivedValueFunctional: number;
}

/** fact_receipt_inspection (supplier_scorecard_receipt_lines.sql). */
export interface ReceiptLineRow {
  supplierId: number;
  receiptId: number;
  receiptDate: string;
  /** The ASN the receipt received; null for a receipt nobody announced. */
  asnId: number | null;
  /** Receipt date − the ASN's promised arrival date; null without an ASN. */
  daysAfterAsnPromise: number | null;
  inspected: boolean;
  receivedQty: number;
  /** Null when not inspected. */
  rejectedQty: number | null;
}

/** fact_supplier_statement_line (supplier_scorecard_statement_lines.sql). */
export interface StatementLineRow {
  supplierId: number;
  /** The month reconciled, 'YYYY-MM'. */
  period: string;
  /** open (no answer yet), confirmed or disputed. */
  supplierResponse: string;
}

/** fact_supplier_audit (supplier_scorecard_audit_sections.sql): one row per audit and section. */
export interface AuditSectionRow {
  supplierId: number;
  auditId: number;
  auditDate: string;
  /** The audit's weighted total, percent. */
  auditScorePct: number;
  sectionCode: string;
  sectionScorePct: number;
}

export interface ScorecardInputs {
  purchaseLines: readonly PurchaseLineRow[];
  receiptLines: readonly ReceiptLineRow[];
  statementLines: readonly StatementLineRow[];
  auditSections: readonly AuditSectionRow[];
}

// ---- the catalogue ------------------------------------------------------------------------------

export type VariableGroup = 'quality' | 'delivery' | 'cost' | 'responsiveness' | 'compliance';

export interface VariableDoc {
  name: string;
  group: VariableGroup;
  unit: string;
  description: string;
}

/** The documented variables. `audit_section_<code>` stands for one variable per audit section code. */
export const VARIABLES: readonly VariableDoc[] = [
  { name: 'acceptance_rate', group: 'quality', unit: 'share 0–1', description: 'Share of the inspected receipt lines received in the period (by receipt date) that were accepted whole (no unit rejected).' },
  { name: 'defects_ppm', group: 'quality', unit: 'parts per million', description: 'Units rejected at inspection per million units received on the inspected receipt lines of the period.' },
  { name: 'otif_rate', group: 'delivery', unit: 'share 0–1', description: 'On time in full: of the purchase order lines due in the period (expected date in it; lines still outstanding count once the date has passed as of the scoring date), the share whose whole quantity had arrived by the expected date. Rejections at inspection do not count against it (that is quality).' },
  { name: 'mean_lateness_days', group: 'delivery', unit: 'days', description: 'Mean days late over the same lines: 0 when on time or early; a line still outstanding counts the days from its expected date to the scoring date (a lower bound).' },
  { name: 'lead_time_sd_days', group: 'delivery', unit: 'days', description: 'Sample standard deviation of the lead time (order date to full receipt) of the lines due in the period and fully received; null with fewer than two.' },
  { name: 'price_vs_list_bp', group: 'cost', unit: 'basis points', description: 'Lines ordered in the period against the supplier\'s price list: 10 000 × (Σ qty × price ÷ Σ qty × list price − 1); positive = dearer than the list. Lines without a list price are left out.' },
  { name: 'price_vs_peers_bp', group: 'cost', unit: 'basis points', description: 'Lines ordered in the period and received, against other suppliers of the same item in the same period: 10 000 × (Σ qty × unit price ÷ Σ qty × the others\' quantity-weighted mean unit price − 1), both in the functional currency at the receipt rates; positive = dearer. Null when no item had another supplier.' },
  { name: 'price_trend_bp', group: 'cost', unit: 'basis points', description: 'Price change against the previous period, over the items ordered in both: 10 000 × (Σ qty_now × price_now ÷ Σ qty_now × price_before − 1), quantity-weighted mean prices in the order currency; positive = dearer.' },
  { name: 'asn_timeliness_rate', group: 'responsiveness', unit: 'share 0–1', description: 'Share of the goods receipts of the period that arrived announced by an advance shipping notice (a receipt can only receive an ASN recorded before it).' },
  { name: 'asn_mean_days_late', group: 'responsiveness', unit: 'days', description: 'Mean days the announced receipts of the period arrived after the arrival date the ASN promised (0 when on time or early).' },
  { name: 'statement_discrepancy_rate', group: 'responsiveness', unit: 'share 0–1', description: 'Of the supplier statement lines of the months in the period that the supplier answered, the share it disputed (another amount, or not on its statement). Discrepancies not tied to a line are not in the warehouse.' },
  { name: 'audit_score', group: 'compliance', unit: 'percent 0–100', description: 'Weighted total of the latest on-site audit on or before the period\'s end (or the scoring date), carried forward until the next audit; null before the first.' },
  { name: 'audit_section_<code>', group: 'compliance', unit: 'percent 0–100', description: 'Score of section <code> (lower case, other characters as _) in that same latest audit; null when it had no such section.' },
];

/** Documented but not computable from the warehouse, with the reason. */
export const UNAVAILABLE_VARIABLES: Readonly<Record<string, string>> = {
  valid_certificate_share: 'certificates (scm.supplier_certificates) are not loaded into the warehouse: there is no certificate fact to compute the share of valid certificates from',
};

const FIXED = new Set(VARIABLES.filter((v) => !v.name.includes('<')).map((v) => v.name));
const SECTION = /^audit_section_[a-z0-9_]+$/;

/** Whether `name` is a variable a formula may use. */
export function isScorecardVariable(name: string): boolean {
  return FIXED.has(name) || SECTION.test(name);
}

/** The variable name of an audit section code: 'QMS-1' → 'audit_section_qms_1'. */
export function sectionVariable(code: string): string {
  return `audit_section_${code.toLowerCase().replace(/[^a-z0-9]/g, '_')}`;
}

// ---- computation --------------------------------------------------------------------------------

export interface VariableOptions {
  grain: Grain;
  /** First day of the first period to compute (its whole period is used). */
  from: string;
  /** The scoring date: nothing after it counts, and the last period is the one holding it. */
  asOf: string;
}

export interface SupplierPeriodVariables {
  supplierId: number;
  period: string;
  values: Record<string, number | null>;
  /** How much evidence the period had, for reading the values. */
  evidence: { inspectedLines: number; dueLines: number; orderedLines: number; receipts: number; answeredStatementLines: number; audits: number };
}

export class ScorecardInputError extends Error {
  override readonly name = 'ScorecardInputError';
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
  }
}

/**
 * Every variable for every supplier that appears in the inputs and every period from `from`
 * through `asOf`; rows dated after `asOf` are ignored. Throws ScorecardInputError on bad rows.
 */
export function computeVariables(inputs: ScorecardInputs, options: VariableOptions): SupplierPeriodVariables[] {
  validate(inputs, options);
  const { grain, asOf } = options;
  const periods = periodsBetween(options.from, asOf, grain);
  const firstIndex = periodIndex(periods[0]!, grain);
  const suppliers = [...new Set([
    ...inputs.purchaseLines.map((r) => r.supplierId), ...inputs.receiptLines.map((r) => r.supplierId),
    ...inputs.statementLines.map((r) => r.supplierId), ...inputs.auditSections.map((r) => r.supplierId),
  ])].sort((a, b) => a - b);

  const cells = new Map<string, Cell>();
  const cell = (supplierId: number, period: string): Cell | undefined => {
    if (periodIndex(period, grain) < firstIndex - 1) return undefined; // the period before the first feeds price_trend_bp
    const key = `${supplierId}|${period}`;
    let c = cells.get(key);
    if (!c) cells.set(key, (c = newCell()));
    return c;
  };

  const lines = inputs.purchaseLines.filter((l) => l.poStatus !== 'cancelled' && l.orderDate <= asOf);
  for (const l of lines) {
    const received = l.fullyReceivedDate !== null && l.fullyReceivedDate <= asOf ? l.fullyReceivedDate : null;
    if (received !== null || l.expectedDate < asOf) {
      const c = cell(l.supplierId, periodOf(l.expectedDate, grain));
      if (c) {
        c.due++;
        if (received !== null && received <= l.expectedDate) c.onTime++;
        c.lateDays += Math.max(0, daysBetween(l.expectedDate, received ?? asOf));
        if (received !== null) c.leadTimes.push(daysBetween(l.orderDate, received));
      }
    }
    const c = cell(l.supplierId, periodOf(l.orderDate, grain));
    if (!c) continue;
    c.ordered++;
    if (l.listUnitPrice !== null && l.listUnitPrice > 0) {
      c.atPrice += l.orderedQty * l.unitPrice;
      c.atList += l.orderedQty * l.listUnitPrice;
    }
    const item = c.items.get(l.itemId) ?? { qty: 0, value: 0 };
    item.qty += l.orderedQty;
    item.value += l.orderedQty * l.unitPrice;
    c.items.set(l.itemId, item);
  }
  peerPrices(lines, grain, cell);

  const receipts = new Map<string, { supplierId: number; date: string; announced: boolean; daysLate: number | null }>();
  for (const r of inputs.receiptLines) {
    if (r.receiptDate > asOf) continue;
    const c = cell(r.supplierId, periodOf(r.receiptDate, grain));
    if (!c) continue;
    if (r.inspected && r.rejectedQty !== null) {
      c.inspected++;
      if (r.rejectedQty === 0) c.acceptedWhole++;
      c.inspectedUnits += r.receivedQty;
      c.rejectedUnits += r.rejectedQty;
    }
    const key = `${r.supplierId}|${r.receiptId}`;
    if (!receipts.has(key)) receipts.set(key, { supplierId: r.supplierId, date: r.receiptDate, announced: r.asnId !== null, daysLate: r.daysAfterAsnPromise });
  }
  for (const r of receipts.values()) {
    const c = cell(r.supplierId, periodOf(r.date, grain))!;
    c.receipts++;
    if (r.announced) {
      c.announced++;
      c.asnLateDays += Math.max(0, r.daysLate ?? 0);
    }
  }

  for (const s of inputs.statementLines) {
    if (s.supplierResponse === 'open' || `${s.period}-01` > asOf) continue;
    const c = cell(s.supplierId, periodOfMonth(s.period, grain));
    if (!c) continue;
    c.answered++;
    if (s.supplierResponse === 'disputed') c.disputed++;
  }

  const audits = auditsBySupplier(inputs.auditSections, asOf);
  const out: SupplierPeriodVariables[] = [];
  for (const supplierId of suppliers) {
    for (const period of periods) {
      const c = cells.get(`${supplierId}|${period}`) ?? newCell();
      const before = cells.get(`${supplierId}|${previous(period, grain)}`);
      const end = periodEnd(period, grain) < asOf ? periodEnd(period, grain) : asOf;
      const supplierAudits = audits.get(supplierId) ?? [];
      const latest = supplierAudits.filter((a) => a.date <= end).at(-1);
      const values: Record<string, number | null> = {
        acceptance_rate: ratio(c.acceptedWhole, c.inspected),
        defects_ppm: c.inspectedUnits > 0 ? (1e6 * c.rejectedUnits) / c.inspectedUnits : null,
        otif_rate: ratio(c.onTime, c.due),
        mean_lateness_days: ratio(c.lateDays, c.due),
        lead_time_sd_days: sampleSd(c.leadTimes),
        price_vs_list_bp: c.atList > 0 ? 1e4 * (c.atPrice / c.atList - 1) : null,
        price_vs_peers_bp: c.atPeer > 0 ? 1e4 * (c.atOwn / c.atPeer - 1) : null,
        price_trend_bp: trend(c.items, before?.items),
        asn_timeliness_rate: ratio(c.announced, c.receipts),
        asn_mean_days_late: ratio(c.asnLateDays, c.announced),
        statement_discrepancy_rate: ratio(c.disputed, c.answered),
        audit_score: latest ? latest.score : null,
      };
      if (latest) for (const [code, score] of latest.sections) values[sectionVariable(code)] = score;
      out.push({
        supplierId,
        period,
        values,
        evidence: {
          inspectedLines: c.inspected, dueLines: c.due, orderedLines: c.ordered, receipts: c.receipts, answeredStatementLines: c.answered,
          audits: supplierAudits.filter((a) => a.date <= end && periodOf(a.date, grain) === period).length,
        },
      });
    }
  }
  return out;
}

interface Cell {
  inspected: number; acceptedWhole: number; inspectedUnits: number; rejectedUnits: number;
  due: number; onTime: number; lateDays: number; leadTimes: number[];
  ordered: number; atPrice: number; atList: number; atOwn: number; atPeer: number; items: Map<number, { qty: number; value: number }>;
  receipts: number; announced: number; asnLateDays: number;
  answered: number; disputed: number;
}

const newCell = (): Cell => ({
  inspected: 0, acceptedWhole: 0, inspectedUnits: 0, rejectedUnits: 0, due: 0, onTime: 0, lateDays: 0, leadTimes: [],
  ordered: 0, atPrice: 0, atList: 0, atOwn: 0, atPeer: 0, items: new Map(), receipts: 0, announced: 0, asnLateDays: 0, answered: 0, disputed: 0,
});

const ratio = (n: number, d: number) => (d > 0 ? n / d : null);

const previous = (period: string, grain: Grain) => periodFromIndex(periodIndex(period, grain) - 1, grain);

function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null;
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  return Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1));
}

function trend(now: Map<number, { qty: number; value: number }>, before: Map<number, { qty: number; value: number }> | undefined): number | null {
  if (!before) return null;
  let atNow = 0;
  let atBefore = 0;
  for (const [item, n] of now) {
    const b = before.get(item);
    if (!b || b.qty <= 0 || n.qty <= 0) continue;
    atNow += n.value;
    atBefore += n.qty * (b.value / b.qty);
  }
  return atBefore > 0 ? 1e4 * (atNow / atBefore - 1) : null;
}

/**
 * Functional unit prices of received lines against the other suppliers of the item in the period
 * (received quantities and values as of the last load: the fact keeps no receipt history per line).
 */
function peerPrices(lines: readonly PurchaseLineRow[], grain: Grain, cell: (s: number, p: string) => Cell | undefined) {
  const received = lines.filter((l) => l.receivedQty > 0 && l.receivedValueFunctional > 0);
  const byItem = new Map<string, Map<number, { qty: number; value: number }>>();
  for (const l of received) {
    const key = `${l.itemId}|${periodOf(l.orderDate, grain)}`;
    const suppliers = byItem.get(key) ?? new Map<number, { qty: number; value: number }>();
    const s = suppliers.get(l.supplierId) ?? { qty: 0, value: 0 };
    s.qty += l.receivedQty;
    s.value += l.receivedValueFunctional;
    suppliers.set(l.supplierId, s);
    byItem.set(key, suppliers);
  }
  for (const [key, suppliers] of byItem) {
    if (suppliers.size < 2) continue;
    const period = key.slice(key.indexOf('|') + 1);
    const total = [...suppliers.values()].reduce((t, s) => ({ qty: t.qty + s.qty, value: t.value + s.value }), { qty: 0, value: 0 });
    for (const [supplierId, own] of suppliers) {
      const peerQty = total.qty - own.qty;
      const peerUnit = (total.value - own.value) / peerQty;
      const c = cell(supplierId, period);
      if (!c || peerQty <= 0 || peerUnit <= 0) continue;
      c.atOwn += own.value;
      c.atPeer += own.qty * peerUnit;
    }
  }
}

function auditsBySupplier(rows: readonly AuditSectionRow[], asOf: string) {
  const audits = new Map<number, { supplierId: number; date: string; id: number; score: number; sections: Map<string, number> }>();
  for (const r of rows) {
    if (r.auditDate > asOf) continue;
    const a = audits.get(r.auditId) ?? { supplierId: r.supplierId, date: r.auditDate, id: r.auditId, score: r.auditScorePct, sections: new Map() };
    a.sections.set(r.sectionCode, r.sectionScorePct);
    audits.set(r.auditId, a);
  }
  const out = new Map<number, { date: string; score: number; sections: Map<string, number> }[]>();
  for (const a of [...audits.values()].sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : x.id - y.id))) {
    const list = out.get(a.supplierId) ?? [];
    list.push(a);
    out.set(a.supplierId, list);
  }
  return out;
}

function validate(inputs: ScorecardInputs, options: VariableOptions) {
  if (options.grain !== 'month' && options.grain !== 'quarter') throw new ScorecardInputError('grain', `must be month or quarter, not ${String(options.grain)}`);
  if (!isIsoDay(options.from)) throw new ScorecardInputError('from', `must be a date YYYY-MM-DD, not ${options.from}`);
  if (!isIsoDay(options.asOf)) throw new ScorecardInputError('asOf', `must be a date YYYY-MM-DD, not ${options.asOf}`);
  if (options.from > options.asOf) throw new ScorecardInputError('from', `${options.from} is after asOf ${options.asOf}`);
  const id = (v: unknown) => Number.isSafeInteger(v) && (v as number) > 0;
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const day = (v: unknown) => typeof v === 'string' && isIsoDay(v);
  const check = (ok: boolean, field: string, what: string) => {
    if (!ok) throw new ScorecardInputError(field, what);
  };
  inputs.purchaseLines.forEach((l, i) => {
    const f = `purchaseLines.${i}`;
    check(id(l.supplierId) && id(l.itemId), f, 'supplierId and itemId must be positive integers');
    check(day(l.orderDate) && day(l.expectedDate) && (l.fullyReceivedDate === null || day(l.fullyReceivedDate)), f, 'dates must be YYYY-MM-DD (fullyReceivedDate may be null)');
    check(count(l.orderedQty) && count(l.receivedQty) && count(l.unitPrice) && count(l.receivedValueFunctional), f, 'quantities, unitPrice and receivedValueFunctional must be non-negative integers');
    check(l.listUnitPrice === null || count(l.listUnitPrice), f, 'listUnitPrice must be a non-negative integer or null');
  });
  inputs.receiptLines.forEach((r, i) => {
    const f = `receiptLines.${i}`;
    check(id(r.supplierId) && id(r.receiptId), f, 'supplierId and receiptId must be positive integers');
    check(day(r.receiptDate), f, 'receiptDate must be YYYY-MM-DD');
    check(count(r.receivedQty) && (r.rejectedQty === null || (count(r.rejectedQty) && r.rejectedQty <= r.receivedQty)), f, 'receivedQty must be a non-negative integer and rejectedQty null or at most receivedQty');
    check(r.asnId === null || id(r.asnId), f, 'asnId must be a positive integer or null');
    check(r.daysAfterAsnPromise === null || Number.isSafeInteger(r.daysAfterAsnPromise), f, 'daysAfterAsnPromise must be an integer or null');
  });
  inputs.statementLines.forEach((s, i) => {
    check(id(s.supplierId) && /^\d{4}-(0[1-9]|1[0-2])$/.test(s.period), `statementLines.${i}`, 'supplierId must be a positive integer and period YYYY-MM');
    check(['open', 'confirmed', 'disputed'].includes(s.supplierResponse), `statementLines.${i}.supplierResponse`, `must be open, confirmed or disputed, not ${s.supplierResponse}`);
  });
  inputs.auditSections.forEach((a, i) => {
    const f = `auditSections.${i}`;
    check(id(a.supplierId) && id(a.auditId) && day(a.auditDate), f, 'supplierId and auditId must be positive integers and auditDate YYYY-MM-DD');
    check([a.auditScorePct, a.sectionScorePct].every((x) => Number.isFinite(x) && x >= 0 && x <= 100), f, 'scores must be percentages 0–100');
  });
}
