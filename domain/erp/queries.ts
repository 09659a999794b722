import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** Read-only views of ERP documents that planners, pages and the simulator act on. */

export interface DeliverableOrder {
  id: number;
  orderNo: string;
  orderDate: string;
  customerId: number;
  reserved: number;
  backordered: number;
}

/** Open orders with reserved stock waiting to ship or with backordered quantities, oldest first. */
export async function openOrders(db: Kysely<DB>, warehouseId?: number): Promise<DeliverableOrder[]> {
  const { rows } = await sql<DeliverableOrder>`
    select o.id, o.order_no as "orderNo", o.order_date as "orderDate", o.customer_id as "customerId",
           sum(l.reserved_qty)::bigint as reserved,
           sum(l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty)::bigint as backordered
      from erp.sales_orders o join erp.sales_order_lines l on l.order_id = o.id
     where o.status = 'open' ${warehouseId === undefined ? sql`` : sql`and o.warehouse_id = ${warehouseId}`}
     group by o.id
    having sum(l.reserved_qty) > 0 or sum(l.quantity - l.delivered_qty - l.cancelled_qty - l.reserved_qty) > 0
     order by o.order_date, o.id`.execute(db);
  return rows;
}

/** Orders waiting on a credit decision. */
export async function heldOrders(db: Kysely<DB>): Promise<{ id: number; orderNo: string; orderDate: string; customerId: number }[]> {
  const { rows } = await sql<{ id: number; orderNo: string; orderDate: string; customerId: number }>`
    select id, order_no as "orderNo", order_date as "orderDate", customer_id as "customerId"
      from erp.sales_orders where status = 'held' order by order_date, id`.execute(db);
  return rows;
}

/** Orders with delivered quantities not yet invoiced. */
export async function ordersToInvoice(db: Kysely<DB>): Promise<{ id: number; orderNo: string }[]> {
  const { rows } = await sql<{ id: number; orderNo: string }>`
    select distinct o.id, o.order_no as "orderNo" from erp.sales_orders o join erp.sales_order_lines l on l.order_id = o.id
     where l.delivered_qty > l.invoiced_qty order by o.id`.execute(db);
  return rows;
}

export interface OpenInvoice {
  id: number;
  invoiceNo: string;
  customerId: number;
  invoiceDate: string;
  dueDate: string;
  currency: string;
  openAmount: number;
  grossAmount: number;
}

/**
 * Customer invoices with something still to pay, by due date: all of them, or those of some
 * customers, or those issued on some day (an argument given narrows to invoices matching either).
 */
export async function openInvoices(db: Kysely<DB>, filter: { customerIds?: readonly number[]; invoiceDate?: string } = {}): Promise<OpenInvoice[]> {
  const narrowed = filter.customerIds !== undefined || filter.invoiceDate !== undefined;
  const { rows } = await sql<OpenInvoice>`
    select id, invoice_no as "invoiceNo", customer_id as "customerId", invoice_date as "invoiceDate", due_date as "dueDate",
           currency, open_amount as "openAmount", gross_amount as "grossAmount"
      from erp.customer_invoices
     where open_amount > 0
       ${narrowed ? sql`and (customer_id = any(${[...(filter.customerIds ?? [])]}::int[]) or invoice_date = ${filter.invoiceDate ?? null}::date)` : sql``}
     order by due_date, id`.execute(db);
  return rows;
}

export interface StockLevel {
  itemId: number;
  warehouseId: number;
  onHand: number;
  reserved: number;
  value: number;
}

/** Stock per item and warehouse: everywhere, or in one warehouse. */
export async function stockLevels(db: Kysely<DB>, filter: { warehouseId?: number } = {}): Promise<StockLevel[]> {
  const { rows } = await sql<StockLevel>`
    select item_id as "itemId", warehouse_id as "warehouseId", on_hand as "onHand", reserved, value from erp.stock
     ${filter.warehouseId === undefined ? sql`` : sql`where warehouse_id = ${filter.warehouseId}`}
     order by 1, 2`.execute(db);
  return rows;
}

/** Quantity ordered per item and warehouse since a date (demand, whether or not it shipped). */
export async function orderedSince(db: Kysely<DB>, since: string): Promise<{ itemId: number; warehouseId: number; quantity: number }[]> {
  const { rows } = await sql<{ itemId: number; warehouseId: number; quantity: number }>`
    select l.item_id as "itemId", o.warehouse_id as "warehouseId", sum(l.quantity)::bigint as quantity
      from erp.sales_orders o join erp.sales_order_lines l on l.order_id = o.id
     where o.order_date >= ${since} and o.status <> 'held'
     group by 1, 2`.execute(db);
  return rows;
}

/** Number of orders each customer has placed. */
export async function orderCountsByCustomer(db: Kysely<DB>): Promise<Map<number, number>> {
  const { rows } = await sql<{ customer_id: number; n: number }>`select customer_id, count(*)::int as n from erp.sales_orders group by 1`.execute(db);
  return new Map(rows.map((r) => [r.customer_id, r.n]));
}

export async function listWarehouses(db: Kysely<DB>) {
  return db.selectFrom('erp.warehouses').select(['id', 'code', 'name', 'region']).orderBy('id').execute();
}

export async function listItems(db: Kysely<DB>) {
  return db.selectFrom('erp.items').select(['id', 'sku', 'name', 'category', 'procurement', 'list_price', 'standard_cost', 'active']).orderBy('id').execute();
}

/** Each customer's first order date (their acquisition, for purchase-frequency models). */
export async function firstOrderDates(db: Kysely<DB>): Promise<{ customerId: number; firstOrder: string }[]> {
  const { rows } = await sql<{ customerId: number; firstOrder: string }>`
    select customer_id as "customerId", min(order_date) as "firstOrder" from erp.sales_orders group by 1`.execute(db);
  return rows;
}

export interface DeliveredLine {
  deliveryLineId: number;
  itemId: number;
  category: string;
  quantity: number;
}

export interface DeliverySummary {
  deliveryId: number;
  deliveryDate: string;
  customerId: number;
  lines: DeliveredLine[];
}

/** Ids and dates of the deliveries made on the given dates, oldest first (after-sales looks back at what was shipped). */
export async function deliveriesOn(db: Kysely<DB>, dates: string[]): Promise<{ deliveryId: number; deliveryDate: string }[]> {
  if (dates.length === 0) return [];
  const { rows } = await sql<{ deliveryId: number; deliveryDate: string }>`
    select id as "deliveryId", delivery_date as "deliveryDate" from erp.deliveries
     where delivery_date = any(${dates}::date[]) order by delivery_date, id`.execute(db);
  return rows;
}

/** Deliveries with their customer and their lines' items and categories, in id order. */
export async function deliverySummaries(db: Kysely<DB>, deliveryIds: number[]): Promise<DeliverySummary[]> {
  if (deliveryIds.length === 0) return [];
  const { rows } = await sql<DeliverySummary>`
    select d.id as "deliveryId", d.delivery_date as "deliveryDate", o.customer_id as "customerId",
           jsonb_agg(jsonb_build_object('deliveryLineId', l.id, 'itemId', l.item_id, 'category', i.category, 'quantity', l.quantity) order by l.id) as lines
      from erp.deliveries d
      join erp.sales_orders o on o.id = d.order_id
      join erp.delivery_lines l on l.delivery_id = d.id
      join erp.items i on i.id = l.item_id
     where d.id = any(${deliveryIds}::int[])
     group by d.id, o.customer_id
     order by d.id`.execute(db);
  return rows;
}
