-- The decisions behind the Planning page's acceptance rate and outcomes: one row per suggestion
-- decided in the period (or in one month of it), with what was proposed, the decision, the
-- document accepting it created — its number in the column named after its kind, so the cell
-- leads to it: requisition_no, po_no, production_order_no, follow_up_id (a follow-up has no
-- number), budget_version — and the latest outcome measured (null until its weeks have passed).
-- Money in minor units of the functional currency. Filtered like dashboard_planning_outcomes:
-- replenishment and production by the warehouse's region, the warehouse and the item's category,
-- replenishment also by supplier, re-engagement by the customer's region; a category, warehouse or
-- supplier filter leaves a kind without that dimension whole, a region drops budget suggestions.
-- @param period_from date = 2024-01-01  First decision day to include.
-- @param period_to date = 2024-12-31  Last decision day to include.
-- @param month text = all  One month (YYYY-MM) of the period, or all.
-- @param kind text = all  replenishment, production, re_engagement, budget, or all.
-- @param decision text = all  accepted, modified, rejected, expired, or all.
-- @param region text = all  Region code, or all.
-- @param category text = all  Item category code, or all.
-- @param warehouse text = all  Warehouse code, or all.
-- @param supplier text = all  Supplier code, or all.
select f.suggestion_id, f.decided_on, f.kind, f.decision, f.decided_by, f.reason,
       p.sku, p.name as item, w.code as warehouse, c.code as customer_code, c.name as customer, s.code as supplier_code,
       f.cost_center, f.budget_quarter,
       f.proposed_quantity, f.accepted_quantity, f.proposed_date, f.accepted_date, f.changed_fields,
       f.value_at_stake_functional as value_at_stake,
       case when f.document_type = 'requisition' then f.document_no end as requisition_no,
       case when f.document_type = 'purchase_order' then f.document_no end as po_no,
       case when f.document_type = 'production_order' then f.document_no end as production_order_no,
       case when f.document_type = 'follow_up' then f.document_id end as follow_up_id,
       case when f.document_type = 'budget_version' then f.document_no end as budget_version,
       f.outcome_measured_on,
       f.outcome_forecast_qty::double as forecast_qty, f.outcome_ordered_qty as actual_qty, f.outcome_stockout_days as stockout_days, f.outcome_in_stock as in_stock,
       f.outcome_customer_ordered as ordered_again, f.outcome_order_value_functional as reorder_value,
       f.outcome_budget_proposed_functional as budget_proposed, f.outcome_budget_actual_functional as budget_actual
  from fact_planning_decision f
  left join dim_product p using (product_key)
  left join dim_customer c using (customer_key)
  left join dim_supplier s using (supplier_key)
  left join dim_warehouse w using (warehouse_id)
 where f.decided_on between $period_from and $period_to
   and ($month = 'all' or strftime(f.decided_on, '%Y-%m') = $month)
   and ($kind = 'all' or f.kind = $kind)
   and ($decision = 'all' or f.decision = $decision)
   and ($region = 'all' or coalesce(w.region, c.region) = $region)
   and ($category = 'all' or f.kind not in ('replenishment', 'production') or p.category = $category)
   and ($warehouse = 'all' or f.kind not in ('replenishment', 'production') or w.code = $warehouse)
   and ($supplier = 'all' or f.kind <> 'replenishment' or s.code = $supplier)
 order by f.decided_on desc, f.suggestion_id desc
