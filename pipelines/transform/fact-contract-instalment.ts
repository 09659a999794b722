import { contractInstalmentsStage } from '../extract/stages/commercial.js';
import type { FactTable } from './table.js';

/**
 * One row per instalment of a contract's payment-collection plan, with its contract, the service
 * invoice that billed it and what settled that invoice. The instalments of a contract sum to its
 * value; their functional amounts are the contract's functional value split in proportion to
 * them, the last taking the remainder, so they sum to it too. Whether an instalment is overdue
 * depends on the day one asks: the fact stores the due and paid dates it follows from rather
 * than a flag that would go stale for instalments no event touches between loads.
 */
export const factContractInstalment: FactTable = {
  kind: 'fact',
  table: 'fact_contract_instalment',
  stages: [contractInstalmentsStage],
  replaceKey: ['contract_id'],
  dimensionKeys: [{ column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' }],
  dateColumns: ['signed_date', 'start_date', 'end_date', 'due_date', 'invoiced_date', 'paid_date'],
  partitionDate: 'due_date',
  sourceRows: 'select count(*) from crm.contract_instalments',
  transform: () => `
    with parts as (
      select i.*, coalesce(mul_div_round(i.value_functional, i.amount, i.value), 0) as part,
             count(*) over (partition by i.contract_id) as instalments,
             row_number() over (partition by i.contract_id order by i.seq desc) = 1 as is_last
        from stg_contract_instalments i
    ), shares as (
      select *, case when is_last then value_functional - (sum(part) over (partition by contract_id) - part) else part end as amount_f,
             case when invoice_id is not null and open_amount = 0 then greatest(last_payment_date, last_credit_date) end as settled
        from parts
    )
    select s.id as instalment_id, s.contract_id, s.contract_no, s.title as contract_title, s.customer_id, s.status as contract_status,
           s.status_date as contract_status_date, s.signed_date, date_key(s.signed_date) as signed_date_key, s.start_date, s.end_date,
           date_diff('day', s.start_date, s.end_date)::integer + 1 as term_days, s.currency, s.value as contract_value,
           s.value_functional as contract_value_functional, s.instalments::integer as instalment_count, s.seq as instalment_no,
           s.due_date, date_key(s.due_date) as due_date_key, s.amount, s.amount_f::bigint as amount_functional,
           s.invoice_id, s.invoice_no, s.invoiced_date, date_key(s.invoiced_date) as invoiced_date_key, s.invoice_due_date,
           rate_decimal(s.invoice_rate_e8) as invoice_rate, s.invoice_net, s.invoice_gross, s.invoice_gross_functional,
           coalesce(s.paid_amount, 0) as paid_amount, coalesce(s.paid_functional, 0) as paid_amount_functional, s.last_payment_date,
           coalesce(s.credited_amount, 0) as credited_amount, s.open_amount, s.settled as paid_date, date_key(s.settled) as paid_date_key,
           date_diff('day', s.due_date, s.settled)::integer as days_paid_after_due,
           make_timestamptz(s.created_at_us) as recorded_at
      from shares s`,
};
