import { returnCreditsStage, returnLinesStage } from '../extract/stages/after-sales.js';
import type { FactTable } from './table.js';

/**
 * One row per return (RMA) line. A completed return credits each invoice its lines bill with
 * one credit note (what the invoice still had open) and, for what the customer had already paid,
 * one refund; each is split over the return's lines on that invoice in proportion to their value
 * (net + tax), the last line taking the remainder, so the lines add up to the documents. What
 * neither covers (earlier goodwill credit notes had given it) is uncredited_amount.
 */
export const factReturnLine: FactTable = {
  kind: 'fact',
  table: 'fact_return_line',
  stages: [returnLinesStage, returnCreditsStage],
  replaceKey: ['return_id'],
  dimensionKeys: [
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['request_date', 'received_date', 'closed_date'],
  partitionDate: 'request_date',
  sourceRows: 'select count(*) from crm.return_lines',
  transform: () => `
    with weighted as (
      select c.kind, c.doc_key, c.amount, c.amount_functional, l.id as return_line_id, coalesce(l.net_amount + l.tax_amount, 0) as weight,
             sum(coalesce(l.net_amount + l.tax_amount, 0)) over w as total_weight, row_number() over (w order by l.id desc) = 1 as is_last
        from stg_return_credits c join stg_return_lines l on l.return_id = c.return_id and l.invoice_id = c.invoice_id
      window w as (partition by c.doc_key)
    ), parts as (
      select *, coalesce(mul_div_round(amount, weight, total_weight), 0) as part, coalesce(mul_div_round(amount_functional, weight, total_weight), 0) as part_f
        from weighted
    ), shares as (
      select kind, return_line_id,
             case when is_last then amount - (sum(part) over w - part) else part end as amount,
             case when is_last then amount_functional - (sum(part_f) over w - part_f) else part_f end as amount_f
        from parts window w as (partition by doc_key)
    ), credited as (
      select return_line_id, sum(amount) filter (where kind = 'credit_note') as credited, sum(amount_f) filter (where kind = 'credit_note') as credited_f,
             sum(amount) filter (where kind = 'refund') as refunded, sum(amount_f) filter (where kind = 'refund') as refunded_f
        from shares group by return_line_id
    )
    select l.id as return_line_id, l.return_id, l.return_no, l.line_no, l.status as return_status, l.customer_id, l.item_id, l.warehouse_id,
           l.delivery_id, l.delivery_no, l.delivery_line_id, l.order_id as sales_order_id, l.order_no as sales_order_no,
           l.order_line_id as sales_order_line_id, l.invoice_id, l.invoice_no, l.invoice_line_id, l.reason as return_reason, l.line_reason,
           l.request_date, date_key(l.request_date) as request_date_key, l.received_date, date_key(l.received_date) as received_date_key,
           l.closed_date, l.approval_request_id,
           l.quantity as requested_qty,
           case when l.status in ('approved', 'completed') then l.quantity else 0 end as approved_qty,
           coalesce(l.restock_qty + l.scrap_qty, 0) as received_qty, coalesce(l.restock_qty, 0) as restocked_qty, coalesce(l.scrap_qty, 0) as scrapped_qty,
           case when not l.inspected then null when l.scrap_qty = 0 then 'restock' when l.restock_qty = 0 then 'scrap' else 'mixed' end as disposition,
           coalesce(l.restock_cost, 0) as restocked_cost_functional, coalesce(l.scrap_cost, 0) as scrapped_cost_functional,
           l.currency, coalesce(l.net_amount, 0) as returned_net, coalesce(l.tax_amount, 0) as returned_tax,
           coalesce(c.credited, 0)::bigint as credited_amount, coalesce(c.credited_f, 0)::bigint as credited_amount_functional,
           coalesce(c.refunded, 0)::bigint as refunded_amount, coalesce(c.refunded_f, 0)::bigint as refunded_amount_functional,
           (coalesce(l.net_amount + l.tax_amount, 0) - coalesce(c.credited, 0) - coalesce(c.refunded, 0))::bigint as uncredited_amount,
           make_timestamptz(l.created_at_us) as recorded_at
      from stg_return_lines l left join credited c on c.return_line_id = l.id`,
};
