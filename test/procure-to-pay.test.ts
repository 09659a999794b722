import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { approvals, erp, people, scm, verify, type Context } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace } from './support/fingerprint.js';

const balanceOf = async (db: TestDatabase['db'], role: string, supplierId?: number) => {
  const { rows } = await sql<{ b: number }>`
    select coalesce(sum(credit - debit), 0)::bigint as b from finance.journal_lines
     where account_code = (select account_code from finance.account_roles where role = ${role})
       ${supplierId === undefined ? sql`` : sql`and supplier_id = ${supplierId}`}`.execute(db);
  return Number(rows[0]!.b);
};

describe('procure to pay', () => {
  let database: TestDatabase;
  let ctx: Context;
  let co: TestCompany;
  const staff: Record<string, number> = {};
  let maintenance: number;

  beforeAll(async () => {
    database = await freshDatabase();
    ctx = { db: database.db, actor: 'test' };
    co = await setUpTestCompany(ctx);
    maintenance = (await people.createDepartment(ctx, { code: 'MAINT', name: 'Maintenance', costCenter: 'CC-MAINT', costCenterName: 'Maintenance' })).departmentId;
    for (const [code, role] of [['TECH', 'technician'], ['MGR', 'manager'], ['ACC', 'accountant'], ['BUY', 'buyer']] as const) {
      staff[code] = (await people.hireEmployee(ctx, { code, name: code, role, ...(code === 'TECH' ? { departmentId: maintenance } : {}) })).employeeId;
    }
    await approvals.setApprovalRule(ctx, { documentType: 'requisition', department: 'MAINT', minAmount: 50_000, steps: [{ role: 'manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'purchase_order', minAmount: 1_000_000, steps: [{ role: 'manager' }] });
    await approvals.setApprovalRule(ctx, { documentType: 'supplier_statement', minAmount: 0, steps: [{ role: 'accountant' }] });
  }, 60_000);
  afterAll(() => database.drop());

  it('takes requisitions from a department through approval into a purchase order that keeps the link', async () => {
    const small = await scm.createRequisition(ctx, { requesterId: staff.TECH!, itemId: co.items.widget, quantity: 10, neededBy: '2024-03-20', date: '2024-03-01' });
    expect(small).toMatchObject({ status: 'approved', amount: 10_000 });
    const big = await scm.createRequisition(ctx, { requesterId: staff.TECH!, itemId: co.items.widget, quantity: 60, neededBy: '2024-03-15', date: '2024-03-01' });
    expect(big).toMatchObject({ status: 'pending', nextRole: 'manager' });
    expect((await scm.requisitionsOf(ctx.db, { requesterId: staff.TECH! })).find((r) => r.requisitionNo === big.requisitionNo)).toMatchObject({ progress: 'awaiting approval', approvalStep: 'step 1 of 1: manager' });
    await expectRejectedWithoutTrace(ctx.db, () => scm.orderRequisitions(ctx, { requisitionIds: [small.requisitionId, big.requisitionId], supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-03-02', prices: [{ itemId: co.items.widget, unitPrice: 1_000 }] }), 'APPROVAL_PENDING');
    await approvals.decide(ctx, { requestId: big.approvalRequestId!, approverId: staff.MGR!, decision: 'approve', date: '2024-03-02' });
    const po = await scm.orderRequisitions(ctx, { requisitionIds: [small.requisitionId, big.requisitionId], supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-03-02', prices: [{ itemId: co.items.widget, unitPrice: 1_000 }] });
    expect(po).toMatchObject({ net: 70_000, approvalStatus: 'not_required' });
    const { rows } = await sql<{ quantity: number; expected_date: string; reqs: number }>`
      select l.quantity, l.expected_date, (select count(*) from scm.requisitions r where r.po_line_id = l.id)::int as reqs
        from scm.purchase_order_lines l where l.po_id = ${po.purchaseOrderId}`.execute(ctx.db);
    expect(rows).toEqual([{ quantity: 70, expected_date: '2024-03-15', reqs: 2 }]);
    expect((await scm.requisitionsByItemAndDepartment(ctx.db, { departmentCode: 'MAINT' }))[0]).toMatchObject({ department: 'MAINT', requisitions: 2, quantity: 70, orderedQty: 70 });
    await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-03-10', lines: [{ lineId: (await scm.unshippedLines(ctx.db, po.purchaseOrderId))[0]!.lineId, quantity: 15 }] });
    const progress = await scm.requisitionsOf(ctx.db, { requesterId: staff.TECH! });
    expect(progress.map((r) => [r.requisitionNo, r.progress, r.receivedQty]).sort()).toEqual([[small.requisitionNo, 'partly received', 10], [big.requisitionNo, 'partly received', 5]].sort());
    // A requisition is ordered once.
    await expectRejectedWithoutTrace(ctx.db, () => scm.orderRequisitions(ctx, { requisitionIds: [small.requisitionId], supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-03-02' }), 'NOT_ALLOWED');
  });

  it('holds a purchase order above the approval amount: not receivable or billable until approved; a change order raising it asks again', async () => {
    const po = await scm.createPurchaseOrder(ctx, { supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-04-01', expectedDate: '2024-04-10', lines: [{ itemId: co.items.gadget, quantity: 300, unitPrice: 4_000 }] });
    expect(po).toMatchObject({ approvalStatus: 'pending', net: 1_200_000 });
    await expectRejectedWithoutTrace(ctx.db, () => scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-04-05' }), 'APPROVAL_PENDING');
    await expectRejectedWithoutTrace(ctx.db, () => scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-04-05', expectedDate: '2024-04-06' }), 'APPROVAL_PENDING');
    await approvals.decide(ctx, { requestId: (po as { approvalRequestId: number }).approvalRequestId, approverId: staff.MGR!, decision: 'approve', date: '2024-04-02' });
    const lineId = (await scm.unshippedLines(ctx.db, po.purchaseOrderId))[0]!.lineId;
    // Lowering needs no approval; raising above the rule does, and the order waits again.
    const lower = await scm.changePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-04-03', reason: 'less needed', lines: [{ lineId, quantity: 200, expectedDate: '2024-04-12' }] });
    expect(lower).toMatchObject({ version: 2, net: 800_000, approvalStatus: 'approved' });
    const raise = await scm.changePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-04-04', reason: 'price rise', lines: [{ lineId, unitPrice: 5_500 }] });
    expect(raise).toMatchObject({ version: 3, net: 1_100_000, approvalStatus: 'pending' });
    await expectRejectedWithoutTrace(ctx.db, () => scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-04-05' }), 'APPROVAL_PENDING');
    const versions = await scm.purchaseOrderVersions(ctx.db, po.purchaseOrderId);
    expect(versions.map((v) => [v.version, v.netBefore, v.netAfter])).toEqual([[2, 1_200_000, 800_000], [3, 800_000, 1_100_000]]);
    expect(versions[0]!.changes[0]).toMatchObject({ before: { quantity: 300, unitPrice: 4_000 }, after: { quantity: 200, unitPrice: 4_000, expectedDate: '2024-04-12' } });
    await approvals.decide(ctx, { requestId: raise.approvalRequestId!, approverId: staff.MGR!, decision: 'approve', date: '2024-04-05' });
    await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-04-06' });
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('ships against open lines with an ASN, receives it in one command with inspection, and returns rejected goods', async () => {
    const po = await scm.createPurchaseOrder(ctx, { supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-05-01', expectedDate: '2024-05-10', lines: [{ itemId: co.items.widget, quantity: 40, unitPrice: 1_000 }, { itemId: co.items.gadget, quantity: 10, unitPrice: 4_000 }] });
    const [w, g] = await scm.unshippedLines(ctx.db, po.purchaseOrderId);
    const first = await scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-05-05', expectedDate: '2024-05-07', lines: [{ lineId: w!.lineId, quantity: 30 }] });
    expect((await scm.unshippedLines(ctx.db, po.purchaseOrderId)).map((l) => l.unshipped)).toEqual([10, 10]);
    const second = await scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-05-06', expectedDate: '2024-05-08' });
    expect(second.lines.map((l) => l.quantity)).toEqual([10, 10]);
    const { rows: events } = await sql<{ n: number }>`select count(*)::int as n from core.outbox where event_type = 'asn.created' and aggregate_id = ${String(po.purchaseOrderId)}`.execute(ctx.db);
    expect(events[0]!.n).toBe(2);
    await expectRejectedWithoutTrace(ctx.db, () => scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-05-06', expectedDate: '2024-05-08' }), 'NOTHING_TO_SHIP');

    const stockBefore = (await erp.stockPosition(ctx.db, co.items.widget, co.warehouseId)).onHand;
    const grniBefore = await balanceOf(ctx.db, 'grni', co.supplierId);
    const received = await scm.receiveAsn(ctx, { asnNo: first.asnNo, date: '2024-05-07', inspection: [{ lineId: w!.lineId, sampledQty: 8, inspectedQty: 8, rejectedQty: 3, defects: [{ code: 'SCRATCH', quantity: 2 }, { code: 'DENT', quantity: 1 }] }] });
    expect(received.inspection!.inspections[0]).toMatchObject({ acceptedQty: 27, rejectedQty: 3 });
    expect(received.inspection!.supplierReturn).toMatchObject({ grniValue: 3_000 });
    expect((await erp.stockPosition(ctx.db, co.items.widget, co.warehouseId)).onHand).toBe(stockBefore + 27);
    expect(await balanceOf(ctx.db, 'grni', co.supplierId)).toBe(grniBefore + 27_000);
    const lot = await erp.findLot(ctx.db, received.items[0]!.lotNo);
    expect(lot).toMatchObject({ qualityStatus: 'partially_accepted' });
    expect((await scm.inspections(ctx.db, { receiptId: received.receiptId }))[0]).toMatchObject({ sampledQty: 8, inspectedQty: 8, acceptedQty: 27, rejectedQty: 3, defects: [{ code: 'DENT', quantity: 1 }, { code: 'SCRATCH', quantity: 2 }] });
    await expectRejectedWithoutTrace(ctx.db, () => scm.receiveAsn(ctx, { asnNo: first.asnNo, date: '2024-05-08' }), 'NOT_ALLOWED');
    const { rows: [receiptLine] } = await sql<{ id: number }>`select id from scm.goods_receipt_lines where receipt_id = ${received.receiptId}`.execute(ctx.db);
    await expectRejectedWithoutTrace(ctx.db, () => scm.inspectReceipt(ctx, { receiptId: received.receiptId, date: '2024-05-08', lines: [{ receiptLineId: receiptLine!.id, sampledQty: 1, inspectedQty: 1, rejectedQty: 0 }] }), 'DUPLICATE');

    await scm.receiveAsn(ctx, { asnNo: second.asnNo, date: '2024-05-08' });
    // Only what was kept can be billed: 37 widgets, not 40.
    const bill = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'INV-ASN-1', date: '2024-05-09' });
    expect(bill).toMatchObject({ matchStatus: 'matched', gross: 37 * 1_000 + 10 * 4_000, variance: 0 });
    const { rows: [order] } = await sql<{ status: string }>`select status from scm.purchase_orders where id = ${po.purchaseOrderId}`.execute(ctx.db);
    expect(order!.status).toBe('closed');
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('three-way matches bills: a mismatch blocks payment until a credit or an approval resolves it; variances post', async () => {
    await scm.setProcurementTolerances(ctx, { receiptToleranceBp: 1_000, quantityToleranceBp: 0, priceToleranceBp: 200, priceToleranceUnit: 0 });
    const po = await scm.createPurchaseOrder(ctx, { supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-06-01', expectedDate: '2024-06-05', lines: [{ itemId: co.items.widget, quantity: 20, unitPrice: 1_000 }, { itemId: co.items.gadget, quantity: 5, unitPrice: 4_000 }] });
    await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-06-05' });
    const [w, g] = await scm.unshippedLines(ctx.db, po.purchaseOrderId);
    const varianceBefore = -(await balanceOf(ctx.db, 'price_variance'));
    // Within the 2% price tolerance: matched, and the difference is variance.
    const ok = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'INV-M1', date: '2024-06-06', lines: [{ lineId: w!.lineId, quantity: 10, unitPrice: 1_015 }] });
    expect(ok).toMatchObject({ matchStatus: 'matched', variance: 150 });
    // 5% over the price and 2 units more than received: blocked.
    const bad = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'INV-M2', date: '2024-06-06', lines: [{ lineId: w!.lineId, quantity: 12, unitPrice: 1_050 }] });
    expect(bad.matchStatus).toBe('blocked');
    expect(bad.issues.map((i) => i.kind).sort()).toEqual(['price', 'quantity']);
    expect(bad.variance).toBe(12 * 1_050 - 10 * 1_000);
    expect(-(await balanceOf(ctx.db, 'price_variance')) - varianceBefore).toBe(150 + 2_600);
    await expectRejectedWithoutTrace(ctx.db, () => scm.paySupplier(ctx, { supplierId: co.supplierId, date: '2024-06-07', amount: 100, allocations: [{ billId: bad.billId, amount: 100 }] }), 'MATCH_BLOCKED');
    expect((await scm.billsDue(ctx.db, { date: '2024-06-07', dueBy: '2099-01-01' })).some((b) => b.billId === bad.billId)).toBe(false);
    expect((await scm.blockedBills(ctx.db)).map((b) => [b.billNo, b.mismatchAmount])).toEqual([[bad.billNo, 2_600]]);
    // The supplier credits the excess: resolved, payables and variance back.
    const credit = await scm.recordSupplierCredit(ctx, { billId: bad.billId, supplierRef: 'CR-M2', date: '2024-06-10', amount: 2_600, reason: 'overcharge' });
    expect(credit.billStatus).toBe('resolved');
    expect(-(await balanceOf(ctx.db, 'price_variance')) - varianceBefore).toBe(150);
    const paid = await scm.paySupplier(ctx, { supplierId: co.supplierId, date: '2024-06-11', amount: 10_000, allocations: [{ billId: bad.billId, amount: 10_000 }] });
    expect(paid.allocated).toBe(10_000);

    // A price mismatch accepted through the approval engine.
    await approvals.setApprovalRule(ctx, { documentType: 'vendor_bill_mismatch', minAmount: 0, steps: [{ role: 'accountant' }] });
    const priced = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'INV-M3', date: '2024-06-12', lines: [{ lineId: g!.lineId, quantity: 5, unitPrice: 4_400 }] });
    expect(priced.matchStatus).toBe('blocked');
    const accept = await scm.acceptBillMismatch(ctx, { billId: priced.billId, date: '2024-06-12' });
    expect(accept).toMatchObject({ status: 'blocked', nextRole: 'accountant' });
    await approvals.decide(ctx, { requestId: accept.approvalRequestId, approverId: staff.ACC!, decision: 'approve', date: '2024-06-13' });
    expect(await scm.blockedBills(ctx.db)).toEqual([]);
    await scm.paySupplier(ctx, { supplierId: co.supplierId, date: '2024-06-14', amount: 22_000, allocations: [{ billId: priced.billId, amount: 22_000 }] });
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('refuses receipts beyond the tolerance in the database', async () => {
    const po = await scm.createPurchaseOrder(ctx, { supplierId: co.supplierId, warehouseId: co.warehouseId, date: '2024-06-15', expectedDate: '2024-06-20', lines: [{ itemId: co.items.widget, quantity: 20, unitPrice: 1_000 }] });
    const [line] = await scm.unshippedLines(ctx.db, po.purchaseOrderId);
    expect(scm.receivableQuantity({ quantity: 20, received_qty: 0, returned_qty: 0, receipt_tolerance_bp: 1_000 })).toBe(22);
    // The 10% set above was copied onto the line: 22 may be received and kept, 23 may not.
    await sql`update scm.purchase_order_lines set received_qty = 22 where id = ${line!.lineId}`.execute(ctx.db);
    await expect(sql`update scm.purchase_order_lines set received_qty = 23 where id = ${line!.lineId}`.execute(ctx.db)).rejects.toThrow(/po_line_received_within_tolerance/);
    await sql`update scm.purchase_order_lines set received_qty = 0 where id = ${line!.lineId}`.execute(ctx.db);
    await expectRejectedWithoutTrace(ctx.db, () => scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-06-16', expectedDate: '2024-06-17', lines: [{ lineId: line!.lineId, quantity: 23 }] }), 'EXCEEDS_OPEN_QUANTITY');
    await scm.createAsn(ctx, { purchaseOrderId: po.purchaseOrderId, shipDate: '2024-06-16', expectedDate: '2024-06-17', lines: [{ lineId: line!.lineId, quantity: 20 }] });
  });

  it('pays due bills in a run, taking early-payment discounts inside the window', async () => {
    const { supplierId } = await scm.registerSupplier(ctx, { legalName: 'Discount Parts', taxId: 'US-777', region: 'NA', status: 'approved' });
    await scm.setEarlyPaymentTerms(ctx, { supplierId, discountBp: 200, discountDays: 10 });
    const po = await scm.createPurchaseOrder(ctx, { supplierId, warehouseId: co.warehouseId, date: '2024-07-01', expectedDate: '2024-07-02', lines: [{ itemId: co.items.widget, quantity: 10, unitPrice: 1_000 }, { itemId: co.items.gadget, quantity: 10, unitPrice: 4_000 }] });
    await scm.receivePurchaseOrder(ctx, { purchaseOrderId: po.purchaseOrderId, date: '2024-07-02' });
    const [w, g] = await scm.unshippedLines(ctx.db, po.purchaseOrderId);
    const early = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'D-1', date: '2024-07-03', lines: [{ lineId: w!.lineId, quantity: 10 }] });
    const second = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'D-3', date: '2024-07-04', lines: [{ lineId: g!.lineId, quantity: 5 }] });
    const run = await scm.runSupplierPayments(ctx, { date: '2024-07-10', dueBy: '2024-07-10', supplierIds: [supplierId] });
    expect(run.payments).toEqual([{ supplierId, paymentNo: expect.any(String), amount: 10_000 - 200 + 20_000 - 400, discount: 600, bills: 2 }]);
    expect(run.discountFunctional).toBe(600);
    expect(await balanceOf(ctx.db, 'purchase_discount')).toBe(600);
    const { rows } = await sql<{ open: number }>`select sum(open_amount)::bigint as open from scm.vendor_bills where id in (${early.billId}, ${second.billId})`.execute(ctx.db);
    expect(Number(rows[0]!.open)).toBe(0);
    // Outside the window no discount: a partial payment is allocated in full.
    const third = await scm.recordVendorBill(ctx, { purchaseOrderId: po.purchaseOrderId, supplierRef: 'D-4', date: '2024-07-05', lines: [{ lineId: g!.lineId, quantity: 5 }] });
    const partial = await scm.runSupplierPayments(ctx, { date: '2024-07-20', dueBy: '2024-08-10', supplierIds: [supplierId], maxPerSupplier: 5_000 });
    expect(partial.payments[0]).toMatchObject({ amount: 5_000, discount: 0 });
    const { rows: [b3] } = await sql<{ open_amount: number }>`select open_amount from scm.vendor_bills where id = ${third.billId}`.execute(ctx.db);
    expect(b3!.open_amount).toBe(15_000);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('reconciles a supplier statement: lines tie to the ledger, discrepancies recorded, review then approval', async () => {
    const statement = await scm.generateSupplierStatement(ctx, { supplierId: co.supplierId, period: '2024-06', date: '2024-07-02' });
    const view = (await scm.supplierStatement(ctx.db, { supplierId: co.supplierId, period: '2024-06' }))!;
    expect(view.closingBalance).toBe(view.ledgerBalance);
    expect(view.closingBalance).toBe(await balanceOf(ctx.db, 'payables', co.supplierId) - 0); // functional-currency supplier, all dated before July
    expect(view.lines.map((l) => l.kind)).toEqual(expect.arrayContaining(['bill', 'payment', 'credit', 'return']));
    const bill = view.lines.find((l) => l.kind === 'bill')!;
    await scm.recordSupplierResponse(ctx, { statementId: statement.statementId, date: '2024-07-05', supplierBalance: view.closingBalance + 500, disputes: [{ lineId: bill.lineId, supplierAmount: bill.amount + 500, note: 'freight' }] });
    const reviewed = await scm.reviewSupplierStatement(ctx, { statementId: statement.statementId, reviewerId: staff.BUY!, date: '2024-07-06' });
    expect(reviewed).toMatchObject({ status: 'reviewed', nextRole: 'accountant' });
    await approvals.decide(ctx, { requestId: reviewed.approvalRequestId, approverId: staff.ACC!, decision: 'approve', date: '2024-07-07' });
    const done = (await scm.supplierStatement(ctx.db, { supplierId: co.supplierId, period: '2024-06' }))!;
    expect(done.status).toBe('reconciled');
    expect(done.discrepancies.map((d) => [d.kind, d.difference])).toEqual([['amount', 500], ['balance', 500]]);
    expect(done.lines.find((l) => l.lineId === bill.lineId)).toMatchObject({ status: 'disputed', supplierAmount: bill.amount + 500 });
    // The next month's statement starts from this one and lists only what is new.
    const next = await scm.generateSupplierStatement(ctx, { supplierId: co.supplierId, period: '2024-07', date: '2024-08-01' });
    const july = (await scm.supplierStatement(ctx.db, { supplierId: co.supplierId, period: '2024-07' }))!;
    expect(july.openingBalance).toBe(done.closingBalance);
    expect(july.closingBalance).toBe(july.ledgerBalance);
    expect(next.lines).toBe(july.lines.length);
    await expectRejectedWithoutTrace(ctx.db, () => scm.generateSupplierStatement(ctx, { supplierId: co.supplierId, period: '2024-07', date: '2024-08-01' }), 'DUPLICATE');
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
