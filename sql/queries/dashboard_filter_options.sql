-- The choices of the dashboards' global filters: every region, item category, warehouse and
-- supplier the warehouse knows (their current versions), with a name to show.
-- kind is region, category, warehouse or supplier; code is what the URL carries.
-- A reader limited to one region (the dashboards force `region` for them) is offered only that
-- region, and only its warehouses and suppliers; categories are not regional.
-- @param region text = all  Region code, or all.
select 'region' as kind, region as code, any_value(region_name) as name
  from (select region, region_name from dim_customer where is_current
        union all select region, region_name from dim_warehouse
        union all select region, region_name from dim_supplier where is_current)
 where $region = 'all' or region = $region
 group by region
union all
select 'category', category, any_value(category_name) from dim_product where is_current group by category
union all
select 'warehouse', code, any_value(name) from dim_warehouse where $region = 'all' or region = $region group by code
union all
select 'supplier', code, any_value(legal_name) from dim_supplier where is_current and ($region = 'all' or region = $region) group by code
order by kind, code
