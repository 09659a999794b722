import type { Context } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import * as core from '../core/index.js';
import * as erp from '../erp/index.js';
import * as people from '../people/index.js';
import * as scm from '../scm/index.js';
import { stream } from './random.js';
import { dayAfter, daysBetween, toDate } from './calendar.js';
import { CURRENCIES, WAREHOUSES, type World } from './world.js';
import type { SimulationIds } from './setup.js';
import type { Tally } from './tally.js';

/**
 * The factory. A modest set of the catalogue's machines (category MACHINES) is made, not bought:
 * in the Columbus warehouse, from purchased components (BOMs with scrap allowances) over a
 * routing of two or three operations at three work centres, each with its own hourly rate and
 * true scrap rate. Twice a week the planner launches a production order for every machine whose
 * network stock (all warehouses, in transit and in production) has fallen below its reorder
 * point, and orders the components that free stock cannot cover. Each day every open order moves
 * one step: components issued (or backflushed on receipt), then one operation a day (an operator
 * starts and finishes it, reporting scrap drawn at the work centre's rate), then the finished
 * machines are received and the order closed. On the first working day of each month the
 * factory ships machines to the other warehouses (and any warehouse with far too much of a
 * bought item ships some to one that is short); transfers arrive after 5–12 days, some in two
 * parts. Each warehouse is counted once a quarter, with a few small count differences. Two BOMs
 * and one routing are revised along the way. Every draw is keyed (`stream(seed, 'production', …)`),
 * so a continued run does what one long run would.
 */

export const FACTORY = 'WH-NA';
const MAX_MANUFACTURED = 12;
const COMPONENT_CATEGORIES = new Set(['COMPONENTS', 'ELECTRONICS', 'SPARES']);
/** Share of a machine's standard cost its components are meant to cost (labour and overhead the rest). */
const MATERIAL_SHARE = 0.68;
/** Share of a machine's standard cost its routing's labour and overhead are meant to cost. */
const LABOUR_SHARE = 0.24;
/** Weeks of network demand a production order makes, and the reorder point in weeks. */
const BATCH_WEEKS = 6;
const REORDER_WEEKS = 4;
/** Transfers: a warehouse is topped up to this many weeks when below the lower figure. */
const TRANSFER_TARGET_WEEKS = 7;
const TRANSFER_BELOW_WEEKS = 3.5;
/** A warehouse holding more than this many weeks of a bought item ships the excess to one below 1.5 weeks. */
const EXCESS_WEEKS = 16;
/** Share of count sheet lines counted wrong at a stocktake, by one or two units. */
const COUNT_ERROR_RATE = 0.015;

export interface WorkCentrePlan {
  code: string;
  name: string;
  costRatePerHour: number;
  /** True probability that a unit is scrapped at an operation here. */
  scrapRate: number;
  operators: { code: string; name: string }[];
}

export interface ManufacturedPlan {
  itemIndex: number;
  sku: string;
  costing: 'standard' | 'actual';
  backflush: boolean;
  components: { itemIndex: number; sku: string; quantityPer: number; scrapBp: number }[];
  operations: { seq: number; workCentre: string; description: string; setupMinutes: number; runMinutes: number }[];
}

export interface ProductionPlan {
  workCentres: WorkCentrePlan[];
  manufactured: ManufacturedPlan[];
  /** Revisions made along the way, by day since the start. */
  bomRevisions: { day: number; itemIndex: number; componentItemIndex: number; quantityPer: number; note: string }[];
  routingRevisions: { day: number; itemIndex: number; runMinutesFactor: number; note: string }[];
}

const plans = new WeakMap<World, ProductionPlan>();

/** The factory the world implies: deterministic from the seed (keyed streams), no database. */
export function productionPlan(world: World): ProductionPlan {
  const cached = plans.get(world);
  if (cached) return cached;
  const rng = stream(world.seed, 'production', 'plan');
  const scrap = (base: number) => Math.round(base * rng.lognormal(0, 0.25) * 10_000) / 10_000;
  const workCentres: WorkCentrePlan[] = [
    { code: 'MACHINING', name: 'CNC machining cell', costRatePerHour: 7_500, scrapRate: scrap(0.04), operators: [{ code: 'OP-MCH-1', name: 'Rosa Alvarez' }, { code: 'OP-MCH-2', name: 'Tomasz Nowak' }] },
    { code: 'ASSEMBLY', name: 'Assembly line', costRatePerHour: 5_500, scrapRate: scrap(0.02), operators: [{ code: 'OP-ASM-1', name: 'Kwame Mensah' }, { code: 'OP-ASM-2', name: 'Lena Vogel' }] },
    { code: 'TEST', name: 'Test and inspection bay', costRatePerHour: 4_000, scrapRate: scrap(0.012), operators: [{ code: 'OP-TST-1', name: 'Sanjay Rao' }] },
  ];
  // The factory makes the dearest machines: their standard cost leaves room for a bill of
  // bought components and an hour or so of shop-floor work, as a real machine's does.
  const machines = world.items.filter((i) => i.category === 'MACHINES')
    .sort((a, b) => b.standardCost - a.standardCost || a.index - b.index).slice(0, MAX_MANUFACTURED)
    .sort((a, b) => a.index - b.index);
  const candidates = world.items.filter((i) => COMPONENT_CATEGORIES.has(i.category)).sort((a, b) => a.standardCost - b.standardCost || a.index - b.index);
  const manufactured = machines.map((m, k): ManufacturedPlan => {
    const r = stream(world.seed, 'production', 'bom', m.index);
    const count = Math.min(candidates.length, r.int(2, 4));
    // Each component line gets an equal share of the material budget; a part dearer than its
    // share is not chosen (unless nothing is cheap enough), and cheap parts go in several times.
    const slot = (m.standardCost * MATERIAL_SHARE) / count;
    const affordable = candidates.filter((c) => c.standardCost <= slot);
    const pool = affordable.length >= count ? affordable : candidates.slice(0, count);
    const chosen = new Set<number>();
    while (chosen.size < count) chosen.add(r.pick(pool).index);
    const components = [...chosen].sort((a, b) => a - b).map((index) => {
      const c = world.items[index]!;
      return { itemIndex: index, sku: c.sku, quantityPer: Math.min(12, Math.max(1, Math.round(slot / Math.max(1, c.standardCost)))), scrapBp: r.pick([0, 100, 200, 300, 500]) };
    });
    // Run minutes sized so labour and overhead take their share of the standard cost.
    const labour = m.standardCost * LABOUR_SHARE;
    const runMinutes = (centre: string, share: number) =>
      Math.max(1, Math.round(((labour * share * (0.8 + 0.4 * r.uniform())) / workCentres.find((w) => w.code === centre)!.costRatePerHour) * 60));
    const tested = r.chance(0.6);
    const operations = [
      { seq: 10, workCentre: 'MACHINING', description: 'machine housing and frame', setupMinutes: r.int(30, 90), runMinutes: runMinutes('MACHINING', tested ? 0.45 : 0.5) },
      { seq: 20, workCentre: 'ASSEMBLY', description: 'assemble', setupMinutes: r.int(10, 40), runMinutes: runMinutes('ASSEMBLY', tested ? 0.4 : 0.5) },
      ...(tested ? [{ seq: 30, workCentre: 'TEST', description: 'run-in test', setupMinutes: r.int(0, 15), runMinutes: runMinutes('TEST', 0.15) }] : []),
    ];
    return { itemIndex: m.index, sku: m.sku, costing: k % 3 === 0 ? 'standard' : 'actual', backflush: k % 2 === 0, components, operations };
  });
  const revisable = manufactured.filter((m) => m.components.length > 0);
  const bomRevisions = [240, 480].flatMap((day, k) => {
    const m = revisable[(k * 5) % Math.max(1, revisable.length)];
    if (!m) return [];
    const c = m.components[k % m.components.length]!;
    return [{ day, itemIndex: m.itemIndex, componentItemIndex: c.itemIndex, quantityPer: c.quantityPer + 1, note: k === 0 ? 'reinforced: one more part for field failures' : 'design change: extra fixing part' }];
  });
  const routingRevisions = manufactured.length > 0 ? [{ day: 365, itemIndex: manufactured[0]!.itemIndex, runMinutesFactor: 0.8, note: 'new fixture: run times 20% shorter' }] : [];
  const plan = { workCentres, manufactured, bomRevisions, routingRevisions };
  plans.set(world, plan);
  return plan;
}

/** Indexes (into world.items) of the items the factory makes; buying must not buy them. */
export function manufacturedItems(world: World): Set<number> {
  return new Set(productionPlan(world).manufactured.map((m) => m.itemIndex));
}

interface FactoryIds {
  start: string;
  factory: number;
  workCentres: Map<string, number>;
  operators: Map<string, number[]>;
}
const factories = new WeakMap<SimulationIds, FactoryIds>();

/** Work centres, operators, machines made not bought, their BOMs and routings, on the start date. */
export async function setUpProduction(ctx: Context, world: World, ids: SimulationIds, start: string): Promise<void> {
  const plan = productionPlan(world);
  const factory = ids.warehouses.get(FACTORY)!;
  for (const wc of plan.workCentres) {
    await erp.createWorkCenter(ctx, { code: wc.code, name: wc.name, warehouseId: factory, costRatePerHour: wc.costRatePerHour });
    for (const op of wc.operators) await people.hireEmployee(ctx, { code: op.code, name: op.name, role: 'warehouse', region: 'NA' });
  }
  const centres = new Map((await erp.listWorkCenters(ctx.db)).map((w) => [w.code, w.id]));
  for (const m of plan.manufactured) {
    const itemId = ids.items[m.itemIndex]!;
    await erp.setProcurement(ctx, { itemId, procurement: 'make' });
    await erp.createBomRevision(ctx, {
      itemId, effectiveFrom: start, changeNote: 'initial design',
      lines: m.components.map((c) => ({ componentItemId: ids.items[c.itemIndex]!, quantityPer: c.quantityPer, scrapBp: c.scrapBp })),
    });
    await erp.createRouting(ctx, {
      itemId, effectiveFrom: start, changeNote: 'initial routing',
      operations: m.operations.map((o) => ({ seq: o.seq, workCenterId: centres.get(o.workCentre)!, description: o.description, setupMinutes: o.setupMinutes, runMinutes: o.runMinutes })),
    });
  }
}

async function factoryIds(ctx: Context, world: World, ids: SimulationIds, today: string): Promise<FactoryIds> {
  const known = factories.get(ids);
  if (known) return known;
  const state = await core.simulationState(ctx.db);
  const centres = await erp.listWorkCenters(ctx.db);
  const employees = await people.listEmployees(ctx.db);
  const operators = new Map(productionPlan(world).workCentres.map((wc) => [wc.code, wc.operators.map((o) => employees.find((e) => e.code === o.code)?.id).filter((x): x is number => x !== undefined)]));
  const found: FactoryIds = { start: state?.startDate ?? today, factory: ids.warehouses.get(FACTORY)!, workCentres: new Map(centres.map((w) => [w.code, w.id])), operators };
  factories.set(ids, found);
  return found;
}

/** The factory's day: revisions when due, planning on Mondays and Thursdays, every open order one step, transfers, counts. */
export async function runProduction(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally): Promise<void> {
  const plan = productionPlan(world);
  if (plan.manufactured.length === 0) return;
  const f = await factoryIds(ctx, world, ids, today);
  const day = daysBetween(f.start, today);
  await revise(ctx, plan, ids, day, today, tally);
  await receiveTransfers(ctx, world, today, tally);
  const weekday = toDate(today).getUTCDay();
  if (weekday === 1 || weekday === 4) await launchOrders(ctx, world, ids, f, today, tally);
  await advanceOrders(ctx, world, ids, f, today, tally);
  if (isFirstWorkingDayOfMonth(today)) await shipTransfers(ctx, world, ids, f, today, tally);
  await countStock(ctx, world, ids, today, tally);
}

const isFirstWorkingDayOfMonth = (today: string) => {
  const d = toDate(today);
  const dom = d.getUTCDate();
  const wd = d.getUTCDay();
  return wd >= 1 && wd <= 5 && (dom === 1 || (dom <= 3 && wd === 1));
};

async function revise(ctx: Context, plan: ProductionPlan, ids: SimulationIds, day: number, today: string, tally: Tally) {
  for (const r of plan.bomRevisions.filter((x) => x.day === day)) {
    const itemId = ids.items[r.itemIndex]!;
    const current = await erp.bomInEffect(ctx.db, itemId, today);
    if (!current) continue;
    await erp.createBomRevision({ ...ctx, actor: 'plm:product-engineering' }, {
      itemId, effectiveFrom: today, changeNote: r.note,
      lines: current.lines.map((l) => ({ componentItemId: l.componentItemId, quantityPer: l.componentItemId === ids.items[r.componentItemIndex] ? r.quantityPer : l.quantityPer, scrapBp: l.scrapBp })),
    });
    tally.commands++;
  }
  for (const r of plan.routingRevisions.filter((x) => x.day === day)) {
    const itemId = ids.items[r.itemIndex]!;
    const current = await erp.routingInEffect(ctx.db, itemId, today);
    if (!current) continue;
    await erp.createRouting({ ...ctx, actor: 'plm:industrial-engineering' }, {
      itemId, effectiveFrom: today, changeNote: r.note,
      operations: current.operations.map((o) => ({ seq: o.seq, workCenterId: o.workCenterId, description: o.description, setupMinutes: o.setupMinutes, runMinutes: Math.round(o.runMinutes * r.runMinutesFactor * 100) / 100 })),
    });
    tally.commands++;
  }
}

const key = (itemId: number, warehouseId: number) => `${itemId}:${warehouseId}`;

/** Weekly demand per item and warehouse over the last eight weeks. */
async function weeklyDemand(ctx: Context, f: FactoryIds, today: string): Promise<Map<string, number>> {
  const since = dayAfter(today, -56) < f.start ? f.start : dayAfter(today, -56);
  const weeks = Math.max(1, daysBetween(since, today) / 7);
  return new Map((await erp.orderedSince(ctx.db, since)).map((d) => [key(d.itemId, d.warehouseId), d.quantity / weeks]));
}

async function launchOrders(ctx: Context, world: World, ids: SimulationIds, f: FactoryIds, today: string, tally: Tally) {
  const plan = productionPlan(world);
  const demand = await weeklyDemand(ctx, f, today);
  const free = new Map((await erp.stockLevels(ctx.db)).map((s) => [key(s.itemId, s.warehouseId), s.onHand - s.reserved]));
  const inTransit = new Map<number, number>();
  for (const t of await erp.inTransit(ctx.db)) inTransit.set(t.itemId, (inTransit.get(t.itemId) ?? 0) + t.quantity);
  const making = new Map<number, number>();
  for (const p of await erp.inProduction(ctx.db)) making.set(p.itemId, (making.get(p.itemId) ?? 0) + p.quantity);
  const warehouses = [...ids.warehouses.values()];
  const launched: { m: ManufacturedPlan; quantity: number }[] = [];
  for (const m of plan.manufactured) {
    const itemId = ids.items[m.itemIndex]!;
    const weekly = warehouses.reduce((s, w) => s + (demand.get(key(itemId, w)) ?? 0), 0);
    if (weekly <= 0) continue;
    const position = warehouses.reduce((s, w) => s + (free.get(key(itemId, w)) ?? 0), 0) + (inTransit.get(itemId) ?? 0) + (making.get(itemId) ?? 0);
    if (position > weekly * REORDER_WEEKS) continue;
    const quantity = Math.min(200, Math.max(3, Math.ceil(weekly * (REORDER_WEEKS + BATCH_WEEKS) - position)));
    launched.push({ m, quantity });
  }
  if (launched.length === 0) return;
  // Components: what open orders and these still need, less free stock in the factory, is bought.
  const open = await erp.openProductionOrders(ctx.db);
  const need = new Map<number, number>();
  for (const o of open.filter((o) => o.warehouseId === f.factory)) for (const c of o.components) need.set(c.itemId, (need.get(c.itemId) ?? 0) + Math.max(0, c.plannedQty - c.issuedQty));
  for (const { m, quantity } of launched) {
    const order = await erp.createProductionOrder(ctx, {
      itemId: ids.items[m.itemIndex]!, quantity, warehouseId: f.factory, date: today, dueDate: dayAfter(today, 14),
      costing: m.costing, backflush: m.backflush, release: true,
    });
    tally.commands++;
    for (const c of order.components) need.set(c.itemId, (need.get(c.itemId) ?? 0) + c.plannedQty);
  }
  const onOrder = new Map((await scm.onOrder(ctx.db)).filter((o) => o.warehouseId === f.factory).map((o) => [o.itemId, o.quantity]));
  const indexOf = new Map(ids.items.map((id, i) => [id, i]));
  const bySupplier = new Map<number, { itemId: number; quantity: number; unitPrice: number }[]>();
  const orderable = await scm.orderableSuppliers(ctx.db, today);
  for (const [itemId, quantity] of need) {
    const short = quantity - Math.max(0, free.get(key(itemId, f.factory)) ?? 0) - (onOrder.get(itemId) ?? 0);
    if (short <= 0) continue;
    const item = world.items[indexOf.get(itemId)!]!;
    const supplier = supplierFor(world, ids, orderable, item.index);
    if (supplier === undefined) continue;
    const s = world.suppliers[supplier]!;
    const lines = bySupplier.get(supplier) ?? [];
    lines.push({ itemId, quantity: Math.ceil(short * 1.2), unitPrice: Math.max(1, Math.round((item.standardCost * s.priceLevel) / (CURRENCIES.find((c) => c.code === s.currency)?.base ?? 1))) });
    bySupplier.set(supplier, lines);
  }
  for (const [supplier, lines] of bySupplier) {
    try {
      await scm.createPurchaseOrder(ctx, { supplierId: ids.suppliers[supplier]!, warehouseId: f.factory, date: today, expectedDate: dayAfter(today, world.suppliers[supplier]!.leadTimeMeanDays), lines });
      tally.commands++;
    } catch (error) {
      // A supplier refused on the day (a lapsed certificate): the planner tries again next time.
      if (!(error instanceof DomainError)) throw error;
    }
  }
}

/** The item's usual supplier when it may take orders today, else the cheapest other of its category that may. */
function supplierFor(world: World, ids: SimulationIds, orderable: readonly scm.OrderableSupplier[], itemIndex: number): number | undefined {
  const item = world.items[itemIndex]!;
  const may = (s: number) => scm.canOrderFrom(orderable, ids.suppliers[s]!, item.category);
  if (may(item.supplier)) return item.supplier;
  return world.suppliers.filter((s) => s.index !== item.supplier && s.category === item.category && may(s.index))
    .sort((a, b) => a.priceLevel - b.priceLevel || a.index - b.index)[0]?.index;
}

/** Binomial draw: how many of `n` units are scrapped at rate `p`. */
function scrapped(n: number, p: number, rng: ReturnType<typeof stream>): number {
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  return k;
}

/**
 * Every open factory order moves one step a day: components issued (by hand, when free stock
 * covers them), then one operation, then receipt and close. Backflushed orders are received only
 * when free stock covers what the BOM says the received and scrapped units consumed.
 */
async function advanceOrders(ctx: Context, world: World, ids: SimulationIds, f: FactoryIds, today: string, tally: Tally) {
  const plan = productionPlan(world);
  const orders = (await erp.openProductionOrders(ctx.db)).filter((o) => o.warehouseId === f.factory && o.status === 'released' && o.orderDate < today);
  if (orders.length === 0) return;
  const free = new Map((await erp.stockLevels(ctx.db, { warehouseId: f.factory })).map((s) => [s.itemId, s.onHand - s.reserved]));
  const covers = (needs: { itemId: number; quantity: number }[]) => needs.every((n) => n.quantity <= 0 || (free.get(n.itemId) ?? 0) >= n.quantity);
  const take = (needs: { itemId: number; quantity: number }[]) => needs.forEach((n) => free.set(n.itemId, (free.get(n.itemId) ?? 0) - Math.max(0, n.quantity)));
  const centreOf = new Map([...f.workCentres].map(([code, id]) => [id, code]));
  for (const o of orders) {
    if (!o.backflush && !o.components.every((c) => c.issuedQty >= c.plannedQty)) {
      const needs = o.components.map((c) => ({ itemId: c.itemId, quantity: c.plannedQty - c.issuedQty }));
      if (!covers(needs)) continue;
      take(needs);
      await erp.issueComponents(ctx, { orderId: o.id, date: today });
      tally.commands++;
      continue;
    }
    // Operations in sequence, one a day, each taking every unit the one before passed on.
    const waiting = (k: number) => (k === 0 ? o.quantity : o.operations[k - 1]!.goodQty) - o.operations[k]!.goodQty - o.operations[k]!.scrapQty;
    const k = o.operations.findIndex((_, j) => waiting(j) > 0);
    if (k >= 0) {
      const op = o.operations[k]!;
      const units = waiting(k);
      const code = centreOf.get(op.workCenterId) ?? 'ASSEMBLY';
      const rate = plan.workCentres.find((w) => w.code === code)?.scrapRate ?? 0;
      const rng = stream(world.seed, 'production', 'operation', o.id, op.seq);
      const operators = f.operators.get(code) ?? [];
      const employeeId = operators[rng.int(0, Math.max(0, operators.length - 1))];
      if (employeeId === undefined) continue;
      const scrap = scrapped(units, rate, rng);
      await erp.startOperation(ctx, { orderId: o.id, seq: op.seq, date: today, employeeId });
      await erp.finishOperation(ctx, { orderId: o.id, seq: op.seq, date: today, employeeId, goodQty: units - scrap, scrapQty: scrap });
      tally.commands += 2;
      continue;
    }
    // Every operation done: receive what the last one passed, and close. A backflushed order
    // waits until free stock covers what its received and scrapped units consumed.
    const last = o.operations.at(-1);
    const finished = (last ? last.goodQty : o.quantity) - o.receivedQty;
    if (o.backflush) {
      const scrapTotal = o.operations.reduce((sum, op) => sum + op.scrapQty, 0);
      const needs = o.components.map((c) => ({ itemId: c.itemId, quantity: c.quantityPer * (o.receivedQty + finished + scrapTotal) - c.issuedQty }));
      if (!covers(needs)) continue;
      take(needs);
    }
    if (finished > 0) {
      await erp.receiveProduction(ctx, { orderId: o.id, date: today });
      tally.commands++;
    }
    await erp.closeProductionOrder(ctx, { orderId: o.id, date: today });
    tally.commands++;
  }
}

async function shipTransfers(ctx: Context, world: World, ids: SimulationIds, f: FactoryIds, today: string, tally: Tally) {
  const plan = productionPlan(world);
  const demand = await weeklyDemand(ctx, f, today);
  const levels = await erp.stockLevels(ctx.db);
  const free = new Map(levels.map((s) => [key(s.itemId, s.warehouseId), s.onHand - s.reserved]));
  const coming = new Map<string, number>();
  for (const t of await erp.inTransit(ctx.db)) coming.set(key(t.itemId, t.toWarehouseId), (coming.get(key(t.itemId, t.toWarehouseId)) ?? 0) + t.quantity);
  const shipments = new Map<string, { from: number; to: number; lines: { itemId: number; quantity: number }[] }>();
  const add = (from: number, to: number, itemId: number, quantity: number) => {
    const s = shipments.get(`${from}:${to}`) ?? { from, to, lines: [] };
    s.lines.push({ itemId, quantity });
    shipments.set(`${from}:${to}`, s);
    free.set(key(itemId, from), (free.get(key(itemId, from)) ?? 0) - quantity);
  };
  const warehouses = WAREHOUSES.map((w) => ids.warehouses.get(w.code)!);
  // Machines: from the factory to the warehouses running low.
  for (const m of plan.manufactured) {
    const itemId = ids.items[m.itemIndex]!;
    for (const to of warehouses.filter((w) => w !== f.factory)) {
      const weekly = demand.get(key(itemId, to)) ?? 0;
      if (weekly <= 0) continue;
      const position = (free.get(key(itemId, to)) ?? 0) + (coming.get(key(itemId, to)) ?? 0);
      if (position >= weekly * TRANSFER_BELOW_WEEKS) continue;
      const spare = (free.get(key(itemId, f.factory)) ?? 0) - Math.ceil((demand.get(key(itemId, f.factory)) ?? 0) * 2);
      const quantity = Math.min(spare, Math.ceil(weekly * TRANSFER_TARGET_WEEKS - position));
      if (quantity > 0) add(f.factory, to, itemId, quantity);
    }
  }
  // Bought items: far too much in one warehouse, almost none in another (a few a month).
  const made = manufacturedItems(world);
  const rng = stream(world.seed, 'production', 'rebalance', today);
  let rebalanced = 0;
  for (const item of world.items) {
    if (made.has(item.index) || rebalanced >= 4) continue;
    const itemId = ids.items[item.index]!;
    const cover = (w: number) => ((free.get(key(itemId, w)) ?? 0) + (coming.get(key(itemId, w)) ?? 0)) / Math.max(0.01, demand.get(key(itemId, w)) ?? 0);
    const rich = warehouses.find((w) => (demand.get(key(itemId, w)) ?? 0) > 0 && cover(w) > EXCESS_WEEKS);
    const poor = warehouses.find((w) => w !== rich && (demand.get(key(itemId, w)) ?? 0) > 0.5 && cover(w) < 1.5);
    if (rich === undefined || poor === undefined || !rng.chance(0.5)) continue;
    const quantity = Math.min(Math.floor((free.get(key(itemId, rich)) ?? 0) - (demand.get(key(itemId, rich)) ?? 0) * 8), Math.ceil((demand.get(key(itemId, poor)) ?? 0) * 4));
    if (quantity <= 0) continue;
    add(rich, poor, itemId, quantity);
    rebalanced++;
  }
  for (const s of shipments.values()) {
    await erp.shipTransfer(ctx, { fromWarehouseId: s.from, toWarehouseId: s.to, date: today, lines: s.lines });
    tally.commands++;
  }
}

/** Transfers arrive 5–12 days after shipping; one in six comes in two parts, two days apart. */
async function receiveTransfers(ctx: Context, world: World, today: string, tally: Tally) {
  const byTransfer = new Map<number, erp.InTransit[]>();
  for (const t of await erp.inTransit(ctx.db)) byTransfer.set(t.transferId, [...(byTransfer.get(t.transferId) ?? []), t]);
  for (const [transferId, lines] of byTransfer) {
    const rng = stream(world.seed, 'production', 'transit', transferId);
    const arrives = dayAfter(lines[0]!.shipDate, rng.int(5, 12));
    const split = rng.chance(1 / 6) && lines.some((l) => l.quantity > 1);
    if (today < arrives) continue;
    if (split && today === arrives) {
      const part = lines.filter((l) => l.quantity > 1).map((l) => ({ lineId: l.lineId, quantity: Math.floor(l.quantity / 2) }));
      await erp.receiveTransfer(ctx, { transferId, date: today, lines: part });
    } else if (split && today < dayAfter(arrives, 2)) {
      continue;
    } else {
      await erp.receiveTransfer(ctx, { transferId, date: today });
    }
    tally.commands++;
  }
}

/** A stocktake per warehouse once a quarter (the 20th, 21st and 22nd of the last month). */
async function countStock(ctx: Context, world: World, ids: SimulationIds, today: string, tally: Tally) {
  const d = toDate(today);
  if ((d.getUTCMonth() + 1) % 3 !== 0) return;
  const k = d.getUTCDate() - 20;
  const code = WAREHOUSES[k]?.code;
  if (k < 0 || !code) return;
  const warehouseId = ids.warehouses.get(code)!;
  const take = await erp.createStocktake(ctx, { warehouseId, date: today });
  tally.commands++;
  const sheet = (await erp.stocktake(ctx.db, take.stocktakeId))!;
  const free = new Map((await erp.stockLevels(ctx.db, { warehouseId })).map((s) => [s.itemId, s.onHand - s.reserved]));
  const rng = stream(world.seed, 'production', 'count', today, code);
  const counts = sheet.lines.map((l) => {
    let counted = l.bookQty;
    if (rng.uniform() < COUNT_ERROR_RATE) {
      const delta = rng.pick([-2, -1, -1, 1, 1, 2]);
      // A shortfall cannot take stock promised to customers: such a count is taken as booked.
      const allowed = delta > 0 || (free.get(l.itemId) ?? 0) >= -delta;
      if (allowed) {
        counted = Math.max(0, l.bookQty + delta);
        free.set(l.itemId, (free.get(l.itemId) ?? 0) + (counted - l.bookQty));
      }
    }
    return { lineId: l.lineId, countedQty: counted };
  });
  if (counts.length > 0) {
    await erp.recordCounts(ctx, { stocktakeId: take.stocktakeId, counts });
    tally.commands++;
  }
  await erp.postStocktake(ctx, { stocktakeId: take.stocktakeId, date: today });
  tally.commands++;
}

/** The factory's truths for the ground-truth manifest: scrap rates per work centre, BOMs, routings, revisions. */
export function productionTruth(world: World) {
  const plan = productionPlan(world);
  return {
    description: 'Production: machines made in the Columbus factory from purchased components; the scrap rates drawn at each work centre and the BOMs and routings they were made to.',
    factory: FACTORY,
    notes: [
      'Scrap at an operation ~ Binomial(units reaching it, the work centre\'s scrap rate).',
      `Production orders launch when network stock + in transit + in production ≤ ${REORDER_WEEKS} weeks of demand, for ${BATCH_WEEKS} more weeks.`,
      `Machines ship from the factory on the first working day of a month to warehouses below ${TRANSFER_BELOW_WEEKS} weeks, up to ${TRANSFER_TARGET_WEEKS}; transit 5–12 days, 1 in 6 in two parts.`,
      `Stocktakes once a quarter per warehouse; ${COUNT_ERROR_RATE * 100}% of lines miscounted by ±1–2 units.`,
    ],
    workCentres: plan.workCentres.map((w) => ({ code: w.code, costRatePerHour: w.costRatePerHour, scrapRate: w.scrapRate })),
    manufactured: plan.manufactured.map((m) => ({
      sku: m.sku, costing: m.costing, backflush: m.backflush,
      components: m.components.map((c) => ({ sku: c.sku, quantityPer: c.quantityPer, scrapBp: c.scrapBp })),
      operations: m.operations,
    })),
    bomRevisions: plan.bomRevisions.map((r) => ({ day: r.day, sku: world.items[r.itemIndex]!.sku, component: world.items[r.componentItemIndex]!.sku, quantityPer: r.quantityPer, note: r.note })),
    routingRevisions: plan.routingRevisions.map((r) => ({ day: r.day, sku: world.items[r.itemIndex]!.sku, runMinutesFactor: r.runMinutesFactor, note: r.note })),
  };
}
