import { changedPurchaseOrders } from '../changes.js';
import { columns, micros, type ReadWindow, type StageSpec } from '../stage-spec.js';

/** Rows of the purchase orders in the window: all of them in a full run, else those touched. */
const ofOrders = (column: string, window: ReadWindow) => (window.kind === 'full' ? '' : `where ${column} in (${changedPurchaseOrders(window)})`);

export const purchaseOrderLinesStage: StageSpec = {
  name: 'stg_purchase_order_lines',
  columns: columns({
    id: 'INTEGER', po_id: 'INTEGER', po_no: 'VARCHAR', line_no: 'INTEGER', supplier_id: 'INTEGER', warehouse_id: 'INTEGER',
    order_date: 'DATE', expected_date: 'DATE', currency: 'VARCHAR', status: 'VARCHAR', created_at_us: 'BIGINT', item_id: 'INTEGER',
    quantity: 'BIGINT', unit_price: 'BIGINT', received_qty: 'BIGINT', received_value: 'BIGINT', billed_qty: 'BIGINT', grni_cleared: 'BIGINT',
    list_unit_price: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.purchase_order_lines',
  // The supplier's price list on the order date, in the order's currency (validity periods of a
  // supplier and item never overlap, so at most one price matches).
  query: (window) => `
    select l.id, l.po_id, p.po_no, l.line_no, p.supplier_id, p.warehouse_id, p.order_date, p.expected_date, p.currency::text as currency,
           p.status, ${micros('p.created_at')} as created_at_us, l.item_id, l.quantity, l.unit_price, l.received_qty, l.received_value,
           l.billed_qty, l.grni_cleared, sp.unit_price as list_unit_price
      from scm.purchase_order_lines l join scm.purchase_orders p on p.id = l.po_id
      left join scm.supplier_prices sp on sp.supplier_id = p.supplier_id and sp.item_id = l.item_id and sp.currency = p.currency
            and sp.valid_from <= p.order_date and (sp.valid_to is null or sp.valid_to >= p.order_date)
     ${ofOrders('l.po_id', window)}`,
};

/**
 * Goods receipt lines with their inspection (at most one per line), its defects (the code with
 * the most units, and all of them) and the ASN the receipt received (at most one per receipt).
 */
export const receiptLinesStage: StageSpec = {
  name: 'stg_receipt_lines',
  columns: columns({
    id: 'INTEGER', po_line_id: 'INTEGER', quantity: 'BIGINT', value: 'BIGINT', receipt_date: 'DATE', receipt_id: 'INTEGER', receipt_no: 'VARCHAR',
    po_id: 'INTEGER', po_no: 'VARCHAR', line_no: 'INTEGER', supplier_id: 'INTEGER', item_id: 'INTEGER', warehouse_id: 'INTEGER',
    lot_id: 'INTEGER', lot_no: 'VARCHAR', created_at_us: 'BIGINT', inspection_id: 'INTEGER', inspection_no: 'VARCHAR', inspection_date: 'DATE',
    sampled_qty: 'BIGINT', inspected_qty: 'BIGINT', accepted_qty: 'BIGINT', rejected_qty: 'BIGINT', defect_code: 'VARCHAR',
    defect_codes: 'VARCHAR', defect_qty: 'BIGINT', asn_id: 'INTEGER', asn_no: 'VARCHAR', asn_ship_date: 'DATE', asn_expected_date: 'DATE',
  }),
  key: 'id',
  driver: 'scm.goods_receipt_lines',
  query: (window) => `
    select rl.id, rl.po_line_id, rl.quantity, rl.value, r.receipt_date, r.id as receipt_id, r.receipt_no, r.po_id, p.po_no, pl.line_no,
           p.supplier_id, rl.item_id, r.warehouse_id, rl.lot_id, lo.lot_no, ${micros('r.created_at')} as created_at_us,
           i.id as inspection_id, i.inspection_no, i.inspection_date, i.sampled_qty, i.inspected_qty, i.accepted_qty, i.rejected_qty,
           d.defect_code, d.defect_codes, d.defect_qty, a.id as asn_id, a.asn_no, a.ship_date as asn_ship_date, a.expected_date as asn_expected_date
      from scm.goods_receipt_lines rl join scm.goods_receipts r on r.id = rl.receipt_id
      join scm.purchase_orders p on p.id = r.po_id
      join scm.purchase_order_lines pl on pl.id = rl.po_line_id
      left join erp.lots lo on lo.id = rl.lot_id
      left join scm.inspections i on i.receipt_line_id = rl.id
      left join lateral (
        select (array_agg(x.defect_code order by x.quantity desc, x.defect_code))[1] as defect_code,
               string_agg(x.defect_code, ',' order by x.defect_code) as defect_codes, sum(x.quantity)::bigint as defect_qty
          from scm.inspection_defects x where x.inspection_id = i.id
      ) d on true
      left join scm.asns a on a.po_id = r.po_id and a.receipt_id = r.id
     ${ofOrders('r.po_id', window)}`,
};

export const billLinesStage: StageSpec = {
  name: 'stg_bill_lines',
  columns: columns({ id: 'INTEGER', po_line_id: 'INTEGER', quantity: 'BIGINT', amount: 'BIGINT', grni_value: 'BIGINT', variance: 'BIGINT', bill_date: 'DATE' }),
  key: 'id',
  driver: 'scm.vendor_bill_lines',
  query: (window) => `
    select bl.id, bl.po_line_id, bl.quantity, bl.amount, bl.grni_value, bl.variance, b.bill_date
      from scm.vendor_bill_lines bl join scm.vendor_bills b on b.id = bl.bill_id
     ${window.kind === 'full' ? '' : `where bl.po_line_id in (select l.id from scm.purchase_order_lines l where l.po_id in (${changedPurchaseOrders(window)}))`}`,
};

/** Advance shipping notices with their line count and quantity, and the receipt that received them. */
export const asnsStage: StageSpec = {
  name: 'stg_asns',
  columns: columns({
    id: 'INTEGER', asn_no: 'VARCHAR', po_id: 'INTEGER', po_no: 'VARCHAR', supplier_id: 'INTEGER', supplier_ref: 'VARCHAR', status: 'VARCHAR',
    ship_date: 'DATE', expected_date: 'DATE', received_date: 'DATE', receipt_id: 'INTEGER', receipt_no: 'VARCHAR', lines: 'INTEGER',
    quantity: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.asns',
  query: (window) => `
    select a.id, a.asn_no, a.po_id, p.po_no, a.supplier_id, a.supplier_ref, a.status, a.ship_date, a.expected_date, a.received_date, a.receipt_id,
           g.receipt_no, n.lines, n.quantity, ${micros('a.created_at')} as created_at_us
      from scm.asns a join scm.purchase_orders p on p.id = a.po_id
      left join scm.goods_receipts g on g.id = a.receipt_id
      cross join lateral (select count(*)::int as lines, coalesce(sum(x.quantity), 0)::bigint as quantity from scm.asn_lines x where x.asn_id = a.id) n
     ${ofOrders('a.po_id', window)}`,
};
