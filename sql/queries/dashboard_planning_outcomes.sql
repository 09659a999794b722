-- How planners received the forecast's suggestions, and how those suggestions compared with what
-- happened: per month of decision (decided_on) and kind, from fact_planning_decision. Every month
-- of the period and every kind has a row, zeros included.
--   decided, accepted, modified, rejected
--                           planner decisions (decided = accepted + modified + rejected);
--   expired                 suggestions nobody decided (not in the rate);
--   acceptance_rate         (accepted + modified) ÷ decided; null when none was decided. For a
--                           period, sum the parts: a ratio of sums, not a mean of monthly rates;
--   value_at_stake_decided, value_at_stake_accepted
--                           value at stake of the suggestions decided, and of those accepted
--                           (with or without changes), minor units of the functional currency;
--   measured, measured_accepted, measured_rejected
--                           decided suggestions with an outcome measured (their weeks have
--                           passed in the data), all, accepted (with or without changes), rejected.
-- The outcome comparison, over the measured ones (the latest measurement of each); null for a
-- kind it does not apply to:
--   forecast_qty, actual_qty  replenishment, production: demand the forecast expected over the
--                           four weeks stock was to run short, and what customers ordered of the
--                           item from the warehouse in the four weeks from the needed-by date;
--   stockout_days           replenishment, production: days in those windows ending with no stock;
--   in_stock_accepted, stockout_accepted, in_stock_rejected, stockout_rejected
--                           replenishment, production: suggestions whose window had no stock-out
--                           day (avoided) or had one (occurred), accepted and rejected alike;
--   ordered_again_accepted, ordered_again_rejected, reorder_value
--                           re_engagement: customers who ordered within 30 days after the
--                           follow-up was due, when it was accepted and when rejected, and the
--                           net value of those orders (minor units);
--   budget_proposed, budget_actual
--                           budget: the quarters' proposed totals and their actuals on the same
--                           accounts and cost centres (minor units), once the quarter has ended.
-- The global filters narrow each kind where it has the dimension: replenishment and production
-- by the warehouse's region, the warehouse and the item's category (the version in force at the
-- decision), replenishment also by its supplier (as accepted); re-engagement by the customer's
-- region. A category, warehouse or supplier filter leaves a kind without that dimension whole
-- (re-engagement under a category, say); a region keeps only that region's suggestions, so
-- budget ones, which belong to no region, drop out (a reader limited to a region sees no other's).
-- @param period_from date = 2024-01-01  First decision day to include.
-- @param period_to date = 2024-12-31  Last decision day to include.
-- @param region text = all  Region code, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param supplier text = all  Supplier code, or all.
with months as (
  select unnest(generate_series(date_trunc('month', $period_from::date), date_trunc('month', $period_to::date), interval 1 month))::date as month
), kinds as (
  select * from (values ('replenishment', 1), ('production', 2), ('re_engagement', 3), ('budget', 4)) as k(kind, kind_order)
), decisions as (
  select f.*, date_trunc('month', f.decided_on)::date as month,
         f.outcomes_measured > 0 and f.is_planner_decision as measured
    from fact_planning_decision f
    left join dim_product p using (product_key)
    left join dim_customer c using (customer_key)
    left join dim_supplier s using (supplier_key)
    left join dim_warehouse w using (warehouse_id)
   where f.decided_on between $period_from and $period_to
     and ($region = 'all' or coalesce(w.region, c.region) = $region)
     and ($category = 'all' or f.kind not in ('replenishment', 'production') or p.category = $category)
     and ($warehouse = 'all' or f.kind not in ('replenishment', 'production') or w.code = $warehouse)
     and ($supplier = 'all' or f.kind <> 'replenishment' or s.code = $supplier)
), by_month as (
  select month, kind,
         count(*) filter (where is_planner_decision) as decided,
         count(*) filter (where decision = 'accepted') as accepted,
         count(*) filter (where decision = 'modified') as modified,
         count(*) filter (where decision = 'rejected') as rejected,
         count(*) filter (where decision = 'expired') as expired,
         coalesce(sum(value_at_stake_functional) filter (where is_planner_decision), 0) as value_at_stake_decided,
         coalesce(sum(value_at_stake_functional) filter (where is_accepted), 0) as value_at_stake_accepted,
         count(*) filter (where measured) as measured,
         count(*) filter (where measured and is_accepted) as measured_accepted,
         count(*) filter (where measured and decision = 'rejected') as measured_rejected,
         sum(outcome_forecast_qty) filter (where measured) as forecast_qty,
         sum(outcome_ordered_qty) filter (where measured) as actual_qty,
         sum(outcome_stockout_days) filter (where measured) as stockout_days,
         count(*) filter (where measured and is_accepted and outcome_in_stock) as in_stock_accepted,
         count(*) filter (where measured and is_accepted and not outcome_in_stock) as stockout_accepted,
         count(*) filter (where measured and decision = 'rejected' and outcome_in_stock) as in_stock_rejected,
         count(*) filter (where measured and decision = 'rejected' and not outcome_in_stock) as stockout_rejected,
         count(*) filter (where measured and is_accepted and outcome_customer_ordered) as ordered_again_accepted,
         count(*) filter (where measured and decision = 'rejected' and outcome_customer_ordered) as ordered_again_rejected,
         sum(outcome_order_value_functional) filter (where measured) as reorder_value,
         sum(outcome_budget_proposed_functional) filter (where measured) as budget_proposed,
         sum(outcome_budget_actual_functional) filter (where measured) as budget_actual
    from decisions
   group by all
)
select strftime(m.month, '%Y-%m') as month, k.kind,
       coalesce(b.decided, 0)::integer as decided,
       coalesce(b.accepted, 0)::integer as accepted,
       coalesce(b.modified, 0)::integer as modified,
       coalesce(b.rejected, 0)::integer as rejected,
       coalesce(b.expired, 0)::integer as expired,
       case when b.decided > 0 then (b.accepted + b.modified) / b.decided end::double as acceptance_rate,
       coalesce(b.value_at_stake_decided, 0)::bigint as value_at_stake_decided,
       coalesce(b.value_at_stake_accepted, 0)::bigint as value_at_stake_accepted,
       coalesce(b.measured, 0)::integer as measured,
       coalesce(b.measured_accepted, 0)::integer as measured_accepted,
       coalesce(b.measured_rejected, 0)::integer as measured_rejected,
       case when k.kind in ('replenishment', 'production') then b.forecast_qty end::double as forecast_qty,
       case when k.kind in ('replenishment', 'production') then b.actual_qty end::bigint as actual_qty,
       case when k.kind in ('replenishment', 'production') then b.stockout_days end::bigint as stockout_days,
       case when k.kind in ('replenishment', 'production') then coalesce(b.in_stock_accepted, 0) end::integer as in_stock_accepted,
       case when k.kind in ('replenishment', 'production') then coalesce(b.stockout_accepted, 0) end::integer as stockout_accepted,
       case when k.kind in ('replenishment', 'production') then coalesce(b.in_stock_rejected, 0) end::integer as in_stock_rejected,
       case when k.kind in ('replenishment', 'production') then coalesce(b.stockout_rejected, 0) end::integer as stockout_rejected,
       case when k.kind = 're_engagement' then coalesce(b.ordered_again_accepted, 0) end::integer as ordered_again_accepted,
       case when k.kind = 're_engagement' then coalesce(b.ordered_again_rejected, 0) end::integer as ordered_again_rejected,
       case when k.kind = 're_engagement' then b.reorder_value end::bigint as reorder_value,
       case when k.kind = 'budget' then b.budget_proposed end::bigint as budget_proposed,
       case when k.kind = 'budget' then b.budget_actual end::bigint as budget_actual
  from months m
 cross join kinds k
  left join by_month b on b.month = m.month and b.kind = k.kind
 order by m.month, k.kind_order
