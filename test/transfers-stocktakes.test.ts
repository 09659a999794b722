import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { erp, finance, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace } from './support/fingerprint.js';

describe('transfers between warehouses', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let west: number;
  const balance = async (account: string) => (await finance.trialBalance(co.ctx.db, '2099-12-31')).rows.find((r) => r.account === account)?.balance ?? 0;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    west = (await erp.createWarehouse(co.ctx, { code: 'WEST', name: 'West', region: 'NA' })).warehouseId;
    // A second widget lot at another cost, so the source's moving average is not round.
    await erp.adjustStock(co.ctx, { date: '2024-01-10', reason: 'found', lines: [{ itemId: co.items.widget, warehouseId: co.warehouseId, quantity: 3, unitCost: 1_333 }] });
  });
  afterAll(() => database.drop());

  it('ships into transit at moving average, receives in parts under the same lots at the cost shipped', async () => {
    const { ctx, items, warehouseId } = co;
    const source = await erp.stockPosition(ctx.db, items.widget, warehouseId);
    const shipped = await erp.shipTransfer(ctx, { fromWarehouseId: warehouseId, toWarehouseId: west, date: '2024-02-01', lines: [{ itemId: items.widget, quantity: 7 }, { itemId: items.gadget, quantity: 3 }] });
    const widgetValue = Math.round((source.value * 7) / source.onHand);
    expect(shipped.lines[0]!.value).toBe(widgetValue);
    expect(shipped.value).toBe(widgetValue + 3 * 4_000);
    expect(await balance('1320')).toBe(shipped.value); // Dr in transit / Cr inventory
    expect((await erp.inTransit(ctx.db, { toWarehouseId: west })).map((t) => [t.itemId, t.quantity, t.value])).toEqual([[items.widget, 7, widgetValue], [items.gadget, 3, 12_000]]);
    expect(await erp.stockPosition(ctx.db, items.widget, west)).toEqual({ onHand: 0, reserved: 0, value: 0 });

    const lines = await ctx.db.selectFrom('erp.transfer_lines').select(['id', 'item_id']).where('transfer_id', '=', shipped.transferId).orderBy('line_no').execute();
    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveTransfer(ctx, { transferId: shipped.transferId, date: '2024-01-31' }), 'INVALID_INPUT', 'date');
    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveTransfer(ctx, { transferId: shipped.transferId, date: '2024-02-03', lines: [{ lineId: lines[0]!.id, quantity: 8 }] }), 'EXCEEDS_OPEN_QUANTITY', 'lines.0.quantity');
    const part = await erp.receiveTransfer(ctx, { transferId: shipped.transferId, date: '2024-02-03', lines: [{ lineId: lines[0]!.id, quantity: 3 }] });
    expect(part.complete).toBe(false);
    expect(part.value).toBe(Math.round((widgetValue * 3) / 7));
    expect(await erp.stockPosition(ctx.db, items.widget, west)).toEqual({ onHand: 3, reserved: 0, value: part.value });
    expect((await erp.inTransit(ctx.db, { toWarehouseId: west })).map((t) => [t.itemId, t.quantity, t.value])).toEqual([[items.widget, 4, widgetValue - part.value], [items.gadget, 3, 12_000]]);

    const rest = await erp.receiveTransfer(ctx, { transferId: shipped.transferId, date: '2024-02-05' });
    expect(rest.complete).toBe(true);
    expect(part.value + rest.value).toBe(shipped.value); // the parts sum to what left
    expect(await balance('1320')).toBe(0);
    expect(await erp.inTransit(ctx.db)).toEqual([]);
    expect((await erp.stockPosition(ctx.db, items.widget, west)).value).toBe(widgetValue);
    // The lots that left are the lots that arrived.
    const lotsAt = async (w: number, itemId: number) => (await erp.lotStock(ctx.db, { itemId, warehouseId: w })).map((l) => l.lotId);
    const shippedLots = shipped.lines[0]!.lots.map((l) => l.lotId);
    expect((await lotsAt(west, items.widget)).sort()).toEqual([...shippedLots].sort());
    await expectRejectedWithoutTrace(ctx.db, () => erp.receiveTransfer(ctx, { transferId: shipped.transferId, date: '2024-02-06' }), 'NOT_ALLOWED', 'transferId');
    await expect(sql`update erp.transfers set value = 0 where id = ${shipped.transferId}`.execute(ctx.db)).rejects.toThrow(/IMMUTABLE/);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('refuses transfers that cannot happen', async () => {
    const { ctx, items, warehouseId } = co;
    await expectRejectedWithoutTrace(ctx.db, () => erp.shipTransfer(ctx, { fromWarehouseId: warehouseId, toWarehouseId: warehouseId, date: '2024-02-10', lines: [{ itemId: items.widget, quantity: 1 }] }), 'INVALID_INPUT', 'toWarehouseId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.shipTransfer(ctx, { fromWarehouseId: warehouseId, toWarehouseId: 999_999, date: '2024-02-10', lines: [{ itemId: items.widget, quantity: 1 }] }), 'NOT_FOUND', 'toWarehouseId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.shipTransfer(ctx, { fromWarehouseId: warehouseId, toWarehouseId: west, date: '2024-02-10', lines: [{ itemId: items.scarce, quantity: 6 }] }), 'INSUFFICIENT_STOCK', 'lines.0.quantity');
  });
});

describe('stocktakes', () => {
  let database: TestDatabase;
  let co: TestCompany;
  const balance = async (account: string) => (await finance.trialBalance(co.ctx.db, '2099-12-31')).rows.find((r) => r.account === account)?.balance ?? 0;

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
  });
  afterAll(() => database.drop());

  it('snapshots book quantities per lot, posts count differences through a stock adjustment to the variance account, once', async () => {
    const { ctx, items, warehouseId } = co;
    const take = await erp.createStocktake(ctx, { warehouseId, date: '2024-03-31' });
    expect(take.lines).toBe(3); // one opening lot of each item
    await expectRejectedWithoutTrace(ctx.db, () => erp.createStocktake(ctx, { warehouseId, date: '2024-03-31' }), 'CONFLICT', 'warehouseId');
    const sheet = (await erp.stocktake(ctx.db, take.stocktakeId))!;
    expect(sheet.lines.map((l) => [l.itemId, l.bookQty, l.countedQty])).toEqual([[items.widget, 100, null], [items.gadget, 30, null], [items.scarce, 5, null]]);
    const line = (itemId: number) => sheet.lines.find((l) => l.itemId === itemId)!.lineId;

    await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: [{ lineId: line(items.widget), countedQty: 97 }, { lineId: line(items.gadget), countedQty: 31 }] });
    await expectRejectedWithoutTrace(ctx.db, () => erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-03-31' }), 'COUNT_INCOMPLETE', 'stocktakeId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: [{ lineId: 999_999, countedQty: 1 }] }), 'NOT_FOUND', 'counts.0.lineId');
    // A recount overwrites; stock found that is not on the sheet becomes a new line (and a new lot).
    await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: [{ lineId: line(items.scarce), countedQty: 5 }, { lineId: line(items.gadget), countedQty: 32 }], found: [{ itemId: items.scarce, countedQty: 1 }] });

    const inventoryBefore = await balance('1300');
    const posted = await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-03-31' });
    // −3 widgets at 1,000, +2 gadgets at 4,000, +1 scarce at 20,000.
    expect(posted).toMatchObject({ differences: 3, value: -3_000 + 8_000 + 20_000 });
    expect(posted.adjustmentNo).toMatch(/^ADJ-/);
    expect(await balance('1300') - inventoryBefore).toBe(posted.value);
    expect(await balance('5310')).toBe(-posted.value); // stocktake variances
    expect(await erp.stockPosition(ctx.db, items.widget, warehouseId)).toMatchObject({ onHand: 97, value: 97_000 });
    expect((await erp.lotStock(ctx.db, { itemId: items.scarce, warehouseId })).map((l) => l.onHand)).toEqual([5, 1]);

    await expectRejectedWithoutTrace(ctx.db, () => erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-04-01' }), 'ALREADY_POSTED', 'stocktakeId');
    await expectRejectedWithoutTrace(ctx.db, () => erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: [{ lineId: line(items.widget), countedQty: 100 }] }), 'ALREADY_POSTED', 'stocktakeId');
    // The database holds the line too.
    await expect(sql`update erp.stocktakes set status = 'counting' where id = ${take.stocktakeId}`.execute(ctx.db)).rejects.toThrow(/ALREADY_POSTED/);
    await expect(sql`update erp.stocktake_lines set counted_qty = 100 where stocktake_id = ${take.stocktakeId}`.execute(ctx.db)).rejects.toThrow(/ALREADY_POSTED/);
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });

  it('counts only the items asked for, and a shortfall cannot take stock that is reserved', async () => {
    const { ctx, items, warehouseId, customerId } = co;
    await erp.createSalesOrder(ctx, { customerId, date: '2024-04-02', warehouseId, lines: [{ itemId: items.scarce, quantity: 6 }] }); // reserves all 6
    const take = await erp.createStocktake(ctx, { warehouseId, date: '2024-04-03', itemIds: [items.scarce] });
    expect(take.lines).toBe(2);
    const sheet = (await erp.stocktake(ctx.db, take.stocktakeId))!;
    await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: sheet.lines.map((l) => ({ lineId: l.lineId, countedQty: l.bookQty - 1 })) });
    await expectRejectedWithoutTrace(ctx.db, () => erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-04-03' }), 'INSUFFICIENT_STOCK');
    const posted = await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-04-03', uncountedAsBook: true }).catch((e: unknown) => e);
    expect(posted).toMatchObject({ code: 'INSUFFICIENT_STOCK' });
    // Counted as booked after all: nothing to adjust, and the stocktake is closed.
    await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: sheet.lines.map((l) => ({ lineId: l.lineId, countedQty: l.bookQty })) });
    expect(await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: '2024-04-03' })).toMatchObject({ differences: 0, value: 0, adjustmentNo: null });
    expect((await verify(ctx.db)).breaches).toEqual([]);
  });
});
