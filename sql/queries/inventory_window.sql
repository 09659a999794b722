-- The days the inventory analyses cover: the first and last day of fact_inventory_daily inside
-- [from, to] (its rows run from each item's first stock move to the last day any stock moved).
-- Both are null when the warehouse has no stock day in that range.
-- @param from date = 1900-01-01  First day to include.
-- @param to date = 9999-12-31  Last day to include.
select min(date)::varchar as first_day, max(date)::varchar as last_day
  from fact_inventory_daily
 where date between $from and $to
