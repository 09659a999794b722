import type { Context } from '../kernel/command.js';
import * as erp from '../erp/index.js';
import { stream } from './random.js';
import { daysBetween } from './calendar.js';
import type { Tally } from './tally.js';

/**
 * The warehouse: reserved goods ship after a short handling delay and are invoiced the same
 * day; customers give up on backorders older than 45 days. (Credit holds go through approvals:
 * commercial.ts routeCreditHolds.)
 */
export async function runFulfilment(ctx: Context, seed: number, today: string, tally: Tally): Promise<void> {
  for (const order of await erp.openOrders(ctx.db)) {
    const age = daysBetween(order.orderDate, today);
    if (order.reserved > 0 && age >= handlingDays(seed, order.id)) {
      await erp.deliverSalesOrder(ctx, { orderId: order.id, date: today });
      await erp.invoiceSalesOrder(ctx, { orderId: order.id, date: today });
      tally.commands += 2;
    } else if (order.reserved === 0 && order.backordered > 0 && age > 45) {
      await erp.cancelSalesOrder(ctx, { orderId: order.id, reason: 'customer cancelled the backorder' });
      tally.commands++;
    }
  }
}

const handlingDays = (seed: number, orderId: number) => stream(seed, 'handling', orderId).pick([0, 1, 1, 1, 2, 2, 3]);

/** After goods arrive in a warehouse, an allocation run gives them to backorders, oldest first. */
export async function reserveBackorders(ctx: Context, warehouseId: number, itemIds: number[], tally: Tally): Promise<void> {
  await erp.allocateBackorders(ctx, { warehouseId, itemIds });
  tally.commands++;
}
