import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, money, quantity } from '../kernel/inputs.js';
import { extendedAmount, MAX_AMOUNT } from '../finance/money.js';
import { orderRefusal, type CertificateGap, type StatusChange } from './lifecycle/compliance.js';
import type { SupplierStatus } from './lifecycle/tables.js';
import { conversionOn, convert } from '../core/currency.js';
import { requestApproval } from '../approvals/index.js';

/**
 * Creates a purchase order. The supplier must be approved and hold every certificate the
 * ordered items' categories require on the order date (SUPPLIER_BLOCKED, SUPPLIER_NOT_APPROVED,
 * CERTIFICATE_EXPIRED, CERTIFICATE_MISSING otherwise), and its scorecard standing
 * (scm.recordSupplierStandings) must not be blocked (SUPPLIER_BLOCKED_BY_SCORECARD); a standing
 * of watch lets the order through with a warning on the result (`warnings`) and a
 * purchase_order.supplier_on_watch event. A line without a unit price takes the supplier's
 * price-list price valid on the order date. Two statements: the checks, then the order with its
 * lines and events.
 */
export const createPurchaseOrder = defineCommand(
  'scm.createPurchaseOrder',
  z.object({
    supplierId: id,
    warehouseId: id,
    date: isoDate,
    expectedDate: isoDate,
    lines: z.array(z.object({
      itemId: id,
      quantity,
      unitPrice: money.optional(),
      /** When this line is due, if not the order's expected date. */
      expectedDate: isoDate.optional(),
      /** Approved requisitions of this item that the line orders (scm/procurement/requisitions.ts). */
      requisitionIds: z.array(id).min(1).max(100).optional(),
    })).min(1).max(200),
    /** The department the order is for, for the approval rules (documentType 'purchase_order'). */
    department: z.string().trim().min(1).max(60).optional(),
  }),
  async (tx, input) => {
    if (input.expectedDate < input.date) throw new DomainError('INVALID_INPUT', 'the expected date cannot precede the order date', 'expectedDate');
    input.lines.forEach((l, i) => {
      if (l.expectedDate !== undefined && l.expectedDate < input.date) throw new DomainError('INVALID_INPUT', 'a line\'s expected date cannot precede the order date', `lines.${i}.expectedDate`);
    });
    const check = await checkOrder(tx.db, input);
    const lines = input.lines.map((l, i) => {
      const unitPrice = l.unitPrice ?? check.listPrices[i];
      if (unitPrice === undefined || unitPrice === null) {
        throw new DomainError('NOT_FOUND', `supplier ${check.code} has no price for item ${l.itemId} on ${input.date}; give a unitPrice`, `lines.${i}.unitPrice`);
      }
      return {
        line_no: i + 1, item_id: l.itemId, quantity: l.quantity, unit_price: unitPrice, amount: extendedAmount(l.quantity, unitPrice, `lines.${i}.quantity`),
        expected_date: l.expectedDate ?? input.expectedDate, requisition_ids: l.requisitionIds ?? [],
      };
    });
    const net = lines.reduce((s, l) => s + l.amount, 0);
    if (net > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the order total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');
    const po = { id: check.poId, po_no: check.poNo };
    // Above the amount a 'purchase_order' rule names, the order waits for approval: it can be
    // neither received nor billed until then (the database refuses both).
    const netFunctional = convert(await conversionOn(tx.db, check.currency, input.date), net);
    const approval = await requestApproval(tx, { documentType: 'purchase_order', documentId: po.id, amount: netFunctional, department: input.department, summary: `${po.po_no} to supplier ${check.code}`, date: input.date });
    const approvalStatus = approval.status === 'pending' ? 'pending' : 'not_required';
    const requisitions = lines.reduce((s, l) => s + l.requisition_ids.length, 0);
    tx.emit({ aggregateType: 'purchase_order', aggregateId: po.id, type: 'purchase_order.created', payload: { poNo: po.po_no, supplierId: input.supplierId, net, currency: check.currency, approvalStatus } });
    const warnings = check.standing?.standing === 'watch' ? [watchWarning(check.code, input.supplierId, check.standing)] : [];
    for (const w of warnings) {
      tx.emit({ aggregateType: 'purchase_order', aggregateId: po.id, type: 'purchase_order.supplier_on_watch', payload: { poNo: po.po_no, ...w } });
    }
    const { rows } = await sql<{ linked: number }>`
      with po as (
        insert into scm.purchase_orders (id, po_no, supplier_id, warehouse_id, order_date, expected_date, currency, net_amount, status, approval_status, created_by)
        values (${po.id}, ${po.po_no}, ${input.supplierId}, ${input.warehouseId}, ${input.date}, ${input.expectedDate}, ${check.currency}, ${net}, 'open', ${approvalStatus}, ${tx.actor})
        returning id
      ), x as (
        select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, unit_price bigint, expected_date date, requisition_ids int[])
      ), l as (
        insert into scm.purchase_order_lines (po_id, line_no, item_id, quantity, unit_price, expected_date, receipt_tolerance_bp)
        select po.id, x.line_no, x.item_id, x.quantity, x.unit_price, x.expected_date,
               coalesce((select receipt_tolerance_bp from scm.procurement_settings), 0)
          from po, x
        returning id, line_no, item_id
      ), q as (
        update scm.requisitions r set status = 'ordered', po_line_id = l.id
          from l join x on x.line_no = l.line_no
         where r.id = any(x.requisition_ids) and r.item_id = l.item_id and r.status = 'approved'
           ${requisitions > 0 ? sql`and r.id = any(${lines.flatMap((l) => l.requisition_ids)}::int[])` : sql`and false`}
        returning r.id
      ), events as (${tx.eventsInsert()})
      select (select count(*) from q)::int as linked`.execute(tx.db);
    if (rows[0]!.linked !== requisitions) {
      throw new DomainError('NOT_ALLOWED', `of the ${requisitions} requisitions named, only ${rows[0]!.linked} are approved, not yet ordered and of their line's item`, 'lines');
    }
    return {
      purchaseOrderId: po.id, poNo: po.po_no, net, currency: check.currency, approvalStatus,
      ...(approval.status === 'pending' ? { approvalRequestId: approval.requestId } : {}),
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  },
);

interface OrderFacts {
  code: string;
  status: SupplierStatus;
  currency: string;
  /** Given when the supplier is not approved. */
  lastChange: StatusChange | null;
  warehouse: boolean;
  activeItems: number[];
  /** The supplier's price on the order date, by item id, for the lines given without a price. */
  prices: Record<string, number>;
  gaps: CertificateGap[];
  /** Reserved only when the order will be written. */
  poId?: number;
  poNo?: string;
}

/**
 * Everything a purchase order must satisfy, in one statement: scm.purchase_order_facts (see
 * sql/postgres/0012), which share-locks the supplier so that a concurrent status change waits for
 * this order and the next order sees it. Throws the first refusal; returns the facts and the
 * price-list price of each line given without a price.
 */
async function checkOrder(
  db: Kysely<DB>,
  input: { supplierId: number; warehouseId: number; date: string; lines: { itemId: number; unitPrice?: number | undefined }[] },
): Promise<OrderFacts & { standing: ScorecardStanding | null; poId: number; poNo: string; listPrices: (number | undefined)[] }> {
  const itemIds = input.lines.map((l) => l.itemId);
  const unpriced = input.lines.filter((l) => l.unitPrice === undefined).map((l) => l.itemId);
  // The standing is read in the same statement (no extra round trip). Its snapshot precedes the
  // supplier lock the facts take; a standing committed in between is caught by the database's
  // backstop (scm.check_po_supplier_standing, sql/postgres/0019) when the order is written.
  const { rows } = await sql<{ facts: OrderFacts | null; standing: ScorecardStanding | null }>`
    select scm.purchase_order_facts(${input.supplierId}, ${input.warehouseId}, ${input.date}::date, ${itemIds}::int[], ${unpriced}::int[]) as facts,
           (select jsonb_build_object('standing', st.standing, 'score', st.score::float8, 'grade', st.grade, 'reason', st.reason,
                                      'period', st.period, 'asOf', st.as_of, 'modelVersion', st.model_version)
              from scm.supplier_standings st where st.supplier_id = ${input.supplierId}) as standing`.execute(db);
  const facts = rows[0]!.facts;
  const standing = rows[0]!.standing;
  if (!facts) throw new DomainError('NOT_FOUND', `supplier ${input.supplierId} does not exist`, 'supplierId');
  const statusRefusal = orderRefusal(facts, [], input.date);
  if (statusRefusal) throw statusRefusal;
  if (standing?.standing === 'blocked') {
    throw new DomainError(
      'SUPPLIER_BLOCKED_BY_SCORECARD',
      `supplier ${facts.code} is blocked by its scorecard standing as of ${standing.asOf} (${standing.reason}) and cannot receive purchase orders`,
      'supplierId',
      { score: standing.score, grade: standing.grade, period: standing.period, asOf: standing.asOf, modelVersion: standing.modelVersion },
    );
  }
  input.lines.forEach((l, i) => {
    if (!facts.activeItems.includes(l.itemId)) throw new DomainError('NOT_FOUND', `item ${l.itemId} is unknown or inactive`, `lines.${i}.itemId`);
  });
  if (!facts.warehouse) throw new DomainError('NOT_FOUND', `warehouse ${input.warehouseId} does not exist`, 'warehouseId');
  const certificateRefusal = orderRefusal(facts, facts.gaps, input.date);
  if (certificateRefusal) throw certificateRefusal;
  return { ...facts, standing, poId: facts.poId!, poNo: facts.poNo!, listPrices: input.lines.map((l) => facts.prices[String(l.itemId)]) };
}

/** The supplier's current scorecard standing (sql/postgres/0019), as the order check reads it. */
interface ScorecardStanding {
  standing: 'preferred' | 'approved' | 'watch' | 'blocked';
  score: number;
  grade: string;
  reason: string;
  period: string;
  asOf: string;
  modelVersion: string;
}

export interface PurchaseOrderWarning {
  code: 'SUPPLIER_ON_WATCH';
  message: string;
  supplierId: number;
  standing: 'watch';
  score: number;
  grade: string;
  reason: string;
  asOf: string;
}

function watchWarning(code: string, supplierId: number, s: ScorecardStanding): PurchaseOrderWarning {
  return {
    code: 'SUPPLIER_ON_WATCH',
    message: `supplier ${code} is on watch by its scorecard standing as of ${s.asOf} (${s.reason})`,
    supplierId, standing: 'watch', score: s.score, grade: s.grade, reason: s.reason, asOf: s.asOf,
  };
}
