import { changedAggregateIds } from '../changes.js';
import { columns, micros, rateE8, type ChangeWindow, type StageSpec } from '../stage-spec.js';

/**
 * Contracts touched in the window: their own events, and those of their instalments' invoices —
 * issued (the instalment is tied to its invoice in the same transaction), credited, or settled
 * by a payment allocation (a customer_payment event).
 */
export function changedContracts(window: ChangeWindow): string {
  return `${changedAggregateIds('contract', window)}
          union
          select i.contract_id from crm.contract_instalments i where i.invoice_id in (${changedAggregateIds('customer_invoice', window)})
          union
          select i.contract_id from erp.payment_allocations a join crm.contract_instalments i on i.invoice_id = a.invoice_id
           where a.payment_id in (${changedAggregateIds('customer_payment', window)})`;
}

/** Contract instalments with their contract, their invoice, and what settled it. */
export const contractInstalmentsStage: StageSpec = {
  name: 'stg_contract_instalments',
  columns: columns({
    id: 'INTEGER', contract_id: 'INTEGER', seq: 'INTEGER', due_date: 'DATE', amount: 'BIGINT', invoice_id: 'INTEGER', invoiced_date: 'DATE',
    contract_no: 'VARCHAR', title: 'VARCHAR', customer_id: 'INTEGER', currency: 'VARCHAR', value: 'BIGINT', value_functional: 'BIGINT',
    signed_date: 'DATE', start_date: 'DATE', end_date: 'DATE', status: 'VARCHAR', status_date: 'DATE', created_at_us: 'BIGINT',
    invoice_no: 'VARCHAR', invoice_date: 'DATE', invoice_due_date: 'DATE', invoice_rate_e8: 'BIGINT', invoice_net: 'BIGINT', invoice_gross: 'BIGINT',
    invoice_gross_functional: 'BIGINT', open_amount: 'BIGINT', paid_amount: 'BIGINT', paid_functional: 'BIGINT', last_payment_date: 'DATE',
    credited_amount: 'BIGINT', last_credit_date: 'DATE',
  }),
  key: 'id',
  driver: 'crm.contract_instalments',
  query: (window) => `
    select i.id, i.contract_id, i.seq, i.due_date, i.amount, i.invoice_id, i.invoiced_date, k.contract_no, k.title, k.customer_id,
           k.currency::text as currency, k.value, k.value_functional, k.signed_date, k.start_date, k.end_date, k.status, k.status_date,
           ${micros('k.created_at')} as created_at_us, v.invoice_no, v.invoice_date, v.due_date as invoice_due_date, ${rateE8('v.rate')} as invoice_rate_e8,
           v.net_amount as invoice_net, v.gross_amount as invoice_gross, v.gross_functional as invoice_gross_functional, v.open_amount,
           p.paid as paid_amount, p.paid_functional, p.last_date as last_payment_date, c.credited as credited_amount, c.last_date as last_credit_date
      from crm.contract_instalments i
      join crm.contracts k on k.id = i.contract_id
      left join erp.customer_invoices v on v.id = i.invoice_id
      left join lateral (
        select sum(a.amount)::bigint as paid, sum(a.cleared_functional)::bigint as paid_functional, max(a.allocation_date) as last_date
          from erp.payment_allocations a where a.invoice_id = i.invoice_id
      ) p on true
      left join lateral (
        select sum(n.gross_amount)::bigint as credited, max(n.credit_date) as last_date from erp.credit_notes n where n.invoice_id = i.invoice_id
      ) c on true
     ${window.kind === 'full' ? '' : `where i.contract_id in (${changedContracts(window)})`}`,
};
