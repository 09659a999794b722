import { sql } from 'kysely';
import type { Context } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import * as approvals from '../approvals/index.js';
import * as people from '../people/index.js';
import * as scm from '../scm/index.js';
import { stream } from './random.js';
import { dayAfter, daysBetween } from './calendar.js';
import { actualLeadTime } from './buying.js';
import { supplierFor } from './supplier-quality.js';
import type { World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { Tally } from './tally.js';

/**
 * Procure to pay in the demo company, called from buying.ts (see each function for its call
 * site). Every decision is a keyed draw from stream(world.seed, 'procurement', …), so a continued
 * run draws what one long run would. Budget over two years at scale 1: about 1,600 ASNs (their
 * receipts and inspections are one command each), 150 requisitions and their orders, 250
 * mismatched bills and their resolutions, 220 statement commands; the weekly payment run replaces
 * ~1,900 single supplier payments with ~100 runs.
 */

/** Share of suppliers that announce shipments with an ASN (and whose receipts are inspected). */
const ASN_SUPPLIER_SHARE = 0.4;
/** Chance that a bill arrives mismatched (price 4–8% over, or a unit more than received). */
const MISMATCH_RATE = 0.03;
/** Suppliers reconciled each month. */
const STATEMENTS_PER_MONTH = 3;
/** Orders above this (functional minor units) wait for the manager. */
const PO_APPROVAL_AMOUNT = 5_000_000;
const MANAGER_CODE = 'PROC-GM';

export const usesAsns = (world: World, supplierIndex: number) => stream(world.seed, 'procurement', 'asn-supplier', supplierIndex).chance(ASN_SUPPLIER_SHARE);

/**
 * Once, on the first simulated day (call at the top of runBuying; it returns at once when
 * done): tolerances (receipts 5% over, bill prices 2%), approval rules for requisitions, large
 * orders, bill mismatches above $500 and statements with a difference, early-payment terms
 * (2/10) for a third of the suppliers, and a procurement manager to approve.
 */
export async function setUpProcurement(ctx: Context, world: World, ids: SimulationIds): Promise<void> {
  if ((await approvals.approvalRules(ctx.db, { documentType: 'purchase_order' })).length > 0) return;
  await scm.setProcurementTolerances(ctx, { receiptToleranceBp: 500, quantityToleranceBp: 0, priceToleranceBp: 200, priceToleranceUnit: 0 });
  await approvals.setApprovalRule(ctx, { documentType: 'purchase_order', minAmount: PO_APPROVAL_AMOUNT, steps: [{ role: 'manager' }] });
  await approvals.setApprovalRule(ctx, { documentType: 'requisition', minAmount: 50_000, steps: [{ role: 'manager' }] });
  await approvals.setApprovalRule(ctx, { documentType: 'vendor_bill_mismatch', minAmount: 50_000, steps: [{ role: 'manager' }] });
  await approvals.setApprovalRule(ctx, { documentType: 'supplier_statement', minAmount: 1, steps: [{ role: 'manager' }] });
  for (const [i, supplierId] of ids.suppliers.entries()) {
    const s = world.suppliers[i]!;
    if (s.paymentTermsDays >= 20 && stream(world.seed, 'procurement', 'discount-terms', i).chance(1 / 3)) {
      await scm.setEarlyPaymentTerms(ctx, { supplierId, discountBp: 200, discountDays: 10 });
    }
  }
  const { rows } = await sql<{ id: number }>`select id from people.employees where code = ${MANAGER_CODE}`.execute(ctx.db);
  if (rows.length === 0) await people.hireEmployee(ctx, { code: MANAGER_CODE, name: 'Procurement manager', role: 'manager' });
}

async function managerId(ctx: Context): Promise<number> {
  const { rows } = await sql<{ id: number }>`select id from people.employees where code = ${MANAGER_CODE}`.execute(ctx.db);
  return rows[0]!.id;
}

/**
 * Every day, before receiving (top of runBuying, after setUpProcurement): the manager decides
 * procurement approvals waiting since an earlier day; one requisition in twenty is rejected.
 */
export async function decideProcurementApprovals(ctx: Context, world: World, today: string, tally: Tally): Promise<void> {
  const TYPES = new Set(['purchase_order', 'requisition', 'vendor_bill_mismatch', 'supplier_statement']);
  const pending = (await approvals.pendingApprovals(ctx.db)).filter((p) => TYPES.has(p.documentType) && p.requestDate < today);
  if (pending.length === 0) return;
  const approver = await managerId(ctx);
  for (const p of pending) {
    const reject = p.documentType === 'requisition' && stream(world.seed, 'procurement', 'decide', p.requestId).chance(0.05);
    await approvals.decide(ctx, { requestId: p.requestId, approverId: approver, decision: reject ? 'reject' : 'approve', date: today });
    tally.commands++;
  }
}

/**
 * Departments' own needs (call daily from runBuying): on about one working day in four an
 * employee with a department requisitions a few units of a bought item; on Mondays the approved
 * requisitions are ordered, one order per supplier, into the first warehouse.
 */
export async function raiseRequisitions(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const rng = stream(world.seed, 'procurement', 'requisition', today);
  if (weekday >= 1 && weekday <= 5 && rng.chance(0.25)) {
    const { rows: staff } = await sql<{ id: number }>`
      select e.id from people.employees e where e.active and e.department_id is not null order by e.id`.execute(ctx.db);
    if (staff.length > 0) {
      const itemIndex = rng.int(0, world.items.length - 1);
      await scm.createRequisition(ctx, { requesterId: rng.pick(staff).id, itemId: ids.items[itemIndex]!, quantity: rng.int(1, 20), neededBy: dayAfter(today, rng.int(7, 30)), date: today });
      tally.commands++;
    }
  }
  if (weekday !== 1) return;
  const approved = await scm.requisitionsOf(ctx.db, { status: 'approved' });
  if (approved.length === 0) return;
  const orderable = await scm.orderableSuppliers(ctx.db, today);
  const warehouseId = [...ids.warehouses.values()][0]!;
  const bySupplier = new Map<number, { requisitionIds: number[]; prices: { itemId: number; unitPrice: number }[] }>();
  for (const r of approved) {
    const itemIndex = ids.items.indexOf(r.itemId);
    const supplierIndex = itemIndex < 0 ? undefined : supplierFor(world, ids, orderable, itemIndex);
    if (supplierIndex === undefined) continue;
    const s = world.suppliers[supplierIndex]!;
    const group = bySupplier.get(supplierIndex) ?? { requisitionIds: [], prices: [] };
    group.requisitionIds.push(r.requisitionId);
    if (!group.prices.some((p) => p.itemId === r.itemId)) {
      group.prices.push({ itemId: r.itemId, unitPrice: Math.round((world.items[itemIndex]!.standardCost * s.priceLevel) / (s.currency === 'EUR' ? 1.09 : 1)) });
    }
    bySupplier.set(supplierIndex, group);
  }
  for (const [supplierIndex, g] of bySupplier) {
    await scm.orderRequisitions(ctx, { supplierId: ids.suppliers[supplierIndex]!, warehouseId, date: today, requisitionIds: g.requisitionIds, prices: g.prices });
    tally.commands++;
  }
}

/**
 * Change orders (call daily in runBuying): two days after an order, a supplier whose shipment
 * will run more than two days late confirms the later date (a fifth of such orders); and one
 * order in fifty is raised by a quarter on its first line because demand picked up, which sends
 * it back to the approval engine when the new amount needs it.
 */
export async function changeOrders(ctx: Context, world: World, ids: SimulationIds, open: readonly scm.OpenPurchaseOrder[], today: string, tally: Tally): Promise<void> {
  const supplierIndex = new Map(ids.suppliers.map((id, i) => [id, i]));
  for (const po of open) {
    const index = supplierIndex.get(po.supplierId);
    if (index === undefined || daysBetween(po.orderDate, today) !== 2) continue;
    const rng = stream(world.seed, 'procurement', 'change-order', po.id);
    const actual = dayAfter(po.orderDate, actualLeadTime(world, index, po.id));
    const late = po.expectedDate !== null && daysBetween(po.expectedDate, actual) > 2 && rng.chance(0.2);
    const raise = !late && rng.chance(0.02);
    if (!late && !raise) continue;
    const lines = (await scm.unshippedLines(ctx.db, po.id)).filter((l) => l.unshipped > 0);
    if (lines.length === 0) continue;
    await scm.changePurchaseOrder(ctx, late
      ? { purchaseOrderId: po.id, date: today, reason: `supplier confirmed delivery on ${actual}`, lines: lines.map((l) => ({ lineId: l.lineId, expectedDate: actual })) }
      : { purchaseOrderId: po.id, date: today, reason: 'demand picked up: quantity raised', lines: [{ lineId: lines[0]!.lineId, quantity: lines[0]!.ordered + Math.max(1, Math.round(lines[0]!.ordered / 4)) }] });
    tally.commands++;
  }
}

/**
 * ASN suppliers announce a shipment the day before it arrives (call daily in runBuying, before
 * receiveArrivals): every open, approved order of theirs whose actual lead time ends tomorrow.
 */
export async function announceShipments(ctx: Context, world: World, ids: SimulationIds, open: readonly scm.OpenPurchaseOrder[], today: string, tally: Tally): Promise<void> {
  const supplierIndex = new Map(ids.suppliers.map((id, i) => [id, i]));
  const announced = new Set((await scm.asnsInTransit(ctx.db)).map((a) => a.poId));
  for (const po of open) {
    const index = supplierIndex.get(po.supplierId);
    if (index === undefined || po.outstanding <= 0 || announced.has(po.id) || !usesAsns(world, index)) continue;
    if (daysBetween(po.orderDate, today) + 1 !== actualLeadTime(world, index, po.id)) continue;
    try {
      await scm.createAsn(ctx, { purchaseOrderId: po.id, shipDate: today, expectedDate: dayAfter(today, 1), supplierRef: `DN-${po.poNo}` });
      tally.commands++;
    } catch (error) {
      // An order still waiting for approval ships once approved (received without an ASN).
      if (!(error instanceof DomainError) || (error.code !== 'APPROVAL_PENDING' && error.code !== 'NOTHING_TO_SHIP')) throw error;
    }
  }
}

/**
 * Receives an arrived order (replaces scm.receivePurchaseOrder in receiveArrivals): against its
 * ASN when there is one, inspected in the same command with the supplier's true defect rate
 * (rejected units go back to the supplier); otherwise a plain receipt. Returns the receipt's items.
 */
export async function receiveArrival(ctx: Context, world: World, supplierIndex: number, purchaseOrderId: number, today: string, tally: Tally): Promise<{ itemId: number; quantity: number }[]> {
  tally.commands++;
  const asn = (await scm.asnsInTransit(ctx.db, { purchaseOrderId })).find((a) => a.status === 'in_transit');
  if (!asn) return (await scm.receivePurchaseOrder(ctx, { purchaseOrderId, date: today })).items;
  const defectRate = world.suppliers[supplierIndex]!.defectRate;
  const inspection = asn.lines.map((l) => {
    const rng = stream(world.seed, 'procurement', 'inspection', asn.asnNo, l.lineId);
    const sampled = Math.min(l.quantity, 5 + Math.ceil(l.quantity * 0.1));
    const rejected = Math.min(l.quantity, rng.poisson(l.quantity * defectRate));
    return { lineId: l.lineId, sampledQty: sampled, inspectedQty: sampled, rejectedQty: rejected, defects: rejected > 0 ? [{ code: rng.pick(['DAMAGED', 'OUT_OF_SPEC', 'WRONG_ITEM']), quantity: rejected }] : [] };
  });
  const received = await scm.receiveAsn(ctx, { asnNo: asn.asnNo, date: today, inspection });
  return received.items.map((item, n) => ({ itemId: item.itemId, quantity: item.quantity - (inspection[n]?.rejectedQty ?? 0) }));
}

/**
 * Records a supplier's bill (replaces scm.recordVendorBill in runBuying's bill loop): now and
 * then the supplier bills a line 4–8% over the order price or one unit more than received, which
 * the three-way match blocks until resolveMismatches settles it.
 */
export async function billReceived(ctx: Context, world: World, po: { id: number; poNo: string; lastReceipt: string }, today: string, tally: Tally): Promise<void> {
  const rng = stream(world.seed, 'procurement', 'bill', po.id, po.lastReceipt);
  const supplierRef = `SINV-${po.poNo}-${po.lastReceipt}`;
  tally.commands++;
  if (!rng.chance(MISMATCH_RATE)) {
    await scm.recordVendorBill(ctx, { purchaseOrderId: po.id, supplierRef, date: today });
    return;
  }
  const { rows } = await sql<{ id: number; open: number; unit_price: number }>`
    select id, (received_qty - returned_qty - billed_qty)::int as open, unit_price from scm.purchase_order_lines
     where po_id = ${po.id} and received_qty - returned_qty > billed_qty order by line_no`.execute(ctx.db);
  const odd = rng.int(0, rows.length - 1);
  const overPrice = rng.chance(0.6);
  await scm.recordVendorBill(ctx, {
    purchaseOrderId: po.id, supplierRef, date: today,
    lines: rows.map((l, i) => ({
      lineId: l.id,
      quantity: i === odd && !overPrice ? l.open + 1 : l.open,
      unitPrice: i === odd && overPrice ? Math.round(l.unit_price * (1.04 + rng.uniform() * 0.04)) : l.unit_price,
    })),
  });
}

/**
 * Daily in runBuying: blocked bills 3–6 days old are resolved, half by a credit from the supplier
 * for the excess, half by accepting the difference (small ones at once, large ones after the
 * manager's approval the next day).
 */
export async function resolveMismatches(ctx: Context, world: World, today: string, tally: Tally): Promise<void> {
  for (const bill of await scm.blockedBills(ctx.db)) {
    const rng = stream(world.seed, 'procurement', 'resolve', bill.billId);
    if (daysBetween(bill.billDate, today) < rng.int(3, 6)) continue;
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from approvals.requests where document_type = 'vendor_bill_mismatch' and document_id = ${bill.billId} and status = 'pending'`.execute(ctx.db);
    if (rows[0]!.n > 0) continue;
    if (rng.chance(0.5) && bill.mismatchAmount > 0 && bill.mismatchAmount <= bill.openAmount) {
      await scm.recordSupplierCredit(ctx, { billId: bill.billId, supplierRef: `SCN-${bill.billNo}`, date: today, amount: bill.mismatchAmount, reason: 'billing difference credited' });
    } else {
      await scm.acceptBillMismatch(ctx, { billId: bill.billId, date: today, note: 'difference accepted' });
    }
    tally.commands++;
  }
}

/**
 * The Friday payment run (replaces runBuying's per-supplier paySupplier loop): every bill due
 * within the coming week, and every bill still inside its early-payment window, less its discount.
 */
export async function paymentRun(ctx: Context, today: string, tally: Tally): Promise<void> {
  if (new Date(`${today}T00:00:00Z`).getUTCDay() !== 5) return;
  if ((await scm.billsDue(ctx.db, { date: today, dueBy: dayAfter(today, 6) })).length === 0) return;
  await scm.runSupplierPayments(ctx, { date: today, dueBy: dayAfter(today, 6), takeDiscounts: true });
  tally.commands++;
}

/**
 * Monthly on the 3rd (call daily in runBuying): a few suppliers' statements for the month before
 * are generated, answered (one in five disputes a line by a small amount) and reviewed; a
 * difference goes to the manager, who approves it the next day.
 */
export async function reconcileStatements(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  if (!today.endsWith('-03')) return;
  const period = dayAfter(today, -5).slice(0, 7);
  const rng = stream(world.seed, 'procurement', 'statements', period);
  const reviewer = await managerId(ctx);
  const chosen = new Set<number>();
  for (let i = 0; i < STATEMENTS_PER_MONTH * 3 && chosen.size < Math.min(STATEMENTS_PER_MONTH, ids.suppliers.length); i++) chosen.add(ids.suppliers[rng.int(0, ids.suppliers.length - 1)]!);
  for (const supplierId of chosen) {
    let statement: { statementId: number; closingBalance: number };
    try {
      statement = await scm.generateSupplierStatement(ctx, { supplierId, period, date: today });
      tally.commands++;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'DUPLICATE') continue;
      throw error;
    }
    const view = (await scm.supplierStatement(ctx.db, { supplierId, period }))!;
    const disputed = view.lines.length > 0 && rng.chance(0.2) ? rng.pick(view.lines.filter((l) => l.kind === 'bill').length > 0 ? view.lines.filter((l) => l.kind === 'bill') : view.lines) : undefined;
    const delta = disputed ? rng.int(1, 50) * 100 : 0;
    await scm.recordSupplierResponse(ctx, {
      statementId: statement.statementId, date: today, supplierBalance: statement.closingBalance + delta,
      disputes: disputed ? [{ lineId: disputed.lineId, supplierAmount: disputed.amount + delta, note: 'freight not on order' }] : [],
    });
    await scm.reviewSupplierStatement(ctx, { statementId: statement.statementId, reviewerId: reviewer, date: today });
    tally.commands += 2;
  }
}
