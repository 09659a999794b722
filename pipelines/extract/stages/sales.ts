import { changedSalesOrders } from '../changes.js';
import { columns, micros, rateE8, type ReadWindow, type StageSpec } from '../stage-spec.js';
import { parentsAndChildren } from '../scoped-join.js';
import { creditNoteOfReturn } from './after-sales.js';

/** Rows of the sales orders in the window: all of them in a full run, else those touched. */
const ofOrders = (column: string, window: ReadWindow) => (window.kind === 'full' ? '' : `where ${column} in (${changedSalesOrders(window)})`);

export const salesOrderLinesStage: StageSpec = {
  name: 'stg_sales_order_lines',
  columns: columns({
    id: 'INTEGER', order_id: 'INTEGER', order_no: 'VARCHAR', line_no: 'INTEGER', customer_id: 'INTEGER', warehouse_id: 'INTEGER',
    order_date: 'DATE', status: 'VARCHAR', currency: 'VARCHAR', rate_e8: 'BIGINT', created_at_us: 'BIGINT', item_id: 'INTEGER',
    quantity: 'BIGINT', unit_price: 'BIGINT', discount_bp: 'INTEGER', net_amount: 'BIGINT', tax_bp: 'INTEGER',
    reserved_qty: 'BIGINT', delivered_qty: 'BIGINT', invoiced_qty: 'BIGINT', cancelled_qty: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.sales_order_lines',
  query: (window) => `
    select l.id, l.order_id, o.order_no, l.line_no, o.customer_id, o.warehouse_id, o.order_date, o.status, o.currency::text as currency,
           ${rateE8('o.rate')} as rate_e8, ${micros('o.created_at')} as created_at_us, l.item_id, l.quantity, l.unit_price, l.discount_bp,
           l.net_amount, l.tax_bp, l.reserved_qty, l.delivered_qty, l.invoiced_qty, l.cancelled_qty
      from ${parentsAndChildren(window, { table: 'erp.sales_orders', alias: 'o' }, { table: 'erp.sales_order_lines', alias: 'l', key: 'order_id' }, (w) => `o.id in (${changedSalesOrders(w)})`)}`,
};

export const deliveryLinesStage: StageSpec = {
  name: 'stg_delivery_lines',
  columns: columns({ id: 'INTEGER', order_line_id: 'INTEGER', quantity: 'BIGINT', cost_amount: 'BIGINT', delivery_date: 'DATE' }),
  key: 'id',
  driver: 'erp.delivery_lines',
  query: (window) => `
    select dl.id, dl.order_line_id, dl.quantity, dl.cost_amount, d.delivery_date
      from erp.delivery_lines dl join erp.deliveries d on d.id = dl.delivery_id
     ${ofOrders('d.order_id', window)}`,
};

export const invoiceLinesStage: StageSpec = {
  name: 'stg_invoice_lines',
  columns: columns({
    id: 'INTEGER', invoice_id: 'INTEGER', order_line_id: 'INTEGER', quantity: 'BIGINT', net_amount: 'BIGINT', tax_amount: 'BIGINT',
    invoice_date: 'DATE', currency: 'VARCHAR', rate_e8: 'BIGINT', invoice_net: 'BIGINT', invoice_tax: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.customer_invoice_lines',
  query: (window) => `
    select il.id, il.invoice_id, il.order_line_id, il.quantity, il.net_amount, il.tax_amount, i.invoice_date, i.currency::text as currency,
           ${rateE8('i.rate')} as rate_e8, i.net_amount as invoice_net, i.tax_amount as invoice_tax
      from ${parentsAndChildren(window, { table: 'erp.customer_invoices', alias: 'i' }, { table: 'erp.customer_invoice_lines', alias: 'il', key: 'invoice_id' }, (w) => `i.order_id in (${changedSalesOrders(w)})`)}`,
};

/** Credit notes of the orders' invoices, each with the return it credited (null for any other). */
export const creditNotesStage: StageSpec = {
  name: 'stg_credit_notes',
  columns: columns({
    id: 'INTEGER', invoice_id: 'INTEGER', credit_date: 'DATE', net_amount: 'BIGINT', tax_amount: 'BIGINT', gross_amount: 'BIGINT', gross_functional: 'BIGINT',
    return_id: 'INTEGER',
  }),
  key: 'id',
  driver: 'erp.credit_notes',
  query: (window) => `
    select cn.id, cn.invoice_id, cn.credit_date, cn.net_amount, cn.tax_amount, cn.gross_amount, cn.gross_functional,
           (select r.id from crm.returns r where ${creditNoteOfReturn('cn', 'r')}) as return_id
      from erp.credit_notes cn join erp.customer_invoices i on i.id = cn.invoice_id
     ${ofOrders('i.order_id', window)}`,
};

/** Refunds of the orders' invoices (money paid back for returned goods), each with its return. */
export const customerRefundsStage: StageSpec = {
  name: 'stg_customer_refunds',
  columns: columns({
    id: 'INTEGER', invoice_id: 'INTEGER', refund_date: 'DATE', net_amount: 'BIGINT', tax_amount: 'BIGINT', amount: 'BIGINT',
    credited_functional: 'BIGINT', return_id: 'INTEGER',
  }),
  key: 'id',
  driver: 'erp.customer_refunds',
  query: (window) => `
    select f.id, f.invoice_id, f.refund_date, f.net_amount, f.tax_amount, f.amount, f.credited_functional,
           case when f.source_type = 'customer_return' and f.source_id ~ '^[0-9]{1,9}$' then f.source_id::int end as return_id
      from erp.customer_refunds f join erp.customer_invoices i on i.id = f.invoice_id
     ${ofOrders('i.order_id', window)}`,
};

/** Received (inspected) return lines of the orders' deliveries: what came back to each order line. */
export const salesReturnsStage: StageSpec = {
  name: 'stg_sales_returns',
  columns: columns({
    id: 'INTEGER', return_id: 'INTEGER', order_line_id: 'INTEGER', invoice_line_id: 'INTEGER', quantity: 'BIGINT', net_amount: 'BIGINT',
    tax_amount: 'BIGINT', cost_amount: 'BIGINT',
  }),
  key: 'id',
  driver: 'crm.return_lines',
  query: (window) => `
    select l.id, l.return_id, dl.order_line_id, l.invoice_line_id, n.restock_qty + n.scrap_qty as quantity, n.net_amount, n.tax_amount,
           n.restock_cost + n.scrap_cost as cost_amount
      from crm.returns r
      join crm.return_lines l on l.return_id = r.id
      join crm.return_inspections n on n.return_line_id = l.id
      join erp.delivery_lines dl on dl.id = l.delivery_line_id
     ${window.kind === 'full' ? '' : `where r.delivery_id in (select d.id from erp.deliveries d where d.order_id in (${changedSalesOrders(window)}))`}`,
};
