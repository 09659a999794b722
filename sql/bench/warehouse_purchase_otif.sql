-- Benchmark (npm run bench -- dashboards): the same aggregate as postgres_purchase_otif.sql on
-- the warehouse (fact_purchase_line), without the inspection condition the Overview adds.
-- @param period_from date = 2024-01-01  First day.
-- @param period_to date = 2024-12-31  Last day.
select strftime(expected_date, '%Y-%m') as month,
       count(*) as lines_due,
       count(*) filter (where fully_received_date is not null and fully_received_date <= expected_date) as lines_on_time_in_full
  from fact_purchase_line
 where po_status <> 'cancelled' and expected_date between $period_from and $period_to
 group by 1
 order by 1
