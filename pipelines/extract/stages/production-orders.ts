import { changedAggregateIds } from '../changes.js';
import { columns, micros, type ChangeWindow, type StageSpec } from '../stage-spec.js';
import { parentsAndChildren } from '../scoped-join.js';

/** Every production order command (create, release, issue, start, finish, receive, close) emits on the order. */
const ofChangedOrders = (column: string) => (window: ChangeWindow) => `${column} in (${changedAggregateIds('production_order', window)})`;

export const productionOrdersStage: StageSpec = {
  name: 'stg_production_orders',
  columns: columns({
    id: 'INTEGER', order_no: 'VARCHAR', item_id: 'INTEGER', warehouse_id: 'INTEGER', quantity: 'BIGINT', order_date: 'DATE', due_date: 'DATE',
    bom_revision_id: 'INTEGER', routing_id: 'INTEGER', costing: 'VARCHAR', backflush: 'BOOLEAN', standard_unit_cost: 'BIGINT', status: 'VARCHAR',
    released_date: 'DATE', closed_date: 'DATE', received_qty: 'BIGINT', scrapped_qty: 'BIGINT', issued_value: 'BIGINT', absorbed_value: 'BIGINT',
    received_value: 'BIGINT', variance_value: 'BIGINT', receipts: 'INTEGER', first_receipt_date: 'DATE', last_receipt_date: 'DATE', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.production_orders',
  query: (window) => `
    select o.id, o.order_no, o.item_id, o.warehouse_id, o.quantity, o.order_date, o.due_date, o.bom_revision_id, o.routing_id, o.costing, o.backflush,
           o.standard_unit_cost, o.status, o.released_date, o.closed_date, o.received_qty, o.scrapped_qty, o.issued_value, o.absorbed_value,
           o.received_value, o.variance_value, r.receipts, r.first_receipt_date, r.last_receipt_date, ${micros('o.created_at')} as created_at_us
      from erp.production_orders o
     cross join lateral (select count(*)::int as receipts, min(r.receipt_date) as first_receipt_date, max(r.receipt_date) as last_receipt_date
                           from erp.production_receipts r where r.order_id = o.id) r
     ${window.kind === 'full' ? '' : `where ${ofChangedOrders('o.id')(window)}`}`,
};

/** Shop-floor events (append-only) with the operation they belong to. */
export const productionEventsStage: StageSpec = {
  name: 'stg_production_events',
  columns: columns({
    id: 'BIGINT', order_id: 'INTEGER', operation_id: 'INTEGER', seq: 'INTEGER', work_center_id: 'INTEGER', description: 'VARCHAR', event: 'VARCHAR',
    event_date: 'DATE', employee_id: 'INTEGER', good_qty: 'BIGINT', scrap_qty: 'BIGINT', minutes_hundredths: 'BIGINT', absorbed_value: 'BIGINT',
    journal_entry_id: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.production_events',
  query: (window) => `
    select e.id, e.order_id, e.operation_id, p.seq, p.work_center_id, p.description, e.event, e.event_date, e.employee_id, e.good_qty, e.scrap_qty,
           (e.minutes * 100)::bigint as minutes_hundredths, e.absorbed_value, e.journal_entry_id, ${micros('e.created_at')} as created_at_us
      from ${parentsAndChildren(window, { table: 'erp.production_orders', alias: 'o' }, { table: 'erp.production_events', alias: 'e', key: 'order_id' }, ofChangedOrders('o.id'))}
      join erp.production_order_operations p on p.id = e.operation_id`,
};

/** Work centres: reference data, read whole. */
export const workCentersStage: StageSpec = {
  name: 'stg_work_centers',
  columns: columns({ id: 'INTEGER', code: 'VARCHAR', name: 'VARCHAR', warehouse_id: 'INTEGER' }),
  key: 'id',
  driver: 'erp.work_centers',
  query: () => `select w.id, w.code, w.name, w.warehouse_id from erp.work_centers w`,
};
