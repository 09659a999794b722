import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { DocumentBase, ItemRef, RelatedDocument } from '../../kernel/documents.js';
import { functionalCurrency } from '../../core/currency.js';
import { postingsOf } from '../../finance/references.js';

export interface ProductionComponentLine {
  lineNo: number;
  item: ItemRef;
  quantityPer: number;
  scrapBp: number;
  planned: number;
  issued: number;
  /** Functional minor units. */
  issuedValue: number;
}

export interface ProductionOperationLine {
  seq: number;
  workCenter: { code: string; name: string };
  description: string;
  /** Standard minutes, decimal strings as routings keep them ("12.50"). */
  setupMinutes: string;
  runMinutes: string;
  ratePerHour: number;
  good: number;
  scrap: number;
  absorbedValue: number;
}

/**
 * A production order read by number: what it makes, its components (the lines), its operations,
 * and the material issues, finished-goods receipts, lots and journal entries behind it. Values
 * are functional minor units; `wip` is what is still in work in progress (issued and absorbed,
 * less received and the variance at close).
 */
export interface ProductionOrderDocument extends DocumentBase<'production-order'> {
  item: ItemRef;
  warehouse: { code: string; name: string };
  quantity: number;
  dueDate: string;
  releasedDate: string | null;
  closedDate: string | null;
  costing: 'standard' | 'actual';
  backflush: boolean;
  standardUnitCost: number;
  received: number;
  scrapped: number;
  lines: ProductionComponentLine[];
  operations: ProductionOperationLine[];
  totals: { issuedValue: number; absorbedValue: number; receivedValue: number; varianceValue: number; wip: number };
}

export async function productionOrderDocument(db: Kysely<DB>, orderNo: string): Promise<ProductionOrderDocument | null> {
  const { rows } = await sql<{
    id: number; order_no: string; order_date: string; due_date: string; status: string; released_date: string | null; closed_date: string | null;
    costing: 'standard' | 'actual'; backflush: boolean; standard_unit_cost: number; quantity: number; received_qty: number; scrapped_qty: number;
    issued_value: number; absorbed_value: number; received_value: number; variance_value: number;
    item: ItemRef; warehouse: { code: string; name: string }; lines: ProductionComponentLine[]; operations: ProductionOperationLine[];
  }>`
    select o.id, o.order_no, o.order_date, o.due_date, o.status, o.released_date, o.closed_date, o.costing, o.backflush, o.standard_unit_cost,
           o.quantity, o.received_qty, o.scrapped_qty, o.issued_value, o.absorbed_value, o.received_value, o.variance_value,
           jsonb_build_object('sku', i.sku, 'name', i.name, 'unit', i.unit) as item,
           jsonb_build_object('code', w.code, 'name', w.name) as warehouse,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'lineNo', c.line_no, 'item', jsonb_build_object('sku', ci.sku, 'name', ci.name, 'unit', ci.unit), 'quantityPer', c.quantity_per,
                       'scrapBp', c.scrap_bp, 'planned', c.planned_qty, 'issued', c.issued_qty, 'issuedValue', c.issued_value) order by c.line_no)
                       from erp.production_order_components c join erp.items ci on ci.id = c.item_id where c.order_id = o.id), '[]') as lines,
           coalesce((select jsonb_agg(jsonb_build_object(
                       'seq', p.seq, 'workCenter', jsonb_build_object('code', wc.code, 'name', wc.name), 'description', p.description,
                       'setupMinutes', p.setup_minutes::text, 'runMinutes', p.run_minutes::text, 'ratePerHour', p.rate_per_hour,
                       'good', p.good_qty, 'scrap', p.scrap_qty, 'absorbedValue', p.absorbed_value) order by p.seq)
                       from erp.production_order_operations p join erp.work_centers wc on wc.id = p.work_center_id where p.order_id = o.id), '[]') as operations
      from erp.production_orders o join erp.items i on i.id = o.item_id join erp.warehouses w on w.id = o.warehouse_id
     where o.order_no = ${orderNo}`.execute(db);
  const o = rows[0];
  if (!o) return null;
  const currency = await functionalCurrency(db);
  const own = await sql<RelatedDocument & { id: number }>`
    select 'material issue' as relation, 'production-issue' as kind, x.issue_no as number, x.issue_date as date, x.mode as status, x.value as amount,
           ${currency}::text as currency, x.id
      from erp.production_issues x where x.order_id = ${o.id}
    union all
    select 'finished goods receipt', 'production-receipt', r.receipt_no, r.receipt_date, null, r.value, ${currency}::text, r.id
      from erp.production_receipts r where r.order_id = ${o.id}
    union all
    select 'lot made', 'lot', l.lot_no, l.origin_date, l.quality_status, null, null, l.id
      from erp.production_receipts r join erp.lots l on l.id = r.lot_id where r.order_id = ${o.id}
    order by 4, 3`.execute(db);
  const ids = (kind: string) => own.rows.filter((r) => r.kind === kind).map((r) => r.id);
  const postings = await postingsOf(db, [
    { sourceType: 'production_order', sourceIds: [o.id] },
    { sourceType: 'production_issue', sourceIds: ids('production-issue') },
    { sourceType: 'production_receipt', sourceIds: ids('production-receipt') },
  ]);
  return {
    kind: 'production-order',
    number: o.order_no,
    date: o.order_date,
    status: o.status,
    counterparty: null,
    currency,
    item: o.item,
    warehouse: o.warehouse,
    quantity: o.quantity,
    dueDate: o.due_date,
    releasedDate: o.released_date,
    closedDate: o.closed_date,
    costing: o.costing,
    backflush: o.backflush,
    standardUnitCost: o.standard_unit_cost,
    received: o.received_qty,
    scrapped: o.scrapped_qty,
    lines: o.lines,
    operations: o.operations,
    totals: {
      issuedValue: o.issued_value,
      absorbedValue: o.absorbed_value,
      receivedValue: o.received_value,
      varianceValue: o.variance_value,
      wip: o.issued_value + o.absorbed_value - o.received_value - o.variance_value,
    },
    related: [...own.rows.map(({ id: _id, ...r }) => r), ...postings],
  };
}
