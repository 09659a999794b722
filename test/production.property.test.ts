import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { crm, DomainError, erp, verify } from '../domain/index.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { setUpTestFactory, type TestFactory } from './support/production.js';
import { fingerprint, fingerprintDiff } from './support/fingerprint.js';
import { propertyRuns } from './support/property.js';

/**
 * Random sequences of receipts, production (issues, operations with scrap, receipts, closes),
 * transfers, deliveries and stocktakes against one database that every run keeps appending to.
 * After every step:
 *  - verify() finds no breach: among others, the lots on hand sum to the stock per item and
 *    warehouse, lot stock matches lot moves, and the inventory, work-in-progress and in-transit
 *    accounts each equal their subledger;
 *  - together: GL inventory + WIP + in transit = stock value + open orders' WIP + value in transit;
 *  - a refused command threw a DomainError and left no trace.
 * After every run, traces are complete both ways: a delivery's backward trace reaches a receipt
 * exactly when that receipt's forward trace reaches the delivery, and every lot a delivery
 * shipped goes back to receipts, opening stock or adjustments only.
 *
 * Runs and seed: PROPERTY_RUNS, PROPERTY_SEED. Shrinking is off (the database is shared by the
 * runs); a failure names the step.
 */
const RUN_OPTIONS = propertyRuns(6);
const RUNS = RUN_OPTIONS.numRuns;

type Where = 'main' | 'west';
type Item = 'widget' | 'gadget' | 'bolt' | 'frame' | 'machine';
type Step =
  | { kind: 'buy'; qty: number; price: number }
  | { kind: 'frames'; qty: number; backflush: boolean; costing: 'standard' | 'actual' }
  | { kind: 'machines'; qty: number; scrap: number[]; costing: 'standard' | 'actual'; partial: boolean }
  | { kind: 'ship'; from: Where; item: Item; qty: number }
  | { kind: 'arrive'; pick: number; part: boolean }
  | { kind: 'deliver'; where: Where; item: Item; qty: number; customer: number }
  | { kind: 'stocktake'; where: Where; deltas: number[] }
  | { kind: 'adjust'; where: Where; item: Item; qty: number };

const where = fc.constantFrom<Where>('main', 'main', 'west');
const item = fc.constantFrom<Item>('widget', 'gadget', 'bolt', 'frame', 'machine');
const step: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('buy' as const), qty: fc.integer({ min: 1, max: 40 }), price: fc.integer({ min: 30, max: 80 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('frames' as const), qty: fc.integer({ min: 1, max: 8 }), backflush: fc.boolean(), costing: fc.constantFrom<'standard' | 'actual'>('standard', 'actual') }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('machines' as const), qty: fc.integer({ min: 1, max: 4 }), scrap: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 2, maxLength: 2 }),
      costing: fc.constantFrom<'standard' | 'actual'>('standard', 'actual'), partial: fc.boolean(),
    }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('ship' as const), from: where, item, qty: fc.integer({ min: 1, max: 6 }) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('arrive' as const), pick: fc.nat({ max: 100 }), part: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('deliver' as const), where, item, qty: fc.integer({ min: 1, max: 5 }), customer: fc.nat({ max: 2 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('stocktake' as const), where, deltas: fc.array(fc.integer({ min: -2, max: 2 }), { minLength: 1, maxLength: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('adjust' as const), where, item, qty: fc.integer({ min: -3, max: 5 }).filter((q) => q !== 0) }) },
);

describe('production and stock operations keep their invariants (property)', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let f: TestFactory;
  let west: number;
  let customers: number[];
  let clock = '2024-03-01';

  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'property' });
    f = await setUpTestFactory(co);
    west = (await erp.createWarehouse(co.ctx, { code: 'WEST', name: 'West', region: 'NA' })).warehouseId;
    customers = [];
    for (const name of ['Alpha', 'Beta', 'Gamma']) customers.push((await crm.createCustomer(co.ctx, { name, region: 'NA', segment: 'small_business' })).customerId);
    await f.buyBolts(100, 50, '2024-02-01');
    // From March the machine is built on a frame: two levels of production.
    await erp.createBomRevision(co.ctx, { itemId: f.machine, effectiveFrom: '2024-03-01', lines: [
      { componentItemId: f.subassembly, quantityPer: 1 }, { componentItemId: co.items.gadget, quantityPer: 1 }, { componentItemId: f.bolt, quantityPer: 2, scrapBp: 1_000 },
    ] });
  });
  afterAll(() => database.drop());

  const itemId = (i: Item) => ({ widget: co.items.widget, gadget: co.items.gadget, bolt: f.bolt, frame: f.subassembly, machine: f.machine })[i];
  const warehouseId = (w: Where) => (w === 'main' ? co.warehouseId : west);

  async function runStep(s: Step): Promise<void> {
    const { ctx } = co;
    const date = clock;
    switch (s.kind) {
      case 'buy':
        await f.buyBolts(s.qty, s.price, date);
        return;
      case 'frames': {
        const order = await erp.createProductionOrder(ctx, { itemId: f.subassembly, quantity: s.qty, warehouseId: co.warehouseId, date, dueDate: date, costing: s.costing, backflush: s.backflush, release: true });
        try {
          if (!s.backflush) await erp.issueComponents(ctx, { orderId: order.orderId, date });
          await erp.receiveProduction(ctx, { orderId: order.orderId, date });
        } finally {
          await erp.closeProductionOrder(ctx, { orderId: order.orderId, date });
        }
        return;
      }
      case 'machines': {
        const order = await erp.createProductionOrder(ctx, { itemId: f.machine, quantity: s.qty, warehouseId: co.warehouseId, date, dueDate: date, costing: s.costing, backflush: true, release: true });
        try {
          let passed = s.qty;
          for (const [k, seq] of [10, 20].entries()) {
            if (passed === 0) break;
            const scrap = Math.min(s.scrap[k]!, passed);
            await erp.startOperation(ctx, { orderId: order.orderId, seq, date, employeeId: f.operator });
            await erp.finishOperation(ctx, { orderId: order.orderId, seq, date, employeeId: f.operator, goodQty: passed - scrap, scrapQty: scrap });
            passed -= scrap;
          }
          if (passed > 0) {
            if (s.partial && passed > 1) await erp.receiveProduction(ctx, { orderId: order.orderId, date, quantity: 1 });
            await erp.receiveProduction(ctx, { orderId: order.orderId, date });
          }
        } finally {
          await erp.closeProductionOrder(ctx, { orderId: order.orderId, date });
        }
        const issued = await sql<{ item_id: number; q: number; per: number }>`
          select c.item_id, c.issued_qty as q, c.quantity_per as per from erp.production_order_components c where c.order_id = ${order.orderId}`.execute(ctx.db);
        const o = (await erp.productionOrder(ctx.db, order.orderId))!;
        // A backflushed order consumed exactly the BOM for its received and scrapped units.
        for (const c of issued.rows) expect(c.q).toBe(c.per * (o.receivedQty + o.scrappedQty));
        return;
      }
      case 'ship':
        await erp.shipTransfer(ctx, { fromWarehouseId: warehouseId(s.from), toWarehouseId: warehouseId(s.from === 'main' ? 'west' : 'main'), date, lines: [{ itemId: itemId(s.item), quantity: s.qty }] });
        return;
      case 'arrive': {
        const open = await erp.inTransit(ctx.db);
        if (open.length === 0) return;
        const line = open[s.pick % open.length]!;
        const lines = s.part && line.quantity > 1 ? [{ lineId: line.lineId, quantity: Math.ceil(line.quantity / 2) }] : undefined;
        await erp.receiveTransfer(ctx, { transferId: line.transferId, date, ...(lines ? { lines } : {}) });
        return;
      }
      case 'deliver': {
        const order = await erp.createSalesOrder(ctx, { customerId: customers[s.customer]!, date, warehouseId: warehouseId(s.where), lines: [{ itemId: itemId(s.item), quantity: s.qty }] });
        if (order.reserved > 0) await erp.deliverSalesOrder(ctx, { orderId: order.orderId, date });
        await erp.cancelSalesOrder(ctx, { orderId: order.orderId, reason: 'property' }).catch(() => undefined);
        return;
      }
      case 'stocktake': {
        const take = await erp.createStocktake(ctx, { warehouseId: warehouseId(s.where), date });
        const sheet = (await erp.stocktake(ctx.db, take.stocktakeId))!;
        const counts = sheet.lines.map((l, i) => ({ lineId: l.lineId, countedQty: Math.max(0, l.bookQty + (s.deltas[i % s.deltas.length] ?? 0)) }));
        if (counts.length > 0) await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts });
        await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date, uncountedAsBook: true }).catch(async (error: unknown) => {
          // A shortage the reservations do not allow: count it as booked instead, then post.
          if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_STOCK') throw error;
          await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts: sheet.lines.map((l) => ({ lineId: l.lineId, countedQty: l.bookQty })) });
          await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date });
        });
        return;
      }
      case 'adjust':
        await erp.adjustStock(ctx, { date, reason: 'property', lines: [{ itemId: itemId(s.item), warehouseId: warehouseId(s.where), quantity: s.qty, ...(s.qty > 0 ? { unitCost: 900 } : {}) }] });
        return;
    }
  }

  async function ledgersAgree(): Promise<void> {
    const { rows } = await sql<{ gl: number; sub: number }>`
      select (select coalesce(sum(debit - credit), 0) from finance.journal_lines
               where account_code in (select account_code from finance.account_roles where role in ('inventory', 'work_in_progress', 'inventory_in_transit')))::bigint as gl,
             ((select coalesce(sum(value), 0) from erp.stock)
              + (select coalesce(sum(issued_value + absorbed_value - received_value - variance_value), 0) from erp.production_orders)
              + (select coalesce(sum(value - received_value), 0) from erp.transfer_lines))::bigint as sub`.execute(co.ctx.db);
    expect(rows[0]!.gl).toBe(rows[0]!.sub);
  }

  async function tracesComplete(): Promise<void> {
    const db = co.ctx.db;
    const { rows: deliveries } = await sql<{ delivery_no: string }>`select distinct d.delivery_no from erp.deliveries d
      join erp.lot_moves m on m.source_type = 'delivery' and m.source_id = d.id::text order by 1`.execute(db);
    const { rows: receiptLots } = await sql<{ lot_no: string; receipt_no: string }>`select o.lot_no, r.receipt_no from scm.goods_receipt_lines l
      join scm.goods_receipts r on r.id = l.receipt_id join erp.lots o on o.id = l.lot_id order by 1`.execute(db);
    const backward = new Map<string, Set<string>>();
    const parents = new Set((await sql<{ lot_id: number }>`select distinct lot_id from erp.lot_genealogy`.execute(db)).rows.map((r) => r.lot_id));
    for (const d of deliveries) {
      const trace = await erp.traceDocument(db, d.delivery_no);
      backward.set(d.delivery_no, new Set(trace.backwards.receipts.map((r) => r.lotNo)));
      // Every leaf of the tree is where goods entered the company: never a production lot.
      for (const l of trace.backwards.lots) if (l.originType === 'production_receipt') expect(parents.has(l.lotId), `${l.lotNo} has no components`).toBe(true);
    }
    for (const r of receiptLots) {
      const forward = new Set((await erp.traceLot(db, r.lot_no)).forwards.deliveries.map((d) => d.deliveryNo));
      for (const d of deliveries) {
        expect(forward.has(d.delivery_no), `${r.lot_no} → ${d.delivery_no}`).toBe(backward.get(d.delivery_no)!.has(r.lot_no));
      }
    }
  }

  it('random sequences keep lots, stock, WIP, transit and the books in step, and traces complete', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), step), { minLength: 8, maxLength: 16 }), async (steps) => {
        for (const [days, s] of steps) {
          clock = new Date(Date.parse(`${clock}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
          n++;
          const before = await fingerprint(co.ctx.db);
          try {
            await runStep(s);
          } catch (error) {
            if (!(error instanceof DomainError)) throw new Error(`step ${n} ${JSON.stringify(s)}: ${String(error)}`);
            if (!['INSUFFICIENT_STOCK', 'NOTHING_TO_RECEIVE', 'NOTHING_TO_ISSUE'].includes(error.code)) throw new Error(`step ${n} ${JSON.stringify(s)}: ${error.code} ${error.message}`);
            // Production steps close their order in `finally`; the rest must leave no trace.
            if (s.kind !== 'frames' && s.kind !== 'machines') expect(fingerprintDiff(before, await fingerprint(co.ctx.db)), `step ${n}`).toEqual([]);
          }
          const report = await verify(co.ctx.db);
          expect(report.breaches, `after step ${n} ${JSON.stringify(s)}`).toEqual([]);
          await ledgersAgree();
        }
        await tracesComplete();
      }),
      RUN_OPTIONS,
    );
    // The sequences did the work they are about, not only refusals.
    const { rows } = await sql<Record<string, number>>`
      select (select count(*)::int from erp.production_receipts) as production_receipts,
             (select count(*)::int from erp.production_events where scrap_qty > 0) as scrap_events,
             (select count(*)::int from erp.deliveries) as deliveries,
             (select count(*)::int from erp.transfer_receipts) as transfer_receipts,
             (select count(*)::int from erp.stocktakes where status = 'posted') as stocktakes,
             (select count(*)::int from erp.lot_genealogy g join erp.lots o on o.id = g.lot_id where o.item_id = ${f.machine}) as machine_genealogy`.execute(co.ctx.db);
    if (process.env.PROPERTY_STATS) console.log(rows[0]);
    expect(Object.values(rows[0]!).every((n) => n > 0), JSON.stringify(rows[0])).toBe(true);
  });
});
