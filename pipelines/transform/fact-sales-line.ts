import { currenciesStage } from '../extract/stages/reference.js';
import { creditNotesStage, customerRefundsStage, deliveryLinesStage, invoiceLinesStage, salesOrderLinesStage, salesReturnsStage } from '../extract/stages/sales.js';
import { currencyShifts, toFunctionalSql } from './currency.js';
import type { FactTable } from './table.js';

/**
 * One row per sales order line. The books convert an invoice as a whole (its net and its tax,
 * each at the invoice rate), and a credit note credits an invoice as a whole. To make the lines
 * add up to exactly what was posted, each invoice's functional net is split over its lines in
 * proportion to their net, and its tax in proportion to their tax, with the last line taking
 * the remainder (the domain's rounding rule); each credit note is split over its invoice's lines
 * the same way, except that a return's credit note, and its refund, go to the lines whose goods
 * came back (in proportion to the returned value): returned_* is the part of credited_* and
 * refunded_* that returns account for, not more to subtract. A re-extracted order brings all its
 * lines, invoices, credit notes, refunds and returns, so the split is always computed over
 * whole documents.
 */
export const factSalesLine: FactTable = {
  kind: 'fact',
  table: 'fact_sales_line',
  stages: [salesOrderLinesStage, deliveryLinesStage, invoiceLinesStage, creditNotesStage, customerRefundsStage, salesReturnsStage, currenciesStage],
  replaceKey: ['order_id'],
  dimensionKeys: [
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['order_date', 'first_delivery_date', 'last_delivery_date', 'first_invoice_date', 'last_invoice_date'],
  partitionDate: 'order_date',
  sourceRows: 'select count(*) from erp.sales_order_lines',
  transform: ({ functionalCurrency: f }) => `
    with shifts as ${currencyShifts(f)},
    -- The split of each invoice over its lines, with aggregates joined back rather than window
    -- functions: at ten million lines a window must hold whole partitions in memory, while
    -- grouped aggregates and hash joins spill to disk under the run's memory limit.
    invoice_totals as (
      select invoice_id, sum(net_amount) as net_weight, sum(tax_amount) as tax_weight, max(id) as last_id
        from stg_invoice_lines group by invoice_id
    ),
    invoice_parts as (
      select il.*, t.net_weight, t.tax_weight, il.id = t.last_id as is_last,
             ${toFunctionalSql('il.invoice_net', 'il.currency', 'il.rate_e8', 'x.shift', f)} as invoice_net_f,
             ${toFunctionalSql('il.invoice_tax', 'il.currency', 'il.rate_e8', 'x.shift', f)} as invoice_tax_f,
             coalesce(mul_div_round(${toFunctionalSql('il.invoice_net', 'il.currency', 'il.rate_e8', 'x.shift', f)}, il.net_amount, t.net_weight), 0) as net_part,
             coalesce(mul_div_round(${toFunctionalSql('il.invoice_tax', 'il.currency', 'il.rate_e8', 'x.shift', f)}, il.tax_amount, t.tax_weight), 0) as tax_part
        from stg_invoice_lines il join invoice_totals t using (invoice_id) left join shifts x on x.code = il.currency
    ),
    -- The last line of each invoice takes the remainder: the invoice's amount less its other lines' parts.
    invoice_other_parts as (
      select invoice_id, sum(net_part) filter (where not is_last) as other_net, sum(tax_part) filter (where not is_last) as other_tax
        from invoice_parts group by invoice_id
    ),
    invoice_shares as (
      select p.*, case when p.is_last then p.invoice_net_f - coalesce(o.other_net, 0) else p.net_part end as net_f,
                  case when p.is_last then p.invoice_tax_f - coalesce(o.other_tax, 0) else p.tax_part end as tax_f
        from invoice_parts p join invoice_other_parts o using (invoice_id)
    ),
    -- Credit notes and refunds: what they took back, net and tax, in currency and functional
    -- (a refund's revenue side is at the invoice's rate, split like its posting).
    credit_docs as (
      select 'credit_note:' || cn.id as doc, 'credit_note' as kind, cn.invoice_id, cn.return_id, cn.net_amount as doc_net, cn.tax_amount as doc_tax,
             cn.gross_functional - mul_div_round(cn.gross_functional, cn.tax_amount, cn.gross_amount) as doc_net_f,
             mul_div_round(cn.gross_functional, cn.tax_amount, cn.gross_amount) as doc_tax_f
        from stg_credit_notes cn
      union all
      select 'refund:' || f.id, 'refund', f.invoice_id, f.return_id, f.net_amount, f.tax_amount,
             f.credited_functional - mul_div_round(f.credited_functional, f.tax_amount, f.amount), mul_div_round(f.credited_functional, f.tax_amount, f.amount)
        from stg_customer_refunds f
    ),
    returned_weights as (
      select return_id, invoice_line_id, sum(net_amount) as net_w, sum(tax_amount) as tax_w from stg_sales_returns group by all
    ),
    -- A return's document is split over the invoice lines whose goods came back, by their value;
    -- any other over all the invoice's lines, by theirs. (Straight from staging: invoice_shares
    -- referenced twice would be materialised whole, every invoice line of a 10-million-line
    -- load held at once, where only the few credited invoices' lines are needed here.)
    doc_lines as (
      select d.*, s.id as invoice_line_id, s.order_line_id, s.net_amount, s.tax_amount, w.net_w, w.tax_w,
             count(w.invoice_line_id) over (partition by d.doc) > 0 as by_return
        from credit_docs d join stg_invoice_lines s on s.invoice_id = d.invoice_id
        left join returned_weights w on w.return_id = d.return_id and w.invoice_line_id = s.id
    ),
    credit_lines as (
      select *, case when by_return then net_w else net_amount end as nw, case when by_return then tax_w else tax_amount end as tw
        from doc_lines where not by_return or net_w is not null
    ),
    credit_weights as (
      select *, sum(nw) over w as net_weight, sum(tw) over w as tax_weight, row_number() over (w order by invoice_line_id desc) = 1 as is_last
        from credit_lines window w as (partition by doc)
    ),
    credit_parts as (
      select *, coalesce(mul_div_round(doc_net, nw, net_weight), 0) as net_part,
                coalesce(mul_div_round(doc_tax, tw, tax_weight), 0) as tax_part,
                coalesce(mul_div_round(doc_net_f, nw, net_weight), 0) as net_f_part,
                coalesce(mul_div_round(doc_tax_f, tw, tax_weight), 0) as tax_f_part
        from credit_weights
    ),
    credit_shares as (
      select order_line_id, kind, by_return,
             case when is_last then doc_net - (sum(net_part) over w - net_part) else net_part end as net,
             case when is_last then doc_tax - (sum(tax_part) over w - tax_part) else tax_part end as tax,
             case when is_last then doc_net_f - (sum(net_f_part) over w - net_f_part) else net_f_part end as net_f,
             case when is_last then doc_tax_f - (sum(tax_f_part) over w - tax_f_part) else tax_f_part end as tax_f
        from credit_parts window w as (partition by doc)
    ),
    -- What happened to each order line — deliveries, invoice shares, credit and refund shares,
    -- returns — as one stream aggregated once, joined to the lines once: several large hash
    -- joins in one pipeline cannot all spill, and at ten million lines they outgrew the run's
    -- memory; one aggregate and one join do spill.
    events as (
      select order_line_id, cost_amount as d_cost, delivery_date as d_date,
             null::bigint as i_net, null::bigint as i_tax, null::bigint as i_net_f, null::bigint as i_tax_f, null::date as i_date,
             null::varchar as c_kind, null::boolean as c_by_return, null::bigint as c_net, null::bigint as c_tax, null::bigint as c_net_f, null::bigint as c_tax_f,
             null::bigint as r_qty, null::bigint as r_cost
        from stg_delivery_lines
      union all
      select order_line_id, null, null, net_amount, tax_amount, net_f, tax_f, invoice_date, null, null, null, null, null, null, null, null
        from invoice_shares where order_line_id is not null
      union all
      select order_line_id, null, null, null, null, null, null, null, kind, by_return, net, tax, net_f, tax_f, null, null
        from credit_shares where order_line_id is not null
      union all
      select order_line_id, null, null, null, null, null, null, null, null, null, null, null, null, null, quantity, cost_amount
        from stg_sales_returns
    ),
    per_line as (
      select order_line_id,
             sum(d_cost) as d_cost, min(d_date) as d_first, max(d_date) as d_last,
             sum(i_net) as i_net, sum(i_tax) as i_tax, sum(i_net_f) as i_net_f, sum(i_tax_f) as i_tax_f, min(i_date) as i_first, max(i_date) as i_last,
             sum(c_net) filter (where c_kind = 'credit_note') as c_net, sum(c_tax) filter (where c_kind = 'credit_note') as c_tax,
             sum(c_net_f) filter (where c_kind = 'credit_note') as c_net_f, sum(c_tax_f) filter (where c_kind = 'credit_note') as c_tax_f,
             sum(c_net) filter (where c_kind = 'refund') as refunded_net, sum(c_tax) filter (where c_kind = 'refund') as refunded_tax,
             sum(c_net_f) filter (where c_kind = 'refund') as refunded_net_f, sum(c_tax_f) filter (where c_kind = 'refund') as refunded_tax_f,
             sum(c_net) filter (where c_by_return) as returned_net, sum(c_net_f) filter (where c_by_return) as returned_net_f,
             sum(r_qty) as r_qty, sum(r_cost) as r_cost
        from events group by order_line_id
    )
    select l.id as sales_order_line_id, l.order_id, l.order_no, l.line_no, l.order_date, date_key(l.order_date) as order_date_key,
           l.status as order_status, l.customer_id, l.item_id, l.warehouse_id, l.currency, rate_decimal(l.rate_e8) as order_rate,
           l.quantity as ordered_qty, l.unit_price, l.discount_bp, l.tax_bp, l.net_amount as ordered_net,
           mul_div_round(l.net_amount, l.tax_bp, 10000)::bigint as ordered_tax,
           ${toFunctionalSql('l.net_amount', 'l.currency', 'l.rate_e8', 'x.shift', f)}::bigint as ordered_net_functional,
           l.cancelled_qty, l.reserved_qty, l.quantity - l.delivered_qty - l.cancelled_qty as open_qty,
           l.delivered_qty, coalesce(m.d_cost, 0)::bigint as delivered_cost_functional, m.d_first as first_delivery_date, m.d_last as last_delivery_date,
           l.invoiced_qty, coalesce(m.i_net, 0)::bigint as invoiced_net, coalesce(m.i_tax, 0)::bigint as invoiced_tax,
           coalesce(m.i_net_f, 0)::bigint as invoiced_net_functional, coalesce(m.i_tax_f, 0)::bigint as invoiced_tax_functional,
           m.i_first as first_invoice_date, m.i_last as last_invoice_date,
           coalesce(m.c_net, 0)::bigint as credited_net, coalesce(m.c_tax, 0)::bigint as credited_tax,
           coalesce(m.c_net_f, 0)::bigint as credited_net_functional, coalesce(m.c_tax_f, 0)::bigint as credited_tax_functional,
           coalesce(m.refunded_net, 0)::bigint as refunded_net, coalesce(m.refunded_tax, 0)::bigint as refunded_tax,
           coalesce(m.refunded_net_f, 0)::bigint as refunded_net_functional, coalesce(m.refunded_tax_f, 0)::bigint as refunded_tax_functional,
           coalesce(m.r_qty, 0)::bigint as returned_qty, coalesce(m.returned_net, 0)::bigint as returned_net,
           coalesce(m.returned_net_f, 0)::bigint as returned_net_functional, coalesce(m.r_cost, 0)::bigint as returned_cost_functional,
           (coalesce(m.i_net_f, 0) - coalesce(m.c_net_f, 0) - coalesce(m.refunded_net_f, 0))::bigint as net_revenue_functional,
           (coalesce(m.i_net_f, 0) - coalesce(m.c_net_f, 0) - coalesce(m.refunded_net_f, 0) - coalesce(m.d_cost, 0) + coalesce(m.r_cost, 0))::bigint as gross_margin_functional,
           make_timestamptz(l.created_at_us) as recorded_at
      from stg_sales_order_lines l
      left join shifts x on x.code = l.currency
      left join per_line m on m.order_line_id = l.id`,
};
