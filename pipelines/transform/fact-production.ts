import { productionEventsStage, productionOrdersStage, workCentersStage } from '../extract/stages/production-orders.js';
import type { FactTable } from './table.js';

/** Shop-floor events: an operator starting or finishing (part of) an operation of a production order. */
export const factProductionOperation: FactTable = {
  kind: 'fact',
  table: 'fact_production_operation',
  stages: [productionEventsStage, productionOrdersStage, workCentersStage],
  replaceKey: ['production_order_id'],
  dimensionKeys: [{ column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' }],
  dateColumns: ['event_date'],
  partitionDate: 'event_date',
  sourceRows: 'select count(*) from erp.production_events',
  transform: () => `
    select e.id as production_event_id, e.order_id as production_order_id, o.order_no, o.item_id, o.warehouse_id, o.costing as costing_method,
           e.operation_id, e.seq as operation_seq, e.description as operation_description, e.work_center_id, w.code as work_center_code,
           e.event, e.employee_id as operator_employee_id, e.event_date, date_key(e.event_date) as event_date_key, e.good_qty, e.scrap_qty,
           (e.minutes_hundredths::decimal(18, 0) * 0.01::decimal(3, 2))::decimal(12, 2) as minutes, e.absorbed_value as absorbed_value_functional,
           e.journal_entry_id, make_timestamptz(e.created_at_us) as recorded_at
      from stg_production_events e
      join stg_production_orders o on o.id = e.order_id
      left join stg_work_centers w on w.id = e.work_center_id`,
};

/** Production orders, one row each: quantities, the values through work in progress, dates and lateness. */
export const factProductionOrder: FactTable = {
  kind: 'fact',
  table: 'fact_production_order',
  stages: [productionOrdersStage],
  replaceKey: ['production_order_id'],
  dimensionKeys: [{ column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' }],
  dateColumns: ['order_date', 'due_date', 'released_date', 'closed_date', 'first_receipt_date', 'last_receipt_date'],
  partitionDate: 'order_date',
  sourceRows: 'select count(*) from erp.production_orders',
  transform: () => `
    select o.id as production_order_id, o.order_no, o.item_id, o.warehouse_id, o.status, o.costing as costing_method, o.backflush,
           o.bom_revision_id, o.routing_id, o.order_date, date_key(o.order_date) as order_date_key, o.due_date, date_key(o.due_date) as due_date_key,
           o.released_date, o.closed_date, date_key(o.closed_date) as closed_date_key, o.quantity as planned_qty, o.received_qty, o.scrapped_qty,
           greatest(o.quantity - o.received_qty - o.scrapped_qty, 0) as open_qty, o.standard_unit_cost as standard_unit_cost_functional,
           o.issued_value as issued_value_functional, o.absorbed_value as absorbed_value_functional, o.received_value as received_value_functional,
           o.variance_value as variance_value_functional,
           o.issued_value + o.absorbed_value - o.received_value - o.variance_value as wip_value_functional,
           o.receipts, o.first_receipt_date, o.last_receipt_date,
           case when o.status = 'closed' then date_diff('day', o.due_date, coalesce(o.last_receipt_date, o.closed_date)) end::integer as days_late,
           make_timestamptz(o.created_at_us) as recorded_at
      from stg_production_orders o`,
};
