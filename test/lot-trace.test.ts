import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { crm, erp, scm, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { setUpTestFactory, type TestFactory } from './support/production.js';
import { expectRejectedWithoutTrace } from './support/fingerprint.js';
import { formatTrace } from '../cli/commands/trace.js';

/**
 * A multi-level case: bolts bought in two receipts (two lots) and widgets from opening stock go
 * into frames; frames, gadgets and more bolts go into machines; the machines lot is partly
 * transferred to a second warehouse and delivered to three customers from both. Traces must find
 * every receipt backwards and every delivery forwards, whichever lot or document they start from.
 */
describe('lot traceability', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let f: TestFactory;
  const s = {} as {
    b1: { receiptNo: string; lotNo: string; lotId: number };
    b2: { receiptNo: string; lotNo: string; lotId: number };
    frameLot: string; frameOrderNo: string; machineLot: string; machineOrderNo: string;
    deliveries: { customerId: number; deliveryNo: string; quantity: number }[];
    boltDelivery: { customerId: number; deliveryNo: string; quantity: number };
    secondWarehouse: number;
  };

  const deliver = async (customerId: number, warehouseId: number, itemId: number, quantity: number, date: string, lotId?: number) => {
    const order = await erp.createSalesOrder(co.ctx, { customerId, date, warehouseId, lines: [{ itemId, quantity }] });
    const line = await co.ctx.db.selectFrom('erp.sales_order_lines').select('id').where('order_id', '=', order.orderId).executeTakeFirstOrThrow();
    const d = await erp.deliverSalesOrder(co.ctx, { orderId: order.orderId, date, lines: [{ lineId: line.id, quantity, ...(lotId ? { lotId } : {}) }] });
    return { customerId, deliveryNo: d.deliveryNo, quantity };
  };

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    f = await setUpTestFactory(co);
    const { ctx, items, warehouseId } = co;
    s.b1 = await f.buyBolts(30, 50, '2024-02-01');
    s.b2 = await f.buyBolts(30, 60, '2024-02-10');

    // Frames: 20 × (1 widget + 2 bolts): bolts oldest first, 30 of B1 and 10 of B2.
    const frames = await erp.createProductionOrder(ctx, { itemId: f.subassembly, quantity: 20, warehouseId, date: '2024-03-01', dueDate: '2024-03-05', release: true });
    const frameIssue = await erp.issueComponents(ctx, { orderId: frames.orderId, date: '2024-03-01' });
    expect(frameIssue.lines.find((l) => l.itemId === f.bolt)!.lots.map((l) => [l.lotNo, l.quantity])).toEqual([[s.b1.lotNo, 30], [s.b2.lotNo, 10]]);
    const frameReceipt = await erp.receiveProduction(ctx, { orderId: frames.orderId, date: '2024-03-02', lotNo: 'FRAME-2024-001' });
    await erp.closeProductionOrder(ctx, { orderId: frames.orderId, date: '2024-03-02' });
    s.frameLot = frameReceipt.lotNo;
    s.frameOrderNo = frames.orderNo;
    expect(s.frameLot).toBe('FRAME-2024-001');

    // Machines (a revision with the frame in it): 6 × (1 frame + 1 gadget + 2 bolts from B2).
    await erp.createBomRevision(ctx, { itemId: f.machine, effectiveFrom: '2024-06-01', lines: [
      { componentItemId: f.subassembly, quantityPer: 1 }, { componentItemId: items.gadget, quantityPer: 1 }, { componentItemId: f.bolt, quantityPer: 2 },
    ] });
    const machines = await erp.createProductionOrder(ctx, { itemId: f.machine, quantity: 6, warehouseId, date: '2024-06-03', dueDate: '2024-06-10', release: true, backflush: true });
    for (const seq of [10, 20]) {
      await erp.startOperation(ctx, { orderId: machines.orderId, seq, date: '2024-06-04', employeeId: f.operator });
      await erp.finishOperation(ctx, { orderId: machines.orderId, seq, date: '2024-06-04', employeeId: f.operator, goodQty: 6 });
    }
    const machineReceipt = await erp.receiveProduction(ctx, { orderId: machines.orderId, date: '2024-06-05' });
    await erp.closeProductionOrder(ctx, { orderId: machines.orderId, date: '2024-06-05' });
    s.machineLot = machineReceipt.lotNo;
    s.machineOrderNo = machines.orderNo;

    // Two machines travel to a second warehouse under the same lot.
    s.secondWarehouse = (await erp.createWarehouse(ctx, { code: 'WEST', name: 'West', region: 'NA' })).warehouseId;
    const transfer = await erp.shipTransfer(ctx, { fromWarehouseId: warehouseId, toWarehouseId: s.secondWarehouse, date: '2024-06-06', lines: [{ itemId: f.machine, quantity: 2 }] });
    await erp.receiveTransfer(ctx, { transferId: transfer.transferId, date: '2024-06-09' });

    const customer = async (name: string) => (await crm.createCustomer(ctx, { name, region: 'NA', segment: 'small_business' })).customerId;
    const [a, b, c, d] = [await customer('Alpha'), await customer('Beta'), await customer('Gamma'), await customer('Delta')];
    s.deliveries = [
      await deliver(a, warehouseId, f.machine, 2, '2024-06-10'),
      await deliver(b, warehouseId, f.machine, 2, '2024-06-11'),
      await deliver(c, s.secondWarehouse, f.machine, 2, '2024-06-12'),
    ];
    // Bolts delivered straight from B2 (named), so B2 reaches a customer directly too.
    s.boltDelivery = await deliver(d, warehouseId, f.bolt, 5, '2024-06-12', s.b2.lotId);
  });
  afterAll(() => database.drop());

  const receiptNos = (t: erp.LotTrace) => [...new Set(t.backwards.receipts.map((r) => r.receiptNo))].sort();
  const deliveryRows = (t: erp.LotTrace) => t.forwards.deliveries.map((d) => ({ customerId: d.customerId, deliveryNo: d.deliveryNo, quantity: d.quantity })).sort((x, y) => x.deliveryNo.localeCompare(y.deliveryNo));

  it('traces a finished lot backwards through every level to the supplier receipts', async () => {
    const trace = await erp.traceLot(co.ctx.db, s.machineLot);
    expect(trace.lots.map((l) => l.lotNo)).toEqual([s.machineLot]);
    expect(trace.lots[0]).toMatchObject({ originType: 'production_receipt', quantity: 6 });
    expect(receiptNos(trace)).toEqual([s.b1.receiptNo, s.b2.receiptNo].sort());
    const byLot = Object.fromEntries(trace.backwards.lots.map((l) => [l.lotNo, l.depth]));
    expect(byLot[s.machineLot]).toBe(0);
    expect(byLot[s.frameLot]).toBe(1);
    expect(byLot[s.b2.lotNo]).toBe(1); // bolts straight into the machine
    expect(byLot[s.b1.lotNo]).toBe(2); // bolts into the frame
    expect(trace.backwards.productionOrders.map((p) => p.orderNo).sort()).toEqual([s.frameOrderNo, s.machineOrderNo].sort());
    const supplierReceipt = trace.backwards.receipts.find((r) => r.lotNo === s.b1.lotNo)!;
    expect(supplierReceipt).toMatchObject({ supplierId: co.supplierId, supplierName: 'Parts Inc', quantity: 30, inspection: null });
    // Forwards from the machines: the three customers, wherever they were shipped from.
    expect(deliveryRows(trace)).toEqual([...s.deliveries].sort((x, y) => x.deliveryNo.localeCompare(y.deliveryNo)));
  });

  it('traces a purchased lot forwards through both production levels to every customer delivery', async () => {
    const trace = await erp.traceLot(co.ctx.db, s.b1.lotNo);
    expect(trace.forwards.lots.map((l) => [l.lotNo, l.depth])).toEqual(expect.arrayContaining([[s.b1.lotNo, 0], [s.frameLot, 1], [s.machineLot, 2]]));
    expect(deliveryRows(trace)).toEqual([...s.deliveries].sort((x, y) => x.deliveryNo.localeCompare(y.deliveryNo)));
    expect(trace.forwards.onHand.filter((h) => h.lotNo === s.frameLot).map((h) => h.quantity)).toEqual([14]); // 20 made, 6 used
    expect(receiptNos(trace)).toEqual([s.b1.receiptNo]);

    // B2 reached the machines directly and through the frames, and one customer directly.
    const b2 = await erp.traceLot(co.ctx.db, s.b2.lotNo);
    expect(deliveryRows(b2)).toEqual([...s.deliveries, s.boltDelivery].sort((x, y) => x.deliveryNo.localeCompare(y.deliveryNo)));
  });

  it('traces from a document number: a delivery back to its receipts, a receipt forward to its customers', async () => {
    const fromDelivery = await erp.traceDocument(co.ctx.db, s.deliveries[2]!.deliveryNo);
    expect(fromDelivery.document).toEqual({ kind: 'delivery', number: s.deliveries[2]!.deliveryNo });
    expect(fromDelivery.lots.map((l) => l.lotNo)).toEqual([s.machineLot]);
    expect(receiptNos(fromDelivery)).toEqual([s.b1.receiptNo, s.b2.receiptNo].sort());

    const fromReceipt = await erp.traceDocument(co.ctx.db, s.b1.receiptNo);
    expect(fromReceipt.document.kind).toBe('goods_receipt');
    expect(deliveryRows(fromReceipt).map((d) => d.customerId).sort()).toEqual(s.deliveries.map((d) => d.customerId).sort());

    const fromOrder = await erp.traceDocument(co.ctx.db, s.machineOrderNo);
    expect(fromOrder.document.kind).toBe('production_order');
    expect(receiptNos(fromOrder)).toEqual([s.b1.receiptNo, s.b2.receiptNo].sort());
    expect(deliveryRows(fromOrder).filter((d) => d.deliveryNo !== s.boltDelivery.deliveryNo)).toHaveLength(3);

    // What `ledgerloop trace` prints: both directions, with suppliers and customers by name.
    const text = formatTrace(fromOrder);
    expect(text).toContain(`Trace of production order ${s.machineOrderNo}`);
    for (const needle of ['BACKWARDS', 'FORWARDS', 'Parts Inc', 'Alpha', 'Beta', 'Gamma', s.b1.receiptNo, s.deliveries[2]!.deliveryNo]) expect(text).toContain(needle);
    await expect(erp.traceDocument(co.ctx.db, 'NO-SUCH-DOC')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(erp.traceLot(co.ctx.db, 'NO-SUCH-LOT')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('records which lots each delivery line shipped, oldest first unless a lot is named', async () => {
    const { ctx, warehouseId } = co;
    const { rows } = await sql<{ lot_no: string; quantity: number }>`
      select o.lot_no, v.quantity from erp.delivery_line_lots v join erp.lots o on o.id = v.lot_id
        join erp.deliveries d on d.id = v.delivery_id where d.delivery_no = ${s.boltDelivery.deliveryNo}`.execute(ctx.db);
    expect(rows).toEqual([{ lot_no: s.b2.lotNo, quantity: 5 }]);
    // Bolts left: B2 has 30 − 10 (frames) − 12 (machines) − 5 = 3; more than that cannot come from it.
    expect((await erp.lotStock(ctx.db, { itemId: f.bolt, warehouseId })).map((l) => [l.lotNo, l.onHand])).toEqual([[s.b2.lotNo, 3]]);
    const d = (await crm.createCustomer(ctx, { name: 'Epsilon', region: 'NA', segment: 'consumer' })).customerId;
    const b3 = await f.buyBolts(10, 55, '2024-06-20');
    const order = await erp.createSalesOrder(ctx, { customerId: d, date: '2024-06-21', warehouseId, lines: [{ itemId: f.bolt, quantity: 5 }] });
    const line = await ctx.db.selectFrom('erp.sales_order_lines').select('id').where('order_id', '=', order.orderId).executeTakeFirstOrThrow();
    await expectRejectedWithoutTrace(ctx.db, () => erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-06-21', lines: [{ lineId: line.id, quantity: 5, lotId: s.b2.lotId }] }), 'INSUFFICIENT_STOCK', 'lines.0.quantity');
    const delivery = await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date: '2024-06-21' });
    const trace = await erp.traceDocument(ctx.db, delivery.deliveryNo);
    expect(trace.lots.map((l) => l.lotNo).sort()).toEqual([s.b2.lotNo, b3.lotNo].sort()); // 3 of B2 (oldest), then 2 of B3
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('shows a receipt\'s quality inspection on the way back, and rejected goods leave from their own lot', async () => {
    const { ctx, warehouseId } = co;
    const b4 = await f.buyBolts(20, 50, '2024-07-01');
    const line = await ctx.db.selectFrom('scm.goods_receipt_lines as l').innerJoin('scm.goods_receipts as r', 'r.id', 'l.receipt_id')
      .select(['l.id', 'l.receipt_id', 'l.lot_id']).where('r.receipt_no', '=', b4.receiptNo).executeTakeFirstOrThrow();
    expect(line.lot_id).toBe(b4.lotId);
    await scm.inspectReceipt(ctx, { receiptId: line.receipt_id, date: '2024-07-02', lines: [{ receiptLineId: line.id, sampledQty: 5, inspectedQty: 5, rejectedQty: 2, defects: [{ code: 'THREAD', quantity: 2 }] }] });
    expect((await erp.lotStock(ctx.db, { itemId: f.bolt, warehouseId })).find((l) => l.lotId === b4.lotId)!.onHand).toBe(18);
    const trace = await erp.traceLot(ctx.db, b4.lotNo);
    expect(trace.backwards.receipts).toHaveLength(1);
    expect(trace.backwards.receipts[0]!.inspection).toMatchObject({ status: 'partially_accepted', inspectedQty: 5, acceptedQty: 18, rejectedQty: 2, defects: [{ code: 'THREAD', quantity: 2 }] });
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
