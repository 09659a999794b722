import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, quantity } from '../kernel/inputs.js';
import { journalEntryCtes } from '../finance/journal.js';
import { beginPosting } from '../finance/posting-context.js';
import { postingRules } from '../finance/posting-rules.js';
import { applyStockChanges, reserveStock } from './stock.js';
import { lockOrder } from './sales-orders.js';

/**
 * Ships goods against an open order: by default everything reserved, or the given quantities
 * (topping up the reservation from free stock when needed). Stock leaves at moving average and
 * the delivery posts Dr cost of goods sold / Cr inventory. Each line takes the oldest lots first,
 * or the lot it names; its lot moves name the order line, so a trace finds which lots went where.
 */
export const deliverSalesOrder = defineCommand(
  'erp.deliverSalesOrder',
  z.object({
    orderId: id,
    date: isoDate,
    lines: z.array(z.object({ lineId: id, quantity, lotId: id.optional() })).min(1).optional(),
  }),
  async (tx, input) => {
    const { order, lines } = await lockOrder(tx.db, input.orderId);
    if (order.status !== 'open') throw new DomainError('NOT_ALLOWED', `sales order ${order.order_no} is ${order.status} and cannot be delivered`, 'orderId');
    if (input.date < order.order_date) throw new DomainError('INVALID_INPUT', `a delivery cannot precede its order date ${order.order_date}`, 'date');

    const wanted = input.lines
      ? input.lines.map((w, i) => {
          const line = lines.find((l) => l.id === w.lineId);
          if (!line) throw new DomainError('NOT_FOUND', `line ${w.lineId} is not on order ${order.order_no}`, `lines.${i}.lineId`);
          const open = line.quantity - line.delivered_qty - line.cancelled_qty;
          if (w.quantity > open) throw new DomainError('EXCEEDS_OPEN_QUANTITY', `line ${line.line_no}: ${w.quantity} exceeds the ${open} still to deliver`, `lines.${i}.quantity`);
          return { line, quantity: w.quantity, topUp: Math.max(0, w.quantity - line.reserved_qty), field: `lines.${i}.quantity`, lotId: w.lotId };
        })
      : lines.filter((l) => l.reserved_qty > 0).map((line) => ({ line, quantity: line.reserved_qty, topUp: 0, field: 'orderId', lotId: undefined }));
    if (wanted.length === 0) throw new DomainError('NOTHING_TO_DELIVER', `sales order ${order.order_no} has nothing reserved to deliver`, 'orderId');
    if (new Set(wanted.map((w) => w.line.id)).size !== wanted.length) throw new DomainError('INVALID_INPUT', 'each order line may appear once', 'lines');

    // Quantities beyond the line's reservation are reserved from free stock first, or refused.
    const short = wanted.filter((w) => w.topUp > 0);
    const granted = await reserveStock(tx.db, short.map((w) => ({ itemId: w.line.item_id, warehouseId: order.warehouse_id, quantity: w.topUp })));
    short.forEach((w, i) => {
      if (granted[i]! < w.topUp) {
        throw new DomainError('INSUFFICIENT_STOCK', `line ${w.line.line_no}: only ${w.line.reserved_qty + granted[i]!} of ${w.quantity} available`, w.field);
      }
    });

    const posting = await beginPosting(tx.db, { table: 'erp.deliveries', sequence: 'erp.delivery_no', prefix: 'DN', date: input.date });
    const delivery = { id: posting.id, number: posting.number };
    const values = await applyStockChanges(
      tx.db,
      { date: input.date, kind: 'delivery', sourceType: 'delivery', sourceId: delivery.id },
      wanted.map((w) => ({ itemId: w.line.item_id, warehouseId: order.warehouse_id, quantity: -w.quantity, releaseReserved: w.quantity, field: w.field, lineRef: w.line.id, ...(w.lotId === undefined ? {} : { lotId: w.lotId }) })),
    );
    const deliveryLines = wanted.map((w, i) => ({ line_id: w.line.id, item_id: w.line.item_id, quantity: w.quantity, top_up: w.topUp, cost: -values[i]! }));
    const cost = deliveryLines.reduce((s, l) => s + l.cost, 0);
    const entry = await journalEntryCtes(
      tx.db,
      tx.actor,
      { date: input.date, sourceType: 'delivery', sourceId: delivery.id, memo: `${delivery.number} for ${order.order_no}`, lines: postingRules.delivery({ cost }) },
      posting.conversion.functionalCurrency,
    );
    tx.emit({ aggregateType: 'sales_order', aggregateId: order.id, type: 'delivery.posted', payload: { deliveryId: delivery.id, deliveryNo: delivery.number, cost, lines: deliveryLines.length } });
    await sql`
      with ${entry.ctes}, x as (
        select * from jsonb_to_recordset(${JSON.stringify(deliveryLines)}::jsonb) as x(line_id int, item_id int, quantity bigint, top_up bigint, cost bigint)
      ), d as (
        insert into erp.deliveries (id, delivery_no, order_id, warehouse_id, delivery_date, cost_amount, journal_entry_id, created_by)
        values (${delivery.id}, ${delivery.number}, ${order.id}, ${order.warehouse_id}, ${input.date}, ${cost}, ${entry.id}, ${tx.actor})
        returning id
      ), dl as (
        insert into erp.delivery_lines (delivery_id, order_line_id, item_id, quantity, cost_amount)
        select d.id, x.line_id, x.item_id, x.quantity, x.cost from d, x
      ), events as (${tx.eventsInsert()})
      update erp.sales_order_lines l
         set delivered_qty = l.delivered_qty + x.quantity, reserved_qty = l.reserved_qty + x.top_up - x.quantity
        from x where l.id = x.line_id and l.id = any(${deliveryLines.map((l) => l.line_id)}::int[])`.execute(tx.db);
    return { deliveryId: delivery.id, deliveryNo: delivery.number, cost, quantity: wanted.reduce((s, w) => s + w.quantity, 0) };
  },
);
