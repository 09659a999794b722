-- How suppliers keep their promised dates: purchase order lines fully received, the share that
-- arrived on or before the expected date, and the average and worst days late, per supplier
-- (its status when the orders were placed).
-- @param from date = 1900-01-01  First order date to include.
-- @param min_lines integer = 1  Leave out suppliers with fewer fully received lines.
select s.code as supplier,
       s.legal_name,
       s.status,
       count(*) as lines_received,
       round(100.0 * count(*) filter (where f.days_late <= 0) / count(*), 1) as on_time_pct,
       round(avg(f.days_late), 1) as avg_days_late,
       max(f.days_late) as worst_days_late
  from fact_purchase_line f
  join dim_supplier s on s.supplier_key = f.supplier_key
 where f.fully_received_date is not null and f.order_date >= $from
 group by all
having count(*) >= $min_lines
 order by on_time_pct, supplier
