import { z } from 'zod';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { basisPoints, id, isoDate, money, quantity } from '../kernel/inputs.js';
import { conversionOn, convert } from '../core/currency.js';
import { applyBasisPoints, lineNet } from '../finance/money.js';
import { priceLines } from './items.js';
import { releaseReservations, reserveStock } from './stock.js';

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
    const customer = await customerForOrder(tx.db, input.customerId);
    const conversion = await conversionOn(tx.db, customer.currency, input.date);
    const warehouse = await tx.db.selectFrom('erp.warehouses').select('id').where('id', '=', input.warehouseId).executeTakeFirst();
    if (!warehouse) throw new DomainError('NOT_FOUND', `warehouse ${input.warehouseId} does not exist`, 'warehouseId');
    const priced = await priceLines(tx.db, { ...customer, functionalCurrency: conversion.functionalCurrency }, input.date, input.lines);

    const lines = input.lines.map((line, i) => {
      const p = priced[i];
      if (!p) {
        throw new DomainError('NOT_FOUND', `item ${line.itemId} is unknown, inactive or has no price in ${customer.currency}`, `lines.${i}.itemId`);
      }
      const unitPrice = line.unitPrice ?? p.unitPrice;
      const discountBp = line.discountBp ?? p.discountBp;
      const net = lineNet(line.quantity, unitPrice, discountBp);
      const taxBp = customer.taxRates[p.category] ?? 0;
      return { line_no: i + 1, item_id: line.itemId, quantity: line.quantity, unit_price: unitPrice, discount_bp: discountBp, net_amount: net, tax_bp: taxBp, tax: applyBasisPoints(net, taxBp), reserved_qty: 0 };
    });
    const net = lines.reduce((s, l) => s + l.net_amount, 0);
    const tax = lines.reduce((s, l) => s + l.tax, 0);

    const grossFunctional = convert(conversion, net + tax);
    const overLimit = customer.credit_limit !== null && customer.exposure + grossFunctional > customer.credit_limit;
    if (!overLimit) {
      const granted = await reserveStock(tx.db, lines.map((l) => ({ itemId: l.item_id, warehouseId: input.warehouseId, quantity: l.quantity })));
      lines.forEach((l, i) => (l.reserved_qty = granted[i]!));
    }
    const status = overLimit ? 'held' : 'open';
    const holdReason = overLimit ? `credit limit ${customer.credit_limit} exceeded: exposure ${customer.exposure} + order ${grossFunctional}` : null;

    const { rows } = await sql<{ id: number; order_no: string }>`
      with o as (
        insert into erp.sales_orders (order_no, customer_id, warehouse_id, order_date, currency, rate, net_amount, tax_amount, status, hold_reason, created_by)
        values ('SO-' || lpad(nextval('erp.sales_order_no')::text, 7, '0'), ${input.customerId}, ${input.warehouseId}, ${input.date},
                ${customer.currency}, ${conversion.rate}, ${net}, ${tax}, ${status}, ${holdReason}, ${tx.actor})
        returning id, order_no
      ), l as (
        insert into erp.sales_order_lines (order_id, line_no, item_id, quantity, unit_price, discount_bp, net_amount, tax_bp, reserved_qty)
        select o.id, x.line_no, x.item_id, x.quantity, x.unit_price, x.discount_bp, x.net_amount, x.tax_bp, x.reserved_qty
          from o, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, unit_price bigint, discount_bp int, net_amount bigint, tax_bp int, reserved_qty bigint)
      )
      select id, order_no from o`.execute(tx.db);
    const order = rows[0]!;
    const reserved = lines.reduce((s, l) => s + l.reserved_qty, 0);
    const ordered = lines.reduce((s, l) => s + l.quantity, 0);
    tx.emit({
      aggregateType: 'sales_order',
      aggregateId: order.id,
      type: overLimit ? 'sales_order.held' : 'sales_order.created',
      payload: { orderNo: order.order_no, customerId: input.customerId, net, tax, currency: customer.currency, reserved, ordered },
    });
    return { orderId: order.id, orderNo: order.order_no, status, net, tax, currency: customer.currency, reserved, backordered: overLimit ? 0 : ordered - reserved };
  },
);

interface CustomerForOrder {
  currency: string;
  segment: string;
  priceListCode: string | null;
  credit_limit: number | null;
  /** Open receivables plus the uninvoiced value of open orders, functional minor units. */
  exposure: number;
  taxRates: Record<string, number>;
}

async function customerForOrder(db: Kysely<DB>, customerId: number): Promise<CustomerForOrder> {
  const { rows } = await sql<{ currency: string; segment: string; price_list_code: string | null; credit_limit: number | null; status: string; exposure: number; tax_rates: Record<string, number> }>`
    select c.currency, c.segment, c.price_list_code, c.credit_limit, c.status,
           case when c.credit_limit is null then 0 else
             coalesce((select sum(i.open_functional) from erp.customer_invoices i where i.customer_id = c.id and i.open_amount > 0), 0)
             - coalesce((select sum(p.unallocated_functional) from erp.customer_payments p where p.customer_id = c.id and p.unallocated > 0), 0)
             + coalesce((select sum(round((l.net_amount - l.invoiced_net) * (10000 + l.tax_bp) / 10000.0 * o.rate))
                           from erp.sales_orders o join erp.sales_order_lines l on l.order_id = o.id
                          where o.customer_id = c.id and o.status in ('open', 'held')), 0)
           end::bigint as exposure,
           coalesce((select jsonb_object_agg(t.category, t.rate_bp) from finance.tax_rates t where t.region = c.region), '{}') as tax_rates
      from crm.customers c where c.id = ${customerId}`.execute(db);
  const c = rows[0];
  if (!c) throw new DomainError('NOT_FOUND', `customer ${customerId} does not exist`, 'customerId');
  if (c.status !== 'active') throw new DomainError('NOT_ALLOWED', `customer ${customerId} is ${c.status}`, 'customerId');
  return { currency: c.currency, segment: c.segment, priceListCode: c.price_list_code, credit_limit: c.credit_limit, exposure: c.exposure, taxRates: c.tax_rates };
}

/** Locks an order and its lines for a command that changes them. */
export async function lockOrder(db: Kysely<DB>, orderId: number, field = 'orderId') {
  const order = await db.selectFrom('erp.sales_orders').selectAll().where('id', '=', orderId).forUpdate().executeTakeFirst();
  if (!order) throw new DomainError('NOT_FOUND', `sales order ${orderId} does not exist`, field);
  const lines = await db.selectFrom('erp.sales_order_lines').selectAll().where('order_id', '=', orderId).orderBy('line_no').execute();
  return { order, lines };
}

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
                from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id int, g bigint) where l.id = u.id`.execute(tx.db);
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
