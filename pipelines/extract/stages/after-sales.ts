import { changedAggregateIds } from '../changes.js';
import { columns, micros, type ReadWindow, type StageSpec } from '../stage-spec.js';

/** Rows of the aggregates in the window: all of them in a full run, else those with events. */
const ofAggregates = (column: string, aggregateType: string, window: ReadWindow) =>
  window.kind === 'full' ? '' : `where ${column} in (${changedAggregateIds(aggregateType, window)})`;

/** Service tickets with their status history summarised (every move emits a service_ticket event). */
export const serviceTicketsStage: StageSpec = {
  name: 'stg_service_tickets',
  columns: columns({
    id: 'INTEGER', ticket_no: 'VARCHAR', customer_id: 'INTEGER', ticket_type: 'VARCHAR', priority: 'VARCHAR', item_id: 'INTEGER',
    delivery_id: 'INTEGER', status: 'VARCHAR', technician_id: 'INTEGER', opened_date: 'DATE', response_due: 'DATE', resolution_due: 'DATE',
    responded_date: 'DATE', resolved_date: 'DATE', closed_date: 'DATE', response_breached: 'BOOLEAN', resolution_breached: 'BOOLEAN',
    satisfaction: 'INTEGER', created_at_us: 'BIGINT', first_assigned_date: 'DATE', assignments: 'INTEGER', reopened: 'INTEGER', moves: 'INTEGER',
  }),
  key: 'id',
  driver: 'crm.service_tickets',
  query: (window) => `
    select t.id, t.ticket_no, t.customer_id, t.ticket_type, t.priority, t.item_id, t.delivery_id, t.status, t.technician_id, t.opened_date,
           t.response_due, t.resolution_due, t.responded_date, t.resolved_date, t.closed_date, t.response_breached, t.resolution_breached,
           t.satisfaction::int as satisfaction, ${micros('t.created_at')} as created_at_us, h.first_assigned_date, h.assignments, h.reopened, h.moves
      from crm.service_tickets t
      cross join lateral (
        select min(x.event_date) filter (where x.to_status = 'assigned') as first_assigned_date,
               (count(*) filter (where x.to_status = 'assigned'))::int as assignments,
               (count(*) filter (where x.from_status = 'resolved' and x.to_status = 'in_progress'))::int as reopened,
               (count(*) filter (where x.from_status is not null))::int as moves
          from crm.service_ticket_history x where x.ticket_id = t.id
      ) h
     ${ofAggregates('t.id', 'service_ticket', window)}`,
};

/**
 * The return a credit note was issued for, as a condition on credit note `n` and return `r`:
 * a return's credit notes carry no key of it, but creditReturnedGoods (domain/erp/returns.ts)
 * writes them on the day the goods come back, on an invoice one of its lines bills, with the
 * return number before the first colon of the reason. (Its refunds name it as their source.)
 */
export const creditNoteOfReturn = (n: string, r: string) => `
  ${r}.return_no = split_part(${n}.reason, ':', 1) and ${r}.status = 'completed' and ${r}.received_date = ${n}.credit_date
  and exists (select 1 from crm.return_lines l join erp.customer_invoice_lines il on il.id = l.invoice_line_id
               where l.return_id = ${r}.id and il.invoice_id = ${n}.invoice_id)`;

/** Return lines with their return, what they return (delivery, order and invoice lines) and their inspection. */
export const returnLinesStage: StageSpec = {
  name: 'stg_return_lines',
  columns: columns({
    id: 'INTEGER', return_id: 'INTEGER', line_no: 'INTEGER', delivery_line_id: 'INTEGER', invoice_line_id: 'INTEGER', item_id: 'INTEGER',
    quantity: 'BIGINT', line_reason: 'VARCHAR', return_no: 'VARCHAR', customer_id: 'INTEGER', delivery_id: 'INTEGER', request_date: 'DATE',
    reason: 'VARCHAR', currency: 'VARCHAR', status: 'VARCHAR', received_date: 'DATE', closed_date: 'DATE', approval_request_id: 'INTEGER',
    created_at_us: 'BIGINT', delivery_no: 'VARCHAR', warehouse_id: 'INTEGER', order_id: 'INTEGER', order_no: 'VARCHAR', order_line_id: 'INTEGER',
    invoice_id: 'INTEGER', invoice_no: 'VARCHAR', inspected: 'BOOLEAN', restock_qty: 'BIGINT', scrap_qty: 'BIGINT', restock_cost: 'BIGINT',
    scrap_cost: 'BIGINT', net_amount: 'BIGINT', tax_amount: 'BIGINT', inspected_date: 'DATE',
  }),
  key: 'id',
  driver: 'crm.return_lines',
  query: (window) => `
    select l.id, l.return_id, l.line_no, l.delivery_line_id, l.invoice_line_id, l.item_id, l.quantity, l.reason as line_reason, r.return_no,
           r.customer_id, r.delivery_id, r.request_date, r.reason, r.currency::text as currency, r.status, r.received_date, r.closed_date,
           r.approval_request_id, ${micros('r.created_at')} as created_at_us, d.delivery_no, d.warehouse_id, d.order_id, o.order_no,
           dl.order_line_id, il.invoice_id, v.invoice_no, n.return_line_id is not null as inspected, n.restock_qty, n.scrap_qty,
           n.restock_cost, n.scrap_cost, n.net_amount, n.tax_amount, n.inspected_date
      from crm.return_lines l
      join crm.returns r on r.id = l.return_id
      join erp.deliveries d on d.id = r.delivery_id
      join erp.sales_orders o on o.id = d.order_id
      join erp.delivery_lines dl on dl.id = l.delivery_line_id
      join erp.customer_invoice_lines il on il.id = l.invoice_line_id
      join erp.customer_invoices v on v.id = il.invoice_id
      left join crm.return_inspections n on n.return_line_id = l.id
     ${ofAggregates('l.return_id', 'customer_return', window)}`,
};

/**
 * What a completed return credited: per invoice its lines bill, the credit note that took the
 * goods off the open amount and the refund that paid back what the customer had already paid.
 * `doc_key` (kind:id) keys the rows.
 */
export const returnCreditsStage: StageSpec = {
  name: 'stg_return_credits',
  columns: columns({
    doc_key: 'VARCHAR', kind: 'VARCHAR', doc_id: 'INTEGER', doc_no: 'VARCHAR', return_id: 'INTEGER', invoice_id: 'INTEGER',
    amount: 'BIGINT', amount_functional: 'BIGINT',
  }),
  key: 'doc_key',
  driver: 'crm.returns',
  query: (window) => `
    select 'credit_note:' || n.id as doc_key, 'credit_note' as kind, n.id as doc_id, n.credit_note_no as doc_no, r.id as return_id, n.invoice_id,
           n.gross_amount as amount, n.gross_functional as amount_functional
      from crm.returns r
      cross join lateral (select distinct il.invoice_id from crm.return_lines l join erp.customer_invoice_lines il on il.id = l.invoice_line_id where l.return_id = r.id) v
      join erp.credit_notes n on n.invoice_id = v.invoice_id and ${creditNoteOfReturn('n', 'r')}
     where r.status = 'completed' ${window.kind === 'full' ? '' : `and r.id in (${changedAggregateIds('customer_return', window)})`}
    union all
    select 'refund:' || f.id, 'refund', f.id, f.refund_no, r.id, f.invoice_id, f.amount, f.amount_functional
      from crm.returns r
      cross join lateral (select distinct il.invoice_id from crm.return_lines l join erp.customer_invoice_lines il on il.id = l.invoice_line_id where l.return_id = r.id) v
      join erp.customer_refunds f on f.invoice_id = v.invoice_id and f.source_type = 'customer_return' and f.source_id = r.id::text
     where r.status = 'completed' ${window.kind === 'full' ? '' : `and r.id in (${changedAggregateIds('customer_return', window)})`}`,
};
