create table if not exists fact_inventory_daily (
  date                 date not null,
  date_key             integer not null,
  item_id              integer not null,
  warehouse_id         integer not null,
  on_hand_qty          bigint not null,
  value_functional     bigint not null,
  qty_in               bigint not null,
  qty_out              bigint not null,
  value_in_functional  bigint not null,
  value_out_functional bigint not null
);
comment on table fact_inventory_daily is 'Closing stock per item, warehouse and day, derived from fact_inventory_movement: a row for every day from the pair''s first move to the last day with any move, so a day without moves carries the previous balance. Value is BIGINT minor units of the functional currency; the last day''s values sum to the stock value in the books.';
comment on column fact_inventory_daily.date is 'The day, balances as at its end.';
comment on column fact_inventory_daily.date_key is 'The day as YYYYMMDD, joins dim_date.';
comment on column fact_inventory_daily.item_id is 'Durable item id (dim_product.item_id).';
comment on column fact_inventory_daily.warehouse_id is 'Warehouse (dim_warehouse).';
comment on column fact_inventory_daily.on_hand_qty is 'Quantity on hand at the end of the day.';
comment on column fact_inventory_daily.value_functional is 'Stock value at the end of the day, minor units of the functional currency.';
comment on column fact_inventory_daily.qty_in is 'Quantity moved in during the day.';
comment on column fact_inventory_daily.qty_out is 'Quantity moved out during the day (positive).';
comment on column fact_inventory_daily.value_in_functional is 'Value moved in during the day, minor units of the functional currency.';
comment on column fact_inventory_daily.value_out_functional is 'Value moved out during the day (positive), minor units of the functional currency.';
