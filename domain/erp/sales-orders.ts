import { z } from 'zod';
import { sql, type Kysely, type RawBuilder, type Selectable } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { basisPoints, id, isoDate, money, quantity } from '../kernel/inputs.js';
import { convert, normaliseRate, type Conversion } from '../core/currency.js';
import { applyBasisPoints, lineNet, MAX_AMOUNT } from '../finance/money.js';
import { priceLines } from './items.js';
import { lockStock, releaseReservations, reserveStock } from './stock.js';

const orderLine = z.object({
  itemId: id,
  quantity,
  /** Overrides the price list (minor units of the order currency). */
  unitPrice: money.optional(),
  /** Overrides the discount rules. */
  discountBp: basisPoints.optional(),
});

/**
 * Creates a sales order priced from the customer's price list and discount rules, taxed by
 * item category and customer region. An order that takes the customer past their credit
 * limit is held (no reservation) until released; otherwise each line reserves what free stock
 * allows and the rest waits as a backorder.
 */
export const createSalesOrder = defineCommand(
  'erp.createSalesOrder',
  z.object({
    customerId: id,
    date: isoDate,
    warehouseId: id,
    lines: z.array(orderLine).min(1).max(200),
  }),
  async (tx, input) => {
    const customer = await customerForOrder(tx.db, input.customerId, input.warehouseId, input.date);
    const conversion = customer.conversion;
    // Prices and the stock rows to reserve from, locked, in one statement.
    const priced = await priceLines(tx.db, { ...customer, functionalCurrency: conversion.functionalCurrency }, input.date, input.lines, input.warehouseId);

    const lines = input.lines.map((line, i) => {
      const p = priced[i];
      if (!p) {
        throw new DomainError('NOT_FOUND', `item ${line.itemId} is unknown, inactive or has no price in ${customer.currency}`, `lines.${i}.itemId`);
      }
      const unitPrice = line.unitPrice ?? p.unitPrice;
      const discountBp = line.discountBp ?? p.discountBp;
      const net = lineNet(line.quantity, unitPrice, discountBp, `lines.${i}.quantity`);
      const taxBp = customer.taxRates[p.category] ?? 0;
      return { line_no: i + 1, item_id: line.itemId, quantity: line.quantity, unit_price: unitPrice, discount_bp: discountBp, net_amount: net, tax_bp: taxBp, tax: applyBasisPoints(net, taxBp), reserved_qty: 0 };
    });
    const net = lines.reduce((s, l) => s + l.net_amount, 0);
    const tax = lines.reduce((s, l) => s + l.tax, 0);
    if (net + tax > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the order total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');

    const grossFunctional = convert(conversion, net + tax);
    const exposure = customer.credit_limit === null ? 0 : await creditExposure(tx.db, input.customerId);
    const overLimit = customer.credit_limit !== null && exposure + grossFunctional > customer.credit_limit;
    if (!overLimit) {
      // Reserve what free stock allows, line by line; the stock rows stay locked until commit.
      const free = new Map<number, number>();
      priced.forEach((p) => p && free.set(p.itemId, p.onHand - p.reserved));
      for (const l of lines) {
        l.reserved_qty = Math.max(0, Math.min(l.quantity, free.get(l.item_id) ?? 0));
        free.set(l.item_id, (free.get(l.item_id) ?? 0) - l.reserved_qty);
      }
    }
    const status = overLimit ? 'held' : 'open';
    const holdReason = overLimit ? `credit limit ${customer.credit_limit} exceeded: exposure ${exposure} + order ${grossFunctional}` : null;

    const order = { id: customer.order.id, order_no: customer.order.number };
    const reserved = lines.reduce((s, l) => s + l.reserved_qty, 0);
    const ordered = lines.reduce((s, l) => s + l.quantity, 0);
    tx.emit({
      aggregateType: 'sales_order',
      aggregateId: order.id,
      type: overLimit ? 'sales_order.held' : 'sales_order.created',
      payload: { orderNo: order.order_no, customerId: input.customerId, net, tax, currency: customer.currency, reserved, ordered },
    });
    // Header, lines, reservations and the event in one statement.
    await sql`
      with x as (
        select * from jsonb_to_recordset(${JSON.stringify(lines)}::jsonb)
          as x(line_no int, item_id int, quantity bigint, unit_price bigint, discount_bp int, net_amount bigint, tax_bp int, reserved_qty bigint)
      ), o as (
        insert into erp.sales_orders (id, order_no, customer_id, warehouse_id, order_date, currency, rate, net_amount, tax_amount, status, hold_reason, created_by)
        values (${order.id}, ${order.order_no}, ${input.customerId}, ${input.warehouseId}, ${input.date},
                ${customer.currency}, ${conversion.rate}, ${net}, ${tax}, ${status}, ${holdReason}, ${tx.actor})
        returning id
      ), l as (
        insert into erp.sales_order_lines (order_id, line_no, item_id, quantity, unit_price, discount_bp, net_amount, tax_bp, reserved_qty)
        select o.id, x.line_no, x.item_id, x.quantity, x.unit_price, x.discount_bp, x.net_amount, x.tax_bp, x.reserved_qty from o, x
      ), r as (
        update erp.stock s set reserved = s.reserved + g.q
          from (select item_id, sum(reserved_qty) as q from x group by item_id having sum(reserved_qty) > 0) g
         where s.item_id = g.item_id and s.warehouse_id = ${input.warehouseId}
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { orderId: order.id, orderNo: order.order_no, status, net, tax, currency: customer.currency, reserved, backordered: overLimit ? 0 : ordered - reserved };
  },
);

interface CustomerForOrder {
  /** The new order's id and number, reserved up front so its rows and events go in one statement. */
  order: { id: number; number: string };
  currency: string;
  segment: string;
  priceListCode: string | null;
  credit_limit: number | null;
  taxRates: Record<string, number>;
  conversion: Conversion;
}

/** Everything an order needs to know about its customer, their currency and the warehouse, in one query. */
async function customerForOrder(db: Kysely<DB>, customerId: number, warehouseId: number, date: string): Promise<CustomerForOrder> {
  const { rows } = await sql<{ order_id: number; order_no: string; currency: string; segment: string; price_list_code: string | null; credit_limit: number | null; status: string; tax_rates: Record<string, number>; warehouse: number | null; functional: string | null; rate: string | null; shift: number | null }>`
    select c.currency, c.segment, c.price_list_code, c.credit_limit, c.status,
           coalesce((select jsonb_object_agg(t.category, t.rate_bp) from finance.tax_rates t where t.region = c.region), '{}') as tax_rates,
           (select w.id from erp.warehouses w where w.id = ${warehouseId}) as warehouse,
           (select s.value #>> '{}' from core.settings s where s.key = 'functional_currency') as functional,
           (select r.rate::text from core.exchange_rates r where r.currency = c.currency and r.rate_date <= ${date} order by r.rate_date desc limit 1) as rate,
           (select f.minor_units - m.minor_units from core.settings s join core.currencies f on f.code = s.value #>> '{}'
              join core.currencies m on m.code = c.currency where s.key = 'functional_currency') as shift,
           nextval(pg_get_serial_sequence('erp.sales_orders', 'id'))::int as order_id,
           'SO-' || lpad(nextval('erp.sales_order_no')::text, 7, '0') as order_no
      from crm.customers c where c.id = ${customerId}
       -- Orders of one customer check their credit one at a time; FK checks (key share) still pass.
       for no key update of c`.execute(db);
  const c = rows[0];
  if (!c) throw new DomainError('NOT_FOUND', `customer ${customerId} does not exist`, 'customerId');
  if (c.status !== 'active') throw new DomainError('NOT_ALLOWED', `customer ${customerId} is ${c.status}`, 'customerId');
  if (c.warehouse === null) throw new DomainError('NOT_FOUND', `warehouse ${warehouseId} does not exist`, 'warehouseId');
  if (!c.functional) throw new DomainError('NOT_CONFIGURED', 'the company has no functional currency yet');
  const home = c.currency === c.functional;
  if (!home && !c.rate) throw new DomainError('NO_RATE', `no exchange rate for ${c.currency} on or before ${date}`, 'date');
  const conversion: Conversion = { functionalCurrency: c.functional, currency: c.currency, rate: home ? '1' : normaliseRate(c.rate!), shift: home ? 0 : (c.shift ?? 0) };
  return { order: { id: c.order_id, number: c.order_no }, currency: c.currency, segment: c.segment, priceListCode: c.price_list_code, credit_limit: c.credit_limit, taxRates: c.tax_rates, conversion };
}

/**
 * Open receivables less unallocated payments plus the uninvoiced value of open and held orders,
 * functional minor units. Read in its own statement after the customer row is locked, so its
 * snapshot includes every order a concurrent command committed while this one waited.
 */
async function creditExposure(db: Kysely<DB>, customerId: number): Promise<number> {
  const { rows } = await sql<{ exposure: number }>`
    select (coalesce((select sum(i.open_functional) from erp.customer_invoices i where i.customer_id = ${customerId} and i.open_amount > 0), 0)
          - coalesce((select sum(p.unallocated_functional) from erp.customer_payments p where p.customer_id = ${customerId} and p.unallocated > 0), 0)
          + coalesce((select sum(round((l.net_amount - l.invoiced_net) * (10000 + l.tax_bp) / 10000.0 * o.rate))
                        from erp.sales_orders o join erp.sales_order_lines l on l.order_id = o.id
                       where o.customer_id = ${customerId} and o.status in ('open', 'held')), 0))::bigint as exposure`.execute(db);
  return rows[0]!.exposure;
}

type OrderRow = Selectable<DB['erp.sales_orders']>;
type OrderLineRow = Selectable<DB['erp.sales_order_lines']>;

/** Locks an order and reads its lines, in one statement, for a command that changes them. */
export async function lockOrder(db: Kysely<DB>, orderId: number, field = 'orderId'): Promise<{ order: OrderRow; lines: OrderLineRow[] }> {
  const { order, lines } = await lockOrderWith(db, orderId, field, sql`null`);
  return { order, lines };
}

/** lockOrder, plus what invoicing needs: the customer's payment terms and the last delivery date. */
export async function lockOrderForInvoicing(db: Kysely<DB>, orderId: number, field = 'orderId') {
  const { order, lines, extra } = await lockOrderWith<{ terms: number; last_delivery: string | null }>(db, orderId, field, sql`
    jsonb_build_object('terms', (select c.payment_terms_days from crm.customers c where c.id = o.customer_id),
                       'last_delivery', (select max(d.delivery_date) from erp.deliveries d where d.order_id = o.id))`);
  return { order, lines, paymentTermsDays: extra.terms, lastDelivery: extra.last_delivery };
}

async function lockOrderWith<E>(db: Kysely<DB>, orderId: number, field: string, extra: RawBuilder<unknown>) {
  const { rows } = await sql<OrderRow & { lines: OrderLineRow[]; extra: E }>`
    select o.*, coalesce((select jsonb_agg(to_jsonb(l) order by l.line_no) from erp.sales_order_lines l where l.order_id = o.id), '[]') as lines,
           ${extra} as extra
      from erp.sales_orders o where o.id = ${orderId} for update`.execute(db);
  const row = rows[0];
  if (!row) throw new DomainError('NOT_FOUND', `sales order ${orderId} does not exist`, field);
  const { lines, extra: extraValues, ...order } = row;
  return { order: order as OrderRow, lines, extra: extraValues };
}

/**
 * Allocates free stock in a warehouse to backordered lines of open orders, oldest order first
 * (an allocation run, after goods arrive). Returns what each order received.
 */
export const allocateBackorders = defineCommand(
  'erp.allocateBackorders',
  z.object({ warehouseId: id, itemIds: z.array(id).max(5_000).optional() }),
  async (tx, input) => {
    const { rows: waiting } = await sql<{ id: number; order_id: number; item_id: number; short: number }>`
      select l.id, l.order_id, l.item_id, (l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty)::bigint as short
        from erp.sales_order_lines l join erp.sales_orders o on o.id = l.order_id
       where o.status = 'open' and o.warehouse_id = ${input.warehouseId}
         and l.reserved_qty < l.quantity - l.delivered_qty - l.cancelled_qty
         ${input.itemIds ? sql`and l.item_id = any(${input.itemIds}::int[])` : sql``}
       order by o.order_date, o.id, l.line_no
         for update of l`.execute(tx.db);
    if (waiting.length === 0) return { orders: [] as { orderId: number; reserved: number }[] };
    const stock = await lockStock(tx.db, waiting.map((w) => ({ itemId: w.item_id, warehouseId: input.warehouseId })));
    const grants = waiting
      .map((w) => {
        const p = stock.get(`${w.item_id}:${input.warehouseId}`);
        const g = p ? Math.max(0, Math.min(w.short, p.onHand - p.reserved)) : 0;
        if (p) p.reserved += g;
        return { id: w.id, order_id: w.order_id, item_id: w.item_id, g };
      })
      .filter((g) => g.g > 0);
    if (grants.length === 0) return { orders: [] };
    await sql`
      with g as (select * from jsonb_to_recordset(${JSON.stringify(grants)}::jsonb) as g(id int, order_id int, item_id int, g bigint)),
      l as (update erp.sales_order_lines l set reserved_qty = l.reserved_qty + g.g from g where l.id = g.id and l.id = any(${grants.map((g) => g.id)}::int[]))
      update erp.stock s set reserved = s.reserved + t.g
        from (select item_id, sum(g) as g from g group by item_id) t
       where s.item_id = t.item_id and s.warehouse_id = ${input.warehouseId}`.execute(tx.db);
    const byOrder = new Map<number, number>();
    for (const g of grants) byOrder.set(g.order_id, (byOrder.get(g.order_id) ?? 0) + g.g);
    for (const [orderId, reserved] of byOrder) tx.emit({ aggregateType: 'sales_order', aggregateId: orderId, type: 'sales_order.reserved', payload: { reserved } });
    return { orders: [...byOrder].map(([orderId, reserved]) => ({ orderId, reserved })) };
  },
);

/** Reserves what free stock allows for the open lines of an open order (after new stock arrives). */
export const reserveSalesOrder = defineCommand('erp.reserveSalesOrder', z.object({ orderId: id }), async (tx, input) => {
  const { order, lines } = await lockOrder(tx.db, input.orderId);
  if (order.status !== 'open') throw new DomainError('NOT_ALLOWED', `sales order ${order.order_no} is ${order.status}`, 'orderId');
  return reserveOpenLines(tx, order, lines);
});

async function reserveOpenLines(tx: Tx, order: { id: number; order_no: string; warehouse_id: number }, lines: { id: number; item_id: number; quantity: number; delivered_qty: number; cancelled_qty: number; reserved_qty: number }[]) {
  const wanting = lines.filter((l) => l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty > 0);
  const granted = await reserveStock(tx.db, wanting.map((l) => ({ itemId: l.item_id, warehouseId: order.warehouse_id, quantity: l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty })));
  const updates = wanting.map((l, i) => ({ id: l.id, g: granted[i]! })).filter((u) => u.g > 0);
  if (updates.length > 0) {
    await sql`update erp.sales_order_lines l set reserved_qty = l.reserved_qty + u.g
                from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id int, g bigint) where l.id = u.id and l.id = any(${updates.map((u) => u.id)}::int[])`.execute(tx.db);
    tx.emit({ aggregateType: 'sales_order', aggregateId: order.id, type: 'sales_order.reserved', payload: { lines: updates } });
  }
  const reserved = updates.reduce((s, u) => s + u.g, 0);
  const stillShort = wanting.reduce((s, l, i) => s + (l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty - granted[i]!), 0);
  return { orderId: order.id, reserved, backordered: stillShort };
}

/** Releases a credit hold (after approval): the order opens and reserves stock. */
export const releaseCreditHold = defineCommand('erp.releaseCreditHold', z.object({ orderId: id, comment: z.string().max(500).optional() }), async (tx, input) => {
  const { order, lines } = await lockOrder(tx.db, input.orderId);
  if (order.status !== 'held') throw new DomainError('CONFLICT', `sales order ${order.order_no} is not on hold`, 'orderId');
  await tx.db.updateTable('erp.sales_orders').set({ status: 'open', hold_reason: null }).where('id', '=', order.id).execute();
  tx.emit({ aggregateType: 'sales_order', aggregateId: order.id, type: 'sales_order.hold_released', payload: { comment: input.comment } });
  return reserveOpenLines(tx, order, lines);
});

/** Cancels whatever of an order is not yet delivered and releases its reservations. */
export const cancelSalesOrder = defineCommand('erp.cancelSalesOrder', z.object({ orderId: id, reason: z.string().trim().min(1).max(500) }), async (tx, input) => {
  const { order, lines } = await lockOrder(tx.db, input.orderId);
  if (order.status === 'closed' || order.status === 'cancelled') throw new DomainError('CONFLICT', `sales order ${order.order_no} is already ${order.status}`, 'orderId');
  await releaseReservations(tx.db, lines.map((l) => ({ itemId: l.item_id, warehouseId: order.warehouse_id, quantity: l.reserved_qty })));
  await sql`update erp.sales_order_lines set cancelled_qty = quantity - delivered_qty, reserved_qty = 0 where order_id = ${order.id}`.execute(tx.db);
  // Delivered goods still need their invoice: such an order stays open until it is invoiced.
  const delivered = lines.some((l) => l.delivered_qty > 0);
  await tx.db.updateTable('erp.sales_orders').set({ status: delivered ? 'open' : 'cancelled' }).where('id', '=', order.id).execute();
  const closed = delivered && (await closeOrderIfDone(tx.db, order.id));
  tx.emit({ aggregateType: 'sales_order', aggregateId: order.id, type: 'sales_order.cancelled', payload: { reason: input.reason } });
  return { orderId: order.id, status: delivered ? (closed ? 'closed' : 'open') : 'cancelled' };
});

/** Closes an order once every line is delivered or cancelled and everything delivered is invoiced. */
export async function closeOrderIfDone(db: Kysely<DB>, orderId: number): Promise<boolean> {
  const result = await sql`
    update erp.sales_orders o set status = 'closed'
     where o.id = ${orderId} and o.status = 'open'
       and not exists (select 1 from erp.sales_order_lines l where l.order_id = o.id
                        and (l.delivered_qty + l.cancelled_qty < l.quantity or l.invoiced_qty < l.delivered_qty))`.execute(db);
  return Number(result.numAffectedRows ?? 0) > 0;
}
