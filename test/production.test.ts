import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { erp, finance, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { setUpTestFactory, type TestFactory } from './support/production.js';
import { expectRejectedWithoutTrace, rejectionOf } from './support/fingerprint.js';

describe('production', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let f: TestFactory;
  const balance = async (account: string) => (await finance.trialBalance(co.ctx.db, '2099-12-31')).rows.find((r) => r.account === account)?.balance ?? 0;
  const issuedByComponent = async (orderId: number) => {
    const { rows } = await sql<{ item_id: number; q: number }>`
      select l.item_id, sum(l.quantity)::bigint as q from erp.production_issue_lines l join erp.production_issues i on i.id = l.issue_id
       where i.order_id = ${orderId} group by 1`.execute(co.ctx.db);
    return Object.fromEntries(rows.map((r) => [r.item_id, r.q]));
  };

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    f = await setUpTestFactory(co);
    await f.buyBolts(200, 50, '2024-01-05');
  });
  afterAll(() => database.drop());

  it('keeps BOM revisions with effective dates and a history of who changed what', async () => {
    const { ctx, items } = co;
    await erp.createBomRevision({ ...ctx, actor: 'engineer@example.com' }, {
      itemId: f.machine, effectiveFrom: '2024-07-01', effectiveTo: '2024-09-01', changeNote: 'summer: three bolts, no scrap allowance on widgets',
      lines: [{ componentItemId: items.widget, quantityPer: 2 }, { componentItemId: items.gadget, quantityPer: 1 }, { componentItemId: f.bolt, quantityPer: 3 }],
    });
    expect((await erp.bomInEffect(ctx.db, f.machine, '2024-06-30'))!.revision).toBe(1);
    const summer = (await erp.bomInEffect(ctx.db, f.machine, '2024-07-15'))!;
    expect(summer.revision).toBe(2);
    expect(summer.lines.map((l) => [l.componentItemId, l.quantityPer, l.scrapBp])).toEqual([[items.widget, 2, 0], [items.gadget, 1, 0], [f.bolt, 3, 0]]);
    expect((await erp.bomInEffect(ctx.db, f.machine, '2024-09-01'))!.revision).toBe(1); // revision 2 has ended
    expect(await erp.bomInEffect(ctx.db, f.machine, '2023-12-31')).toBeUndefined();

    const history = await erp.bomHistory(ctx.db, f.machine);
    expect(history.map((h) => [h.revision, h.createdBy])).toEqual([[1, 'test'], [2, 'engineer@example.com']]);
    expect(history[1]!.changes).toEqual(expect.arrayContaining([
      expect.objectContaining({ componentItemId: items.widget, change: 'changed', oldScrapBp: 500, newScrapBp: 0, changedBy: 'engineer@example.com' }),
      expect.objectContaining({ componentItemId: f.bolt, change: 'changed', oldQuantityPer: 4, newQuantityPer: 3 }),
    ]));
    expect(history[1]!.changes).toHaveLength(2);
    // Revisions are history: the database refuses to rewrite them.
    await expect(sql`update erp.bom_lines set quantity_per = 9`.execute(ctx.db)).rejects.toThrow(/IMMUTABLE/);
    // Multi-level explosion: the machine needs the frame's components too once it contains a frame.
    expect((await erp.explodeBom(ctx.db, f.machine, 2, '2024-03-01')).map((r) => [r.level, r.componentItemId, r.quantity])).toEqual(
      expect.arrayContaining([[1, items.widget, 4], [1, items.gadget, 2], [1, f.bolt, 8]]),
    );
  });

  it('refuses a BOM that would make an item contain itself, directly or indirectly, and BOMs of bought items', async () => {
    const { ctx, items } = co;
    await expectRejectedWithoutTrace(ctx.db, () => erp.createBomRevision(ctx, { itemId: f.machine, effectiveFrom: '2024-01-01', lines: [{ componentItemId: f.machine, quantityPer: 1 }] }), 'BOM_CYCLE', 'lines.0.componentItemId');
    // machine → frame (revision 3 of the machine), then frame → machine would close a cycle.
    await erp.createBomRevision(ctx, { itemId: f.machine, effectiveFrom: '2025-01-01', lines: [{ componentItemId: f.subassembly, quantityPer: 1 }, { componentItemId: items.gadget, quantityPer: 1 }] });
    await expectRejectedWithoutTrace(ctx.db, () => erp.createBomRevision(ctx, { itemId: f.subassembly, effectiveFrom: '2025-01-01', lines: [{ componentItemId: items.widget, quantityPer: 1 }, { componentItemId: f.machine, quantityPer: 1 }] }), 'BOM_CYCLE', 'lines.1.componentItemId');
    // The database refuses it too, whoever writes the line.
    const frame = (await erp.bomInEffect(ctx.db, f.subassembly, '2025-01-01'))!;
    await expect(sql`insert into erp.bom_lines (revision_id, parent_item_id, line_no, component_item_id, quantity_per) values (${frame.revisionId}, ${f.subassembly}, 9, ${f.machine}, 1)`.execute(ctx.db)).rejects.toThrow(/BOM_CYCLE/);
    await expectRejectedWithoutTrace(ctx.db, () => erp.createBomRevision(ctx, { itemId: items.widget, effectiveFrom: '2024-01-01', lines: [{ componentItemId: f.bolt, quantityPer: 1 }] }), 'NOT_ALLOWED', 'itemId');
    const exploded = await erp.explodeBom(ctx.db, f.machine, 1, '2025-02-01');
    expect(exploded.map((r) => [r.level, r.componentItemId, r.quantity])).toEqual(expect.arrayContaining([[1, f.subassembly, 1], [2, items.widget, 1], [2, f.bolt, 2]]));
  });

  it('makes machines: manual issue into WIP, operations with scrap absorbing labour, finished goods at actual cost, close with no variance', async () => {
    const { ctx, items, warehouseId } = co;
    const wipBefore = await balance('1310');
    const order = await erp.createProductionOrder(ctx, { itemId: f.machine, quantity: 10, warehouseId, date: '2024-03-01', dueDate: '2024-03-10' });
    expect(order.status).toBe('planned');
    expect(order.components).toEqual([
      { itemId: items.widget, quantityPer: 2, plannedQty: 21 }, // 2 × 10 × 1.05
      { itemId: items.gadget, quantityPer: 1, plannedQty: 10 },
      { itemId: f.bolt, quantityPer: 4, plannedQty: 40 },
    ]);
    await expectRejectedWithoutTrace(ctx.db, () => erp.issueComponents(ctx, { orderId: order.orderId, date: '2024-03-01' }), 'NOT_ALLOWED', 'orderId');
    await erp.releaseProductionOrder(ctx, { orderId: order.orderId, date: '2024-03-01' });

    const issue = await erp.issueComponents(ctx, { orderId: order.orderId, date: '2024-03-02' });
    expect(issue.value).toBe(21 * 1_000 + 10 * 4_000 + 40 * 50);
    expect(await balance('1310') - wipBefore).toBe(issue.value); // Dr WIP / Cr inventory

    const op = <E extends object>(seq: number, extra: E) => ({ orderId: order.orderId, seq, date: '2024-03-03', employeeId: f.operator, ...extra });
    await expectRejectedWithoutTrace(ctx.db, () => erp.finishOperation(ctx, op(10, { goodQty: 9, scrapQty: 1 })), 'NOT_STARTED', 'seq');
    await erp.startOperation(ctx, op(10, {}));
    const first = await erp.finishOperation(ctx, op(10, { goodQty: 9, scrapQty: 1 }));
    expect(first.absorbed).toBe(15_000); // (30 setup + 12 × 10 run) minutes at 60.00 an hour
    await erp.startOperation(ctx, op(20, {}));
    await expectRejectedWithoutTrace(ctx.db, () => erp.finishOperation(ctx, op(20, { goodQty: 10 })), 'EXCEEDS_OPEN_QUANTITY', 'goodQty');
    const second = await erp.finishOperation(ctx, op(20, { goodQty: 9 }));
    expect(second.absorbed).toBe(2_700); // 6 × 9 minutes at 30.00 an hour

    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-03-04', quantity: 10 }), 'EXCEEDS_OPEN_QUANTITY', 'quantity');
    const before = await erp.stockPosition(ctx.db, f.machine, warehouseId);
    const receipt = await erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-03-04' });
    expect(receipt.quantity).toBe(9);
    expect(receipt.value).toBe(issue.value + 15_000 + 2_700); // everything in process: actual cost
    expect(receipt.lotNo).toMatch(/^LOT-/);
    const after = await erp.stockPosition(ctx.db, f.machine, warehouseId);
    expect(after.onHand - before.onHand).toBe(9);
    expect(after.value - before.value).toBe(receipt.value);

    const closed = await erp.closeProductionOrder(ctx, { orderId: order.orderId, date: '2024-03-05' });
    expect(closed.variance).toBe(0);
    expect(await balance('1310')).toBe(wipBefore);
    expect(await balance('5410')).toBe(-(15_000 + 2_700)); // labour and overhead absorbed
    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-03-06', quantity: 1 }), 'NOT_ALLOWED', 'orderId');
    await expect(sql`update erp.production_orders set quantity = 11 where id = ${order.orderId}`.execute(ctx.db)).rejects.toThrow(/IMMUTABLE/);
    await expect(sql`update erp.production_events set good_qty = 10`.execute(ctx.db)).rejects.toThrow(/IMMUTABLE/);

    const detail = (await erp.productionOrder(ctx.db, order.orderId))!;
    expect(detail.events.map((e) => [e.seq, e.event, e.employeeId, e.goodQty, e.scrapQty])).toEqual([
      [10, 'start', f.operator, 0, 0], [10, 'finish', f.operator, 9, 1], [20, 'start', f.operator, 0, 0], [20, 'finish', f.operator, 9, 0],
    ]);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('consumes exactly what the BOM and the recorded scrap say when backflushing, and posts the variance against standard cost', async () => {
    const { ctx, items, warehouseId } = co;
    const varianceBefore = await balance('5400');
    const order = await erp.createProductionOrder(ctx, { itemId: f.machine, quantity: 8, warehouseId, date: '2024-04-01', dueDate: '2024-04-10', costing: 'standard', backflush: true, release: true });
    const op = <E extends object = object>(seq: number, date: string, extra?: E) => ({ orderId: order.orderId, seq, date, employeeId: f.operator, ...(extra as E) });
    await erp.startOperation(ctx, op(10, '2024-04-02'));
    await erp.finishOperation(ctx, op(10, '2024-04-02', { goodQty: 4, scrapQty: 1 }));
    await erp.startOperation(ctx, op(20, '2024-04-02'));
    await erp.finishOperation(ctx, op(20, '2024-04-02', { goodQty: 3, scrapQty: 1 }));
    const first = await erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-04-03' });
    expect(first.quantity).toBe(3);
    expect(first.value).toBe(3 * 7_000); // standard cost
    // Backflushed for 3 received + 2 scrapped: 5 units' worth.
    expect(await issuedByComponent(order.orderId)).toEqual({ [items.widget]: 10, [items.gadget]: 5, [f.bolt]: 20 });

    await erp.finishOperation(ctx, op(10, '2024-04-04', { goodQty: 3 }));
    await erp.finishOperation(ctx, op(20, '2024-04-04', { goodQty: 2, scrapQty: 1, minutes: 20 }));
    const second = await erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-04-05', quantity: 2 });
    expect(second.backflush!.mode).toBe('backflush');
    const closed = await erp.closeProductionOrder(ctx, { orderId: order.orderId, date: '2024-04-06' });
    // 5 received, 3 scrapped (1 + 1 + 1): the order consumed 8 units of BOM, no more, no less.
    expect(closed).toMatchObject({ receivedQty: 5, scrappedQty: 3 });
    expect(await issuedByComponent(order.orderId)).toEqual({ [items.widget]: 2 * 8, [items.gadget]: 8, [f.bolt]: 4 * 8 });
    const detail = (await erp.productionOrder(ctx.db, order.orderId))!;
    expect(detail.wip).toBe(0);
    expect(closed.variance).toBe(detail.issuedValue + detail.absorbedValue - 5 * 7_000);
    expect(await balance('5400') - varianceBefore).toBe(closed.variance);
    // The reported 20 minutes were absorbed instead of the standard 6 × 4.
    expect(detail.events.filter((e) => e.event === 'finish').map((e) => e.absorbed)).toEqual([(30 + 12 * 5) * 100, 6 * 4 * 50, 12 * 3 * 100, 20 * 50]);
    expect(second.backflush!.lines.map((l) => l.quantity)).toEqual([6, 3, 12]);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('refuses what the shop floor cannot do, leaving no trace', async () => {
    const { ctx, items, warehouseId } = co;
    const order = await erp.createProductionOrder(ctx, { itemId: f.machine, quantity: 1_000, warehouseId, date: '2024-05-01', dueDate: '2024-05-30', release: true });
    // More gadgets than there are.
    await expectRejectedWithoutTrace(ctx.db, () => erp.issueComponents(ctx, { orderId: order.orderId, date: '2024-05-02' }), 'INSUFFICIENT_STOCK');
    await expectRejectedWithoutTrace(ctx.db, () => erp.issueComponents(ctx, { orderId: order.orderId, date: '2024-05-02', lines: [{ itemId: items.scarce, quantity: 1 }] }), 'NOT_ALLOWED', 'lines.0.itemId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.startOperation(ctx, { orderId: order.orderId, seq: 10, date: '2024-05-02', employeeId: 999_999 }), 'NOT_FOUND', 'employeeId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.startOperation(ctx, { orderId: order.orderId, seq: 30, date: '2024-05-02', employeeId: f.operator }), 'NOT_FOUND', 'seq');
    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveProduction(ctx, { orderId: order.orderId, date: '2024-05-02' }), 'NOTHING_TO_RECEIVE', 'orderId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.createProductionOrder(ctx, { itemId: items.widget, quantity: 1, warehouseId, date: '2024-05-01', dueDate: '2024-05-02' }), 'NOT_ALLOWED', 'itemId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.createProductionOrder(ctx, { itemId: f.machine, quantity: 1, warehouseId, date: '2023-05-01', dueDate: '2023-05-02' }), 'NO_BOM', 'itemId');
    // A lot of another item cannot be issued as a component.
    const widgetLot = (await erp.lotStock(ctx.db, { itemId: items.widget, warehouseId }))[0]!;
    const error = await rejectionOf(erp.issueComponents(ctx, { orderId: order.orderId, date: '2024-05-02', lines: [{ itemId: f.bolt, quantity: 1, lotId: widgetLot.lotId }] }));
    expect(error).toMatchObject({ code: 'NOT_FOUND', field: 'lines.0.quantity' });
    // Closing an order with nothing done leaves nothing behind in WIP.
    expect((await erp.closeProductionOrder(ctx, { orderId: order.orderId, date: '2024-05-03' })).variance).toBe(0);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
