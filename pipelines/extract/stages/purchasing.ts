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
  }),
  key: 'id',
  driver: 'scm.purchase_order_lines',
  query: (window) => `
    select l.id, l.po_id, p.po_no, l.line_no, p.supplier_id, p.warehouse_id, p.order_date, p.expected_date, p.currency::text as currency,
           p.status, ${micros('p.created_at')} as created_at_us, l.item_id, l.quantity, l.unit_price, l.received_qty, l.received_value,
           l.billed_qty, l.grni_cleared
      from scm.purchase_order_lines l join scm.purchase_orders p on p.id = l.po_id
     ${ofOrders('l.po_id', window)}`,
};

export const receiptLinesStage: StageSpec = {
  name: 'stg_receipt_lines',
  columns: columns({ id: 'INTEGER', po_line_id: 'INTEGER', quantity: 'BIGINT', value: 'BIGINT', receipt_date: 'DATE' }),
  key: 'id',
  driver: 'scm.goods_receipt_lines',
  query: (window) => `
    select rl.id, rl.po_line_id, rl.quantity, rl.value, r.receipt_date
      from scm.goods_receipt_lines rl join scm.goods_receipts r on r.id = rl.receipt_id
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
