-- How long making each item takes, from the production orders that finished through a day:
-- days from order to the last receipt of its output, mean and standard deviation per item.
-- @param as_of date = 9999-12-31  Last day to look at.
select item_id, count(*) as orders,
       avg(date_diff('day', order_date, last_receipt_date)) as mean_days,
       coalesce(stddev_samp(date_diff('day', order_date, last_receipt_date)), 0) as sd_days
  from fact_production_order
 where last_receipt_date is not null and last_receipt_date <= $as_of and received_qty > 0
 group by item_id
 order by item_id
