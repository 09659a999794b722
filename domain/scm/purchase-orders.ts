import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate, money, quantity } from '../kernel/inputs.js';
import { assertSupplierCanReceiveOrders } from './suppliers.js';
import { extendedAmount, MAX_AMOUNT } from '../finance/money.js';

export const createPurchaseOrder = defineCommand(
  'scm.createPurchaseOrder',
  z.object({
    supplierId: id,
    warehouseId: id,
    date: isoDate,
    expectedDate: isoDate,
    lines: z.array(z.object({ itemId: id, quantity, unitPrice: money })).min(1).max(200),
  }),
  async (tx, input) => {
    if (input.expectedDate < input.date) throw new DomainError('INVALID_INPUT', 'the expected date cannot precede the order date', 'expectedDate');
    const supplier = await assertSupplierCanReceiveOrders(tx.db, input.supplierId);
    const items = await tx.db.selectFrom('erp.items').select(['id', 'active']).where('id', 'in', input.lines.map((l) => l.itemId)).execute();
    input.lines.forEach((l, i) => {
      if (!items.find((it) => it.id === l.itemId && it.active)) throw new DomainError('NOT_FOUND', `item ${l.itemId} is unknown or inactive`, `lines.${i}.itemId`);
    });
    const warehouse = await tx.db.selectFrom('erp.warehouses').select('id').where('id', '=', input.warehouseId).executeTakeFirst();
    if (!warehouse) throw new DomainError('NOT_FOUND', `warehouse ${input.warehouseId} does not exist`, 'warehouseId');
    const lines = input.lines.map((l, i) => ({ line_no: i + 1, item_id: l.itemId, quantity: l.quantity, unit_price: l.unitPrice, amount: extendedAmount(l.quantity, l.unitPrice, `lines.${i}.quantity`) }));
    const net = lines.reduce((s, l) => s + l.amount, 0);
    if (net > MAX_AMOUNT) throw new DomainError('INVALID_INPUT', `the order total exceeds the largest amount Ledgerloop records (${MAX_AMOUNT})`, 'lines');
    const { rows } = await sql<{ id: number; po_no: string }>`
      with po as (
        insert into scm.purchase_orders (po_no, supplier_id, warehouse_id, order_date, expected_date, currency, net_amount, status, created_by)
        values ('PO-' || lpad(nextval('scm.purchase_order_no')::text, 7, '0'), ${supplier.id}, ${input.warehouseId}, ${input.date}, ${input.expectedDate},
                ${supplier.currency}, ${net}, 'open', ${tx.actor})
        returning id, po_no
      ), l as (
        insert into scm.purchase_order_lines (po_id, line_no, item_id, quantity, unit_price)
        select po.id, x.line_no, x.item_id, x.quantity, x.unit_price
          from po, jsonb_to_recordset(${JSON.stringify(lines)}::jsonb) as x(line_no int, item_id int, quantity bigint, unit_price bigint)
      )
      select id, po_no from po`.execute(tx.db);
    const po = rows[0]!;
    tx.emit({ aggregateType: 'purchase_order', aggregateId: po.id, type: 'purchase_order.created', payload: { poNo: po.po_no, supplierId: supplier.id, net, currency: supplier.currency } });
    return { purchaseOrderId: po.id, poNo: po.po_no, net, currency: supplier.currency };
  },
);
