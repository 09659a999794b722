import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import { conversionOn, convert } from '../../core/currency.js';

/**
 * Read-only views of ERP documents that commercial commands need to decide (what an order is
 * worth, what it has left to invoice). ERP owns these tables; nothing here writes to them —
 * changes go through erp's commands (createSalesOrder, invoiceSalesOrder, releaseCreditHold, …).
 */
export interface OrderFigures {
  id: number;
  orderNo: string;
  customerId: number;
  currency: string;
  status: 'held' | 'open' | 'closed' | 'cancelled';
  orderDate: string;
  /** Net + tax, order currency. */
  gross: number;
  /** Net + tax at the order's rate, functional minor units. */
  grossFunctional: number;
  /** Net of delivered quantities not yet invoiced (pro rata per line, the last part its remainder), order currency. */
  uninvoicedNet: number;
  /** The same at the order's rate, functional minor units. */
  uninvoicedNetFunctional: number;
}

export async function orderFigures(db: Kysely<DB>, orderId: number): Promise<OrderFigures | undefined> {
  const { rows } = await sql<{ id: number; order_no: string; customer_id: number; currency: string; status: OrderFigures['status']; order_date: string; rate: string; gross: number; uninvoiced: number }>`
    select o.id, o.order_no, o.customer_id, o.currency, o.status, o.order_date, o.rate::text as rate, (o.net_amount + o.tax_amount)::bigint as gross,
           coalesce((select sum(case when l.delivered_qty = l.quantity then l.net_amount - l.invoiced_net
                                     else round(l.net_amount::numeric * (l.delivered_qty - l.invoiced_qty) / l.quantity) end)
                       from erp.sales_order_lines l where l.order_id = o.id and l.delivered_qty > l.invoiced_qty), 0)::bigint as uninvoiced
      from erp.sales_orders o where o.id = ${orderId}`.execute(db);
  const o = rows[0];
  if (!o) return undefined;
  const conversion = { ...(await conversionOn(db, o.currency, o.order_date)), rate: o.rate };
  return {
    id: o.id,
    orderNo: o.order_no,
    customerId: o.customer_id,
    currency: o.currency,
    status: o.status,
    orderDate: o.order_date,
    gross: o.gross,
    grossFunctional: convert(conversion, o.gross),
    uninvoicedNet: o.uninvoiced,
    uninvoicedNetFunctional: convert(conversion, o.uninvoiced),
  };
}

/** The customers of the given orders, for checking that orders belong where they are linked. */
export async function orderCustomers(db: Kysely<DB>, orderIds: number[]): Promise<Map<number, number>> {
  if (orderIds.length === 0) return new Map();
  const rows = await db.selectFrom('erp.sales_orders').select(['id', 'customer_id']).where('id', 'in', orderIds).execute();
  return new Map(rows.map((r) => [r.id, r.customer_id]));
}
