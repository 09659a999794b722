-- Per month, item and warehouse: the stock value summed over the month's days (value-days, for
-- average inventory), cost of goods sold and net revenue, minor units of the functional
-- currency, within the days fact_inventory_daily covers inside [from, to]. COGS is deliveries at
-- cost (the stock ledger's delivery moves, by move date) less the cost of goods customers
-- returned (fact_return_line, restocked or scrapped, by the day received): what the cost of goods
-- sold account posts. Net revenue is each sales line's net_revenue_functional in the month of its
-- first invoice (its credits follow it there). Category is the item's current one.
-- @param from date = 1900-01-01  First day to include.
-- @param to date = 9999-12-31  Last day to include.
with w as (
  select greatest($from::date, min(date)) as first_day, least($to::date, max(date)) as last_day from fact_inventory_daily
), stock as (
  select strftime(d.date, '%Y-%m') as month, d.item_id, d.warehouse_id, sum(d.value_functional) as value_days
    from fact_inventory_daily d, w
   where d.date between w.first_day and w.last_day
   group by all
), cogs as (
  select month, item_id, warehouse_id, sum(cost) as cogs
    from (
      select strftime(m.move_date, '%Y-%m') as month, m.item_id, m.warehouse_id, -m.value_functional as cost
        from fact_inventory_movement m, w
       where m.kind = 'delivery' and m.move_date between w.first_day and w.last_day
      union all
      select strftime(r.received_date, '%Y-%m'), r.item_id, r.warehouse_id, -(r.restocked_cost_functional + r.scrapped_cost_functional)
        from fact_return_line r, w
       where r.received_date between w.first_day and w.last_day
    )
   group by all
), revenue as (
  select strftime(s.first_invoice_date, '%Y-%m') as month, s.item_id, s.warehouse_id, sum(s.net_revenue_functional) as net_revenue
    from fact_sales_line s, w
   where s.first_invoice_date between w.first_day and w.last_day
   group by all
), keys as (
  select month, item_id, warehouse_id from stock
  union select month, item_id, warehouse_id from cogs
  union select month, item_id, warehouse_id from revenue
)
select k.month,
       k.item_id,
       k.warehouse_id,
       coalesce(p.category, '?') as category,
       coalesce(s.value_days, 0)::bigint as value_days,
       coalesce(c.cogs, 0)::bigint as cogs,
       coalesce(r.net_revenue, 0)::bigint as net_revenue
  from keys k
  left join stock s using (month, item_id, warehouse_id)
  left join cogs c using (month, item_id, warehouse_id)
  left join revenue r using (month, item_id, warehouse_id)
  left join dim_product p on p.item_id = k.item_id and p.is_current
 order by k.month, k.item_id, k.warehouse_id
