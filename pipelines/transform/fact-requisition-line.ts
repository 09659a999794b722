import { requisitionsStage } from '../extract/stages/procurement.js';
import type { FactTable } from './table.js';

/** One row per purchase requisition (a requisition is one item): asked, decided, ordered. */
export const factRequisitionLine: FactTable = {
  kind: 'fact',
  table: 'fact_requisition_line',
  stages: [requisitionsStage],
  replaceKey: ['requisition_id'],
  dimensionKeys: [{ column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' }],
  dateColumns: ['request_date', 'needed_by_date', 'decided_date', 'order_date'],
  partitionDate: 'request_date',
  sourceRows: 'select count(*) from scm.requisitions',
  transform: () => `
    select r.id as requisition_id, r.requisition_no, r.department_id, r.department_code, r.department_name, r.requester_id, r.item_id,
           r.quantity, r.unit_estimate as unit_estimate_functional, r.amount as estimated_amount_functional,
           r.request_date, date_key(r.request_date) as request_date_key, r.needed_by as needed_by_date, date_key(r.needed_by) as needed_by_date_key,
           r.status, r.decided_date, date_key(r.decided_date) as decided_date_key,
           date_diff('day', r.request_date, r.decided_date)::integer as days_to_decision,
           r.po_id as purchase_order_id, r.po_line_id as purchase_order_line_id, r.po_no, r.order_date, date_key(r.order_date) as order_date_key,
           date_diff('day', r.request_date, r.order_date)::integer as days_request_to_order,
           date_diff('day', r.order_date, r.needed_by)::integer as days_ordered_before_needed,
           make_timestamptz(r.created_at_us) as recorded_at
      from stg_requisitions r`,
};
