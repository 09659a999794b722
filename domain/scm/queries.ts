import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';

/** Read-only views of purchasing documents. */

export interface OpenPurchaseOrder {
  id: number;
  poNo: string;
  supplierId: number;
  warehouseId: number;
  orderDate: string;
  expectedDate: string;
  outstanding: number;
}

export async function openPurchaseOrders(db: Kysely<DB>): Promise<OpenPurchaseOrder[]> {
  const { rows } = await sql<OpenPurchaseOrder>`
    select p.id, p.po_no as "poNo", p.supplier_id as "supplierId", p.warehouse_id as "warehouseId", p.order_date as "orderDate",
           p.expected_date as "expectedDate", sum(l.quantity - l.received_qty)::bigint as outstanding
      from scm.purchase_orders p join scm.purchase_order_lines l on l.po_id = p.id
     where p.status = 'open' group by p.id order by p.id`.execute(db);
  return rows;
}

/** Quantity ordered from suppliers and not yet received, per item and warehouse. */
export async function onOrder(db: Kysely<DB>): Promise<{ itemId: number; warehouseId: number; quantity: number }[]> {
  const { rows } = await sql<{ itemId: number; warehouseId: number; quantity: number }>`
    select l.item_id as "itemId", p.warehouse_id as "warehouseId", sum(l.quantity - l.received_qty)::bigint as quantity
      from scm.purchase_orders p join scm.purchase_order_lines l on l.po_id = p.id
     where p.status = 'open' and l.quantity > l.received_qty group by 1, 2`.execute(db);
  return rows;
}

/** Purchase orders with received quantities not yet billed, with the last receipt date. */
export async function receivedNotBilled(db: Kysely<DB>): Promise<{ id: number; poNo: string; lastReceipt: string }[]> {
  const { rows } = await sql<{ id: number; poNo: string; lastReceipt: string }>`
    select p.id, p.po_no as "poNo", (select max(receipt_date) from scm.goods_receipts r where r.po_id = p.id) as "lastReceipt"
      from scm.purchase_orders p
     where exists (select 1 from scm.purchase_order_lines l where l.po_id = p.id and l.received_qty - l.returned_qty > l.billed_qty)
     order by p.id`.execute(db);
  return rows;
}

export async function openBills(db: Kysely<DB>): Promise<{ id: number; supplierId: number; dueDate: string; openAmount: number }[]> {
  const { rows } = await sql<{ id: number; supplierId: number; dueDate: string; openAmount: number }>`
    select id, supplier_id as "supplierId", due_date as "dueDate", open_amount as "openAmount"
      from scm.vendor_bills where open_amount > 0 order by due_date, id`.execute(db);
  return rows;
}

export async function listSuppliers(db: Kysely<DB>) {
  return db.selectFrom('scm.suppliers').select(['id', 'code', 'legal_name', 'status', 'currency']).orderBy('id').execute();
}
