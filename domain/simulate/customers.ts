import type { Tally } from './tally.js';
import type { Context } from '../kernel/command.js';
import * as erp from '../erp/index.js';
import { stream } from './random.js';
import { POPULATION, REGIONS, seasonality, type CustomerPlan, type World } from './world.js';
import { priceIn, type SimulationIds } from './setup.js';
import { toDate } from './calendar.js';
import { convertArrival } from './sales-pipeline.js';
import { placeOrderThroughQuote } from './commercial.js';

/** What the simulator remembers of each customer; all of it re-derivable from the books. */
export interface CustomerState {
  plan: CustomerPlan;
  id: number;
  acquired: string;
  orders: number;
  droppedOut: boolean;
}

/**
 * BG/NBD: while active, a customer buys as a Poisson process (rate λ, modulated by the weekly
 * and annual season); after every repeat purchase they drop out for good with probability p.
 */
export const dropsOutAfter = (seed: number, customer: number, repeat: number, p: number) => stream(seed, 'dropout', customer, repeat).uniform() < p;

export async function acquireCustomers(ctx: Context, world: World, ids: SimulationIds, states: CustomerState[], day: number, today: string, counter: Tally) {
  const n = world.arrivals(day);
  for (let k = 0; k < n; k++) {
    const index = states.length;
    const plan = world.customer(index);
    // Each arrival is the conversion of its lead (domain/simulate/sales-pipeline.ts).
    const customerId = await convertArrival(ctx, world, ids, plan, today);
    counter.commands++;
    ids.customers.push(customerId);
    states.push({ plan, id: customerId, acquired: today, orders: 0, droppedOut: false });
    // The first purchase happens on the day of acquisition (time zero of BG/NBD).
    await placeOrder(ctx, world, ids, states[index]!, today, counter);
  }
}

export async function placeOrders(ctx: Context, world: World, ids: SimulationIds, states: CustomerState[], day: number, today: string, counter: Tally) {
  const rng = stream(world.seed, 'orders', day);
  const season = seasonality(toDate(today));
  for (const state of states) {
    if (state.droppedOut || state.acquired === today) continue;
    const u = rng.uniform();
    if (u < 1 - Math.exp((-state.plan.lambda / 7) * season)) await placeOrder(ctx, world, ids, state, today, counter);
  }
}

async function placeOrder(ctx: Context, world: World, ids: SimulationIds, state: CustomerState, today: string, counter: Tally) {
  const purchase = state.orders;
  const rng = stream(world.seed, 'order', state.plan.index, purchase);
  const region = REGIONS.find((r) => r.code === state.plan.region)!;
  // Gamma-Gamma: this order's value ~ Gamma(p, ν) in functional major units.
  const value = rng.gamma(POPULATION.p, 1 / state.plan.nu) * 100;
  const lines = new Map<number, number>(); // item index → quantity
  let unitValue = 0;
  const unitLines = rng.poisson(world.unitItems.linesPerOrder);
  for (let k = 0; k < unitLines; k++) {
    const item = world.unitItems.items[rng.weighted(world.unitItems.cumulative)]!;
    const quantity = 1 + rng.poisson(item.extraUnits);
    if (unitValue + quantity * item.listPrice > value && lines.size > 0) break;
    lines.set(item.index, (lines.get(item.index) ?? 0) + quantity);
    unitValue += quantity * item.listPrice;
  }
  // One value line takes what is left of the order's value.
  const valueItem = world.valueItems.items[rng.weighted(world.valueItems.cumulative)]!;
  const rest = value - unitValue;
  if (rest > valueItem.listPrice / 2 || lines.size === 0) {
    lines.set(valueItem.index, (lines.get(valueItem.index) ?? 0) + Math.max(1, Math.round(rest / valueItem.listPrice)));
  }
  const input = {
    customerId: state.id,
    date: today,
    warehouseId: ids.warehouses.get(region.warehouse)!,
    lines: [...lines].map(([index, quantity]) => ({ itemId: ids.items[index]!, quantity })),
  };
  // Larger orders of bigger accounts are negotiated through a quote first (commercial.ts); the
  // order lines are the drawn ones either way, so demand stays what the customer model says.
  const quoted = await placeOrderThroughQuote(ctx, world, ids, state, purchase, value, input, counter);
  if (!quoted) {
    await erp.createSalesOrder(ctx, input);
    counter.commands++;
  }
  counter.orders++;
  state.orders++;
  if (purchase > 0 && dropsOutAfter(world.seed, state.plan.index, purchase, state.plan.dropout)) state.droppedOut = true;
}

/** Rebuilds customer states from the books when a simulation continues. */
export async function loadCustomerStates(ctx: Context, world: World, ids: SimulationIds): Promise<CustomerState[]> {
  const counts = await erp.orderCountsByCustomer(ctx.db);
  const acquired = await firstOrderDates(ctx);
  return ids.customers.map((id, index) => {
    const plan = world.customer(index);
    const orders = counts.get(id) ?? 0;
    const repeats = orders - 1;
    return { plan, id, acquired: acquired.get(id) ?? '', orders, droppedOut: repeats > 0 && dropsOutAfter(world.seed, index, repeats, plan.dropout) };
  });
}

async function firstOrderDates(ctx: Context): Promise<Map<number, string>> {
  const orders = await erp.firstOrderDates(ctx.db);
  return new Map(orders.map((o) => [o.customerId, o.firstOrder]));
}

export { priceIn };
