import { changedAggregateIds } from '../changes.js';
import { columns, micros, rateE8, type ReadWindow, type StageSpec } from '../stage-spec.js';

const ofPayments = (column: string, aggregateType: string, window: ReadWindow) =>
  window.kind === 'full' ? '' : `where ${column} in (${changedAggregateIds(aggregateType, window)})`;

export const customerPaymentsStage: StageSpec = {
  name: 'stg_customer_payments',
  columns: columns({
    id: 'INTEGER', payment_no: 'VARCHAR', customer_id: 'INTEGER', payment_date: 'DATE', currency: 'VARCHAR', rate_e8: 'BIGINT',
    amount: 'BIGINT', amount_functional: 'BIGINT', unallocated: 'BIGINT', unallocated_functional: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.customer_payments',
  query: (window) => `
    select p.id, p.payment_no, p.customer_id, p.payment_date, p.currency::text as currency, ${rateE8('p.rate')} as rate_e8, p.amount,
           p.amount_functional, p.unallocated, p.unallocated_functional, ${micros('p.created_at')} as created_at_us
      from erp.customer_payments p
     ${ofPayments('p.id', 'customer_payment', window)}`,
};

export const customerAllocationsStage: StageSpec = {
  name: 'stg_customer_allocations',
  columns: columns({
    id: 'INTEGER', payment_id: 'INTEGER', invoice_id: 'INTEGER', invoice_no: 'VARCHAR', due_date: 'DATE', allocation_date: 'DATE',
    amount: 'BIGINT', cleared_functional: 'BIGINT', fx_difference: 'BIGINT',
  }),
  key: 'id',
  driver: 'erp.payment_allocations',
  query: (window) => `
    select a.id, a.payment_id, a.invoice_id, i.invoice_no, i.due_date, a.allocation_date, a.amount, a.cleared_functional, a.fx_difference
      from erp.payment_allocations a join erp.customer_invoices i on i.id = a.invoice_id
     ${ofPayments('a.payment_id', 'customer_payment', window)}`,
};

export const supplierPaymentsStage: StageSpec = {
  name: 'stg_supplier_payments',
  columns: columns({
    id: 'INTEGER', payment_no: 'VARCHAR', supplier_id: 'INTEGER', payment_date: 'DATE', currency: 'VARCHAR', rate_e8: 'BIGINT',
    amount: 'BIGINT', amount_functional: 'BIGINT', unallocated: 'BIGINT', unallocated_functional: 'BIGINT', created_at_us: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.supplier_payments',
  query: (window) => `
    select p.id, p.payment_no, p.supplier_id, p.payment_date, p.currency::text as currency, ${rateE8('p.rate')} as rate_e8, p.amount,
           p.amount_functional, p.unallocated, p.unallocated_functional, ${micros('p.created_at')} as created_at_us
      from scm.supplier_payments p
     ${ofPayments('p.id', 'supplier_payment', window)}`,
};

export const supplierAllocationsStage: StageSpec = {
  name: 'stg_supplier_allocations',
  columns: columns({
    id: 'INTEGER', payment_id: 'INTEGER', bill_id: 'INTEGER', bill_no: 'VARCHAR', due_date: 'DATE', amount: 'BIGINT',
    cleared_functional: 'BIGINT', fx_difference: 'BIGINT',
  }),
  key: 'id',
  driver: 'scm.supplier_payment_allocations',
  query: (window) => `
    select a.id, a.payment_id, a.bill_id, b.bill_no, b.due_date, a.amount, a.cleared_functional, a.fx_difference
      from scm.supplier_payment_allocations a join scm.vendor_bills b on b.id = a.bill_id
     ${ofPayments('a.payment_id', 'supplier_payment', window)}`,
};
