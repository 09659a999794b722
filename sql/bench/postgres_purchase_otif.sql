-- Benchmark (npm run bench -- dashboards): the Overview's supplier on-time-in-full aggregate on
-- the operational tables: purchase order lines promised per month (not cancelled) and of them
-- those received in full by the promised date. $1 first day, $2 last day.
with received as (
  select rl.po_line_id, max(r.receipt_date) as last_receipt
    from scm.goods_receipt_lines rl
    join scm.goods_receipts r on r.id = rl.receipt_id
   group by 1
)
select to_char(o.expected_date, 'YYYY-MM') as month,
       count(*) as lines_due,
       count(*) filter (where l.received_qty = l.quantity and rc.last_receipt <= o.expected_date) as lines_on_time_in_full
  from scm.purchase_orders o
  join scm.purchase_order_lines l on l.po_id = o.id
  left join received rc on rc.po_line_id = l.id
 where o.status <> 'cancelled' and o.expected_date between $1::date and $2::date
 group by 1
 order by 1
