import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/tables.js';
import { DomainError } from '../kernel/errors.js';

/**
 * Lot traceability. Every stock move is broken down by lot (erp.lot_moves, written by
 * applyStockChanges), receipts and production receipts start lots, deliveries and production
 * issues consume them, transfers move them between warehouses under the same number, and a
 * finished lot's genealogy is the component lots issued to its production order. A trace
 * follows that graph backwards to the supplier receipts (with their quality inspection, read from
 * SCM's scm.inspections) and forwards to the customer deliveries. Read-only.
 */

export interface LotSummary {
  lotId: number;
  lotNo: string;
  itemId: number;
  sku: string;
  /** The document kind and id that started the lot: goods_receipt, production_receipt, stock_adjustment, opening, … */
  originType: string;
  originId: string;
  /** That document's number (GR-…, PR-…, ADJ-…), when it has one. */
  originNo: string | null;
  originDate: string;
  quantity: number;
  qualityStatus: string;
}

export interface LotInWarehouse {
  lotId: number;
  lotNo: string;
  itemId: number;
  warehouseId: number;
  onHand: number;
  originDate: string;
}

/** What lots hold in stock (on hand > 0), oldest first; optionally of one item and/or warehouse. */
export async function lotStock(db: Kysely<DB>, filter: { itemId?: number; warehouseId?: number } = {}): Promise<LotInWarehouse[]> {
  const { rows } = await sql<LotInWarehouse>`
    select s.lot_id as "lotId", o.lot_no as "lotNo", s.item_id as "itemId", s.warehouse_id as "warehouseId", s.on_hand as "onHand", o.origin_date as "originDate"
      from erp.lot_stock s join erp.lots o on o.id = s.lot_id
     where s.on_hand > 0
       ${filter.itemId === undefined ? sql`` : sql`and s.item_id = ${filter.itemId}`}
       ${filter.warehouseId === undefined ? sql`` : sql`and s.warehouse_id = ${filter.warehouseId}`}
     order by s.item_id, s.warehouse_id, o.origin_date, s.lot_id`.execute(db);
  return rows;
}

/** A lot by its number, or undefined. */
export async function findLot(db: Kysely<DB>, lotNo: string): Promise<LotSummary | undefined> {
  const { rows } = await sql<LotSummary>`select ${lotColumns} from erp.lots o join erp.items it on it.id = o.item_id where o.lot_no = ${lotNo}`.execute(db);
  return rows[0];
}

/** Where a traced lot came from: a supplier receipt, with its inspection once there is one. */
export interface SupplierReceiptTrace {
  lotNo: string;
  itemId: number;
  sku: string;
  receiptNo: string;
  receiptDate: string;
  poNo: string;
  supplierId: number;
  supplierName: string;
  quantity: number;
  /** The receipt line's quality inspection (SCM), or the lot's own quality marks; null when neither exists yet. */
  inspection: {
    inspectionNo: string | null; date: string | null; status: string; inspectedQty: number | null; acceptedQty: number | null; rejectedQty: number | null;
    defects: { code: string; quantity: number }[];
  } | null;
}

/** Where a traced lot went: a customer delivery. */
export interface CustomerDeliveryTrace {
  lotNo: string;
  itemId: number;
  sku: string;
  deliveryNo: string;
  deliveryDate: string;
  orderNo: string;
  customerId: number;
  customerName: string;
  quantity: number;
}

/** A production order on the path: the component lots it consumed and the lots it made. */
export interface ProductionTrace {
  orderNo: string;
  itemId: number;
  sku: string;
  componentLots: { lotNo: string; quantity: number }[];
  finishedLots: { lotNo: string; quantity: number }[];
}

export interface LotTrace {
  /** The lots the trace started from. */
  lots: LotSummary[];
  backwards: {
    /** The lots themselves and every lot they were made from, with how many steps back. */
    lots: (LotSummary & { depth: number })[];
    productionOrders: ProductionTrace[];
    receipts: SupplierReceiptTrace[];
  };
  forwards: {
    /** The lots themselves and every lot made from them, with how many steps forward. */
    lots: (LotSummary & { depth: number })[];
    productionOrders: ProductionTrace[];
    deliveries: CustomerDeliveryTrace[];
    /** Where those lots still are: on hand per warehouse, and in transit. */
    onHand: { lotNo: string; warehouseId: number; warehouseCode: string; quantity: number }[];
    inTransit: { lotNo: string; transferNo: string; toWarehouseId: number; quantity: number }[];
  };
}

/** Traces a lot backwards to the supplier receipts and forwards to the customer deliveries. */
export async function traceLot(db: Kysely<DB>, lotNo: string): Promise<LotTrace> {
  const { rows } = await sql<{ id: number }>`select id from erp.lots where lot_no = ${lotNo}`.execute(db);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `lot ${lotNo} does not exist`, 'lot');
  return traceLots(db, rows.map((r) => r.id));
}

export interface DocumentTrace extends LotTrace {
  document: { kind: string; number: string };
}

/**
 * Traces every lot a document touched: a goods receipt or purchase order (the lots received), a
 * delivery or sales order (the lots shipped), a production order (its component and finished
 * lots), a production issue or receipt, a transfer, a stock adjustment, or a lot number.
 */
export async function traceDocument(db: Kysely<DB>, documentNo: string): Promise<DocumentTrace> {
  const { rows } = await sql<{ kind: string; lot_id: number }>`
    select 'goods_receipt' as kind, l.lot_id from scm.goods_receipts r join scm.goods_receipt_lines l on l.receipt_id = r.id
     where r.receipt_no = ${documentNo} and l.lot_id is not null
    union all
    select 'purchase_order', l.lot_id from scm.purchase_orders p join scm.goods_receipts r on r.po_id = p.id
      join scm.goods_receipt_lines l on l.receipt_id = r.id where p.po_no = ${documentNo} and l.lot_id is not null
    union all
    select 'delivery', m.lot_id from erp.deliveries d join erp.lot_moves m on m.source_type = 'delivery' and m.source_id = d.id::text
     where d.delivery_no = ${documentNo}
    union all
    select 'sales_order', m.lot_id from erp.sales_orders o join erp.deliveries d on d.order_id = o.id
      join erp.lot_moves m on m.source_type = 'delivery' and m.source_id = d.id::text where o.order_no = ${documentNo}
    union all
    select 'production_order', r.lot_id from erp.production_orders p join erp.production_receipts r on r.order_id = p.id where p.order_no = ${documentNo}
    union all
    select 'production_order', m.lot_id from erp.production_orders p join erp.production_issues i on i.order_id = p.id
      join erp.lot_moves m on m.source_type = 'production_issue' and m.source_id = i.id::text where p.order_no = ${documentNo}
    union all
    select 'production_receipt', r.lot_id from erp.production_receipts r where r.receipt_no = ${documentNo}
    union all
    select 'production_issue', m.lot_id from erp.production_issues i
      join erp.lot_moves m on m.source_type = 'production_issue' and m.source_id = i.id::text where i.issue_no = ${documentNo}
    union all
    select 'transfer', tl.lot_id from erp.transfers t join erp.transfer_lines l on l.transfer_id = t.id
      join erp.transfer_lots tl on tl.transfer_line_id = l.id where t.transfer_no = ${documentNo}
    union all
    select 'stock_adjustment', m.lot_id from erp.stock_adjustments a
      join erp.lot_moves m on m.source_type = 'stock_adjustment' and m.source_id = a.id::text where a.adjustment_no = ${documentNo}
    union all
    select 'lot', id from erp.lots where lot_no = ${documentNo}`.execute(db);
  if (rows.length === 0) throw new DomainError('NOT_FOUND', `no document or lot numbered ${documentNo} has lots to trace`, 'document');
  const trace = await traceLots(db, [...new Set(rows.map((r) => r.lot_id))]);
  return { document: { kind: rows[0]!.kind, number: documentNo }, ...trace };
}

const lotColumns = sql`
  o.id as "lotId", o.lot_no as "lotNo", o.item_id as "itemId", it.sku, o.origin_type as "originType", o.origin_id as "originId",
  case o.origin_type
    when 'goods_receipt' then (select receipt_no from scm.goods_receipts where id::text = o.origin_id)
    when 'production_receipt' then (select receipt_no from erp.production_receipts where id::text = o.origin_id)
    when 'stock_adjustment' then (select adjustment_no from erp.stock_adjustments where id::text = o.origin_id)
  end as "originNo",
  o.origin_date as "originDate", o.quantity, o.quality_status as "qualityStatus"`;

/** The trace of a set of lots, in one statement. */
export async function traceLots(db: Kysely<DB>, lotIds: number[]): Promise<LotTrace> {
  const { rows } = await sql<LotTrace>`
    with recursive
    start as (select unnest(${lotIds}::int[]) as lot_id),
    up(lot_id, depth) as (
      select lot_id, 0 from start
      union
      select g.component_lot_id, u.depth + 1 from up u join erp.lot_genealogy g on g.lot_id = u.lot_id
    ),
    down(lot_id, depth) as (
      select lot_id, 0 from start
      union
      select g.lot_id, d.depth + 1 from down d join erp.lot_genealogy g on g.component_lot_id = d.lot_id
    ),
    up_lots as (select lot_id, min(depth) as depth from up group by 1),
    down_lots as (select lot_id, min(depth) as depth from down group by 1),
    lot_rows as (
      select ${lotColumns} from erp.lots o join erp.items it on it.id = o.item_id
       where o.id in (select lot_id from up_lots union select lot_id from down_lots)
    ),
    orders as (
      -- Production orders that consumed or made a lot on either path, with their lots.
      select p.id, p.order_no, p.item_id, it.sku,
             coalesce((select jsonb_agg(jsonb_build_object('lotNo', c.lot_no, 'quantity', c.q) order by c.lot_no)
                         from (select o.lot_no, -sum(m.quantity) as q from erp.production_issues i
                                 join erp.lot_moves m on m.source_type = 'production_issue' and m.source_id = i.id::text
                                 join erp.lots o on o.id = m.lot_id
                                where i.order_id = p.id group by o.lot_no) c), '[]') as component_lots,
             coalesce((select jsonb_agg(jsonb_build_object('lotNo', f.lot_no, 'quantity', f.q) order by f.lot_no)
                         from (select o.lot_no, sum(r.quantity) as q from erp.production_receipts r join erp.lots o on o.id = r.lot_id
                                where r.order_id = p.id group by o.lot_no) f), '[]') as finished_lots
        from erp.production_orders p join erp.items it on it.id = p.item_id
       where p.id in (select g.order_id from erp.lot_genealogy g
                       where g.lot_id in (select lot_id from up_lots) or g.component_lot_id in (select lot_id from down_lots))
    ),
    receipts as (
      select o.lot_no, o.item_id, it.sku, r.receipt_no, r.receipt_date, p.po_no, s.id as supplier_id, s.legal_name, l.quantity,
             case when i.id is not null then jsonb_build_object(
                    'inspectionNo', i.inspection_no, 'date', i.inspection_date,
                    'status', case when i.rejected_qty = 0 then 'accepted' when i.accepted_qty = 0 then 'rejected' else 'partially_accepted' end,
                    'inspectedQty', i.inspected_qty, 'acceptedQty', i.accepted_qty, 'rejectedQty', i.rejected_qty,
                    'defects', coalesce((select jsonb_agg(jsonb_build_object('code', d.defect_code, 'quantity', d.quantity) order by d.defect_code)
                                           from scm.inspection_defects d where d.inspection_id = i.id), '[]'))
                  when o.inspection_id is not null or o.inspected_qty is not null or o.quality_status <> 'unrestricted' then jsonb_build_object(
                    'inspectionNo', null, 'date', null, 'status', o.quality_status, 'inspectedQty', o.inspected_qty,
                    'acceptedQty', o.accepted_qty, 'rejectedQty', o.rejected_qty, 'defects', '[]'::jsonb)
             end as inspection
        from up_lots u
        join erp.lots o on o.id = u.lot_id and o.origin_type = 'goods_receipt'
        join erp.items it on it.id = o.item_id
        join scm.goods_receipts r on r.id::text = o.origin_id
        join scm.goods_receipt_lines l on l.receipt_id = r.id and l.lot_id = o.id
        join scm.purchase_orders p on p.id = r.po_id
        join scm.suppliers s on s.id = p.supplier_id
        left join scm.inspections i on i.receipt_line_id = l.id
    ),
    deliveries as (
      select o.lot_no, o.item_id, it.sku, d.delivery_no, d.delivery_date, so.order_no, c.id as customer_id, c.name as customer_name, -sum(m.quantity) as quantity
        from down_lots dl
        join erp.lot_moves m on m.lot_id = dl.lot_id and m.source_type = 'delivery'
        join erp.lots o on o.id = m.lot_id
        join erp.items it on it.id = o.item_id
        join erp.deliveries d on d.id::text = m.source_id
        join erp.sales_orders so on so.id = d.order_id
        join crm.customers c on c.id = so.customer_id
       group by o.lot_no, o.item_id, it.sku, d.delivery_no, d.delivery_date, so.order_no, c.id, c.name
    ),
    on_hand as (
      select o.lot_no, s.warehouse_id, w.code, s.on_hand from down_lots dl join erp.lot_stock s on s.lot_id = dl.lot_id and s.on_hand > 0
        join erp.lots o on o.id = s.lot_id join erp.warehouses w on w.id = s.warehouse_id
    ),
    in_transit as (
      select o.lot_no, t.transfer_no, t.to_warehouse_id, tl.quantity - tl.received_qty as quantity
        from down_lots dl join erp.transfer_lots tl on tl.lot_id = dl.lot_id and tl.received_qty < tl.quantity
        join erp.transfer_lines l on l.id = tl.transfer_line_id join erp.transfers t on t.id = l.transfer_id
        join erp.lots o on o.id = tl.lot_id
    )
    select
      coalesce((select jsonb_agg(to_jsonb(r) order by r."lotNo") from lot_rows r where r."lotId" in (select lot_id from start)), '[]') as lots,
      jsonb_build_object(
        'lots', coalesce((select jsonb_agg(to_jsonb(r) || jsonb_build_object('depth', u.depth) order by u.depth, r."lotNo")
                            from lot_rows r join up_lots u on u.lot_id = r."lotId"), '[]'),
        'productionOrders', coalesce((select jsonb_agg(jsonb_build_object('orderNo', p.order_no, 'itemId', p.item_id, 'sku', p.sku,
                                       'componentLots', p.component_lots, 'finishedLots', p.finished_lots) order by p.order_no)
                                        from orders p where exists (select 1 from erp.production_receipts r where r.order_id = p.id and r.lot_id in (select lot_id from up_lots))), '[]'),
        'receipts', coalesce((select jsonb_agg(jsonb_build_object('lotNo', r.lot_no, 'itemId', r.item_id, 'sku', r.sku, 'receiptNo', r.receipt_no,
                               'receiptDate', r.receipt_date, 'poNo', r.po_no, 'supplierId', r.supplier_id, 'supplierName', r.legal_name, 'quantity', r.quantity,
                               'inspection', r.inspection)
                               order by r.receipt_no, r.lot_no) from receipts r), '[]')
      ) as backwards,
      jsonb_build_object(
        'lots', coalesce((select jsonb_agg(to_jsonb(r) || jsonb_build_object('depth', d.depth) order by d.depth, r."lotNo")
                            from lot_rows r join down_lots d on d.lot_id = r."lotId"), '[]'),
        'productionOrders', coalesce((select jsonb_agg(jsonb_build_object('orderNo', p.order_no, 'itemId', p.item_id, 'sku', p.sku,
                                       'componentLots', p.component_lots, 'finishedLots', p.finished_lots) order by p.order_no)
                                        from orders p where exists (select 1 from erp.production_issues i join erp.lot_moves m on m.source_type = 'production_issue' and m.source_id = i.id::text
                                                                    where i.order_id = p.id and m.lot_id in (select lot_id from down_lots))), '[]'),
        'deliveries', coalesce((select jsonb_agg(jsonb_build_object('lotNo', d.lot_no, 'itemId', d.item_id, 'sku', d.sku, 'deliveryNo', d.delivery_no,
                                 'deliveryDate', d.delivery_date, 'orderNo', d.order_no, 'customerId', d.customer_id, 'customerName', d.customer_name,
                                 'quantity', d.quantity) order by d.delivery_no, d.lot_no) from deliveries d), '[]'),
        'onHand', coalesce((select jsonb_agg(jsonb_build_object('lotNo', h.lot_no, 'warehouseId', h.warehouse_id, 'warehouseCode', h.code, 'quantity', h.on_hand)
                             order by h.lot_no, h.warehouse_id) from on_hand h), '[]'),
        'inTransit', coalesce((select jsonb_agg(jsonb_build_object('lotNo', t.lot_no, 'transferNo', t.transfer_no, 'toWarehouseId', t.to_warehouse_id, 'quantity', t.quantity)
                                order by t.transfer_no, t.lot_no) from in_transit t), '[]')
      ) as forwards`.execute(db);
  return rows[0]!;
}
