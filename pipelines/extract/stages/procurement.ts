import { changedAggregateIds } from '../changes.js';
import { columns, micros, type StageSpec } from '../stage-spec.js';

/**
 * Requisitions with the purchase order line that orders them. Ordering one is an event of the
 * purchase order (createPurchaseOrder links it), not of the requisition, so a changes window
 * reads the requisitions changed and those linked to the lines of orders changed.
 */
export const requisitionsStage: StageSpec = {
  name: 'stg_requisitions',
  columns: columns({
    id: 'INTEGER', requisition_no: 'VARCHAR', department_id: 'INTEGER', department_code: 'VARCHAR', department_name: 'VARCHAR',
    requester_id: 'INTEGER', item_id: 'INTEGER', quantity: 'BIGINT', unit_estimate: 'BIGINT', amount: 'BIGINT', request_date: 'DATE',
    needed_by: 'DATE', status: 'VARCHAR', decided_date: 'DATE', po_line_id: 'INTEGER', po_id: 'INTEGER', po_no: 'VARCHAR',
    order_date: 'DATE', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.requisitions',
  // Department codes and names never change (people/payroll/departments.ts only moves a department).
  query: (window) => `
    select r.id, r.requisition_no, r.department_id, d.code as department_code, d.name as department_name, r.requester_id, r.item_id,
           r.quantity, r.unit_estimate, r.amount, r.request_date, r.needed_by, r.status, r.decided_date, r.po_line_id, l.po_id, p.po_no,
           p.order_date, ${micros('r.created_at')} as created_at_us
      from scm.requisitions r join people.departments d on d.id = r.department_id
      left join scm.purchase_order_lines l on l.id = r.po_line_id
      left join scm.purchase_orders p on p.id = l.po_id
     ${window.kind === 'full' ? '' : `where r.id in (
       ${changedAggregateIds('requisition', window)}
       union
       select o.id from scm.requisitions o
        where o.po_line_id is not null
          and o.po_line_id in (select ol.id from scm.purchase_order_lines ol where ol.po_id in (${changedAggregateIds('purchase_order', window)})))`}`,
};

/**
 * Supplier statement lines with their statement and the discrepancy recorded against the line
 * (at most one: the supplier's answer names a line once). Every change to a statement or its
 * lines is an event of the statement.
 */
export const supplierStatementLinesStage: StageSpec = {
  name: 'stg_supplier_statement_lines',
  columns: columns({
    id: 'INTEGER', statement_id: 'INTEGER', statement_no: 'VARCHAR', supplier_id: 'INTEGER', period: 'VARCHAR', period_end: 'DATE',
    currency: 'VARCHAR', statement_status: 'VARCHAR', generated_date: 'DATE', responded_date: 'DATE', reviewer_id: 'INTEGER',
    reviewed_date: 'DATE', approval_request_id: 'INTEGER', closed_date: 'DATE', line_no: 'INTEGER', doc_kind: 'VARCHAR', doc_id: 'INTEGER',
    doc_no: 'VARCHAR', doc_date: 'DATE', amount: 'BIGINT', line_status: 'VARCHAR', supplier_amount: 'BIGINT', released: 'BOOLEAN',
    discrepancy_kind: 'VARCHAR', note: 'VARCHAR', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.supplier_statement_lines',
  query: (window) => `
    select l.id, l.statement_id, t.statement_no, t.supplier_id, t.period, t.period_end, t.currency::text as currency, t.status as statement_status,
           t.generated_date, t.responded_date, t.reviewer_id, t.reviewed_date, t.approval_request_id, t.closed_date, l.line_no, l.doc_kind,
           l.doc_id, l.doc_no, l.doc_date, l.amount, l.status as line_status, l.supplier_amount, l.released, x.kind as discrepancy_kind, l.note,
           ${micros('t.created_at')} as created_at_us
      from scm.supplier_statement_lines l join scm.supplier_statements t on t.id = l.statement_id
      left join scm.supplier_statement_discrepancies x on x.statement_id = l.statement_id and x.line_id = l.id
     ${window.kind === 'full' ? '' : `where l.statement_id in (${changedAggregateIds('supplier_statement', window)})`}`,
};
