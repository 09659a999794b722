import type { Context } from '../kernel/command.js';
import * as erp from '../erp/index.js';
import * as scm from '../scm/index.js';
import { stream } from './random.js';
import { dayAfter, daysBetween, isMonday } from './calendar.js';
import type { World } from './world.js';
import type { SimulationIds } from './setup.js';
import { reserveBackorders } from './fulfilment.js';
import { supplierFor } from './supplier-quality.js';
import * as procurement from './procurement.js';
import { manufacturedItems } from './production.js';
import type { Tally } from './tally.js';

/**
 * The buyers: every Monday each item in each warehouse is reviewed against a reorder point of
 * (promised lead time + one week) of recent demand plus 15%, and ordered up to four more
 * weeks. A few orders are changed after they are placed (a later confirmed date, a larger
 * quantity). Suppliers deliver after their own lead time, which runs later and wider than promised
 * for some, some with a shipping notice and an inspection that rejects their defects; bills
 * follow within days (a few mismatched, resolved later) and are paid in the Friday payment run
 * before they fall due, taking early-payment discounts where the terms allow.
 */
export async function runBuying(ctx: Context, world: World, ids: SimulationIds, start: string, today: string, tally: Tally): Promise<void> {
  // Requisitions, order approvals and shipping notices (procurement.ts) come before the day's arrivals.
  await procurement.setUpProcurement(ctx, world, ids);
  await procurement.decideProcurementApprovals(ctx, world, today, tally);
  await procurement.raiseRequisitions(ctx, world, ids, today, tally);
  // One read of the open orders serves the day's changes, notices and arrivals (none of them
  // opens or closes an order before the arrivals are received).
  const open = await scm.openPurchaseOrders(ctx.db);
  await procurement.changeOrders(ctx, world, ids, open, today, tally);
  await procurement.announceShipments(ctx, world, ids, open, today, tally);
  await receiveArrivals(ctx, world, ids, open, today, tally);
  if (isMonday(today)) await replenish(ctx, world, ids, start, today, tally);
  for (const po of await scm.receivedNotBilled(ctx.db)) {
    if (daysBetween(po.lastReceipt, today) < stream(world.seed, 'bill', po.id).int(0, 4)) continue;
    await procurement.billReceived(ctx, world, po, today, tally);
  }
  await procurement.resolveMismatches(ctx, world, today, tally);
  await procurement.reconcileStatements(ctx, world, ids, today, tally);
  // A weekly payment run on Fridays settles every bill due within the coming week.
  if (new Date(`${today}T00:00:00Z`).getUTCDay() === 5) await procurement.paymentRun(ctx, today, tally);
}

/** Actual lead time of a purchase order, in days. */
export function actualLeadTime(world: World, supplierIndex: number, poId: number): number {
  const s = world.suppliers[supplierIndex]!;
  return Math.max(1, Math.round(stream(world.seed, 'lead', poId).normal(s.leadTimeMeanDays + s.lateBiasDays, s.leadTimeSdDays)));
}

async function receiveArrivals(ctx: Context, world: World, ids: SimulationIds, open: readonly scm.OpenPurchaseOrder[], today: string, tally: Tally) {
  const supplierIndex = new Map(ids.suppliers.map((id, i) => [id, i]));
  const restocked = new Map<number, Set<number>>();
  for (const po of open) {
    const index = supplierIndex.get(po.supplierId);
    if (index === undefined || po.outstanding <= 0) continue;
    if (daysBetween(po.orderDate, today) < actualLeadTime(world, index, po.id)) continue;
    const received = await procurement.receiveArrival(ctx, world, index, po.id, today, tally);
    const items = restocked.get(po.warehouseId) ?? new Set<number>();
    for (const item of received) items.add(item.itemId);
    restocked.set(po.warehouseId, items);
  }
  for (const [warehouseId, items] of restocked) await reserveBackorders(ctx, warehouseId, [...items], tally);
}

async function replenish(ctx: Context, world: World, ids: SimulationIds, start: string, today: string, tally: Tally) {
  const since = dayAfter(today, -56) < start ? start : dayAfter(today, -56);
  const weeks = Math.max(1, daysBetween(since, today) / 7);
  const key = (item: number, wh: number) => `${item}:${wh}`;
  const demand = new Map((await erp.orderedSince(ctx.db, since)).map((d) => [key(d.itemId, d.warehouseId), d.quantity / weeks]));
  const onOrder = new Map((await scm.onOrder(ctx.db)).map((o) => [key(o.itemId, o.warehouseId), o.quantity]));
  const stock = new Map((await erp.stockLevels(ctx.db)).map((s) => [key(s.itemId, s.warehouseId), s.onHand - s.reserved]));
  const orders = new Map<string, { supplier: number; warehouseId: number; lines: { itemId: number; quantity: number; unitPrice: number }[] }>();
  const orderable = await scm.orderableSuppliers(ctx.db, today);
  const made = manufacturedItems(world); // planned by production.ts, not bought
  world.items.forEach((item, i) => {
    if (made.has(i)) return;
    const itemId = ids.items[i]!;
    const supplierIndex = supplierFor(world, ids, orderable, i);
    if (supplierIndex === undefined) return; // no supplier may take this order today; the item waits a week
    const supplier = world.suppliers[supplierIndex]!;
    for (const warehouseId of ids.warehouses.values()) {
      const k = key(itemId, warehouseId);
      const weekly = demand.get(k) ?? 0;
      if (weekly <= 0) continue;
      const position = (stock.get(k) ?? 0) + (onOrder.get(k) ?? 0);
      const reorderPoint = weekly * (supplier.leadTimeMeanDays / 7 + 1) * 1.15;
      if (position > reorderPoint) continue;
      const quantity = Math.ceil(reorderPoint - position + weekly * 4);
      const po = orders.get(`${supplierIndex}:${warehouseId}`) ?? { supplier: supplierIndex, warehouseId, lines: [] };
      const unitPrice = Math.round((item.standardCost * supplier.priceLevel) / (supplier.currency === 'EUR' ? 1.09 : 1));
      po.lines.push({ itemId, quantity, unitPrice });
      orders.set(`${supplierIndex}:${warehouseId}`, po);
    }
  });
  for (const po of orders.values()) {
    const supplier = world.suppliers[po.supplier]!;
    await scm.createPurchaseOrder(ctx, { supplierId: ids.suppliers[po.supplier]!, warehouseId: po.warehouseId, date: today, expectedDate: dayAfter(today, supplier.leadTimeMeanDays), lines: po.lines });
    tally.commands++;
  }
}
