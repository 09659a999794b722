-- Items as they are now: SKU, name, category, buy or make, and standard cost per unit (minor units
-- of the functional currency), for labelling inventory figures and pricing holding costs.
select item_id, sku, name, category, procurement, standard_cost_functional
  from dim_product
 where is_current
 order by item_id
