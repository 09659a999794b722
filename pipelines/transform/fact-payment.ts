import { customerAllocationsStage, customerPaymentsStage, supplierAllocationsStage, supplierPaymentsStage } from '../extract/stages/payments.js';
import type { FactTable } from './table.js';

/**
 * Payments in and out: a row per allocation to an invoice or bill, and a row for what is still
 * unallocated. The part of a payment an allocation takes is worth cleared + exchange difference
 * at the payment's rate (domain/finance/settlement.ts), so the rows of a payment add up to it.
 */
export const factPayment: FactTable = {
  kind: 'fact',
  table: 'fact_payment',
  stages: [customerPaymentsStage, customerAllocationsStage, supplierPaymentsStage, supplierAllocationsStage],
  replaceKey: ['payment_kind', 'payment_id'],
  dimensionKeys: [
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' },
  ],
  dateColumns: ['payment_date', 'allocation_date', 'document_due_date'],
  partitionDate: 'payment_date',
  sourceRows: `select (select count(*) from erp.payment_allocations)
                    + (select count(*) from erp.customer_payments where unallocated > 0 or unallocated_functional <> 0)
                    + (select count(*) from scm.supplier_payment_allocations)
                    + (select count(*) from scm.supplier_payments where unallocated > 0 or unallocated_functional <> 0)`,
  transform: () => `
    select 'customer_receipt' as payment_kind, p.id as payment_id, a.id as allocation_id, p.payment_no, p.payment_date,
           date_key(p.payment_date) as payment_date_key, a.allocation_date, date_key(a.allocation_date) as allocation_date_key,
           p.customer_id, null::integer as supplier_id, p.currency, rate_decimal(p.rate_e8) as payment_rate, a.amount,
           a.cleared_functional + a.fx_difference as amount_functional, a.cleared_functional, a.fx_difference as fx_difference_functional,
           'customer_invoice' as document_type, a.invoice_id as document_id, a.invoice_no as document_no, a.due_date as document_due_date,
           date_diff('day', a.due_date, a.allocation_date)::integer as days_after_due, make_timestamptz(p.created_at_us) as recorded_at
      from stg_customer_payments p join stg_customer_allocations a on a.payment_id = p.id
    union all
    select 'customer_receipt', p.id, null, p.payment_no, p.payment_date, date_key(p.payment_date), null, null, p.customer_id, null,
           p.currency, rate_decimal(p.rate_e8), p.unallocated, p.unallocated_functional, 0, 0, null, null, null, null, null,
           make_timestamptz(p.created_at_us)
      from stg_customer_payments p where p.unallocated > 0 or p.unallocated_functional <> 0
    union all
    select 'supplier_payment', p.id, a.id, p.payment_no, p.payment_date, date_key(p.payment_date), p.payment_date, date_key(p.payment_date),
           null, p.supplier_id, p.currency, rate_decimal(p.rate_e8), a.amount, a.cleared_functional + a.fx_difference, a.cleared_functional,
           a.fx_difference, 'vendor_bill', a.bill_id, a.bill_no, a.due_date, date_diff('day', a.due_date, p.payment_date)::integer,
           make_timestamptz(p.created_at_us)
      from stg_supplier_payments p join stg_supplier_allocations a on a.payment_id = p.id
    union all
    select 'supplier_payment', p.id, null, p.payment_no, p.payment_date, date_key(p.payment_date), null, null, null, p.supplier_id,
           p.currency, rate_decimal(p.rate_e8), p.unallocated, p.unallocated_functional, 0, 0, null, null, null, null, null,
           make_timestamptz(p.created_at_us)
      from stg_supplier_payments p where p.unallocated > 0 or p.unallocated_functional <> 0`,
};
