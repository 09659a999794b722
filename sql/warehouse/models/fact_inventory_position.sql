create table if not exists fact_inventory_position (
  run_id                     bigint not null,
  model_version              varchar not null,
  as_of                      date not null,
  item_id                    integer not null,
  warehouse_id               integer not null,
  on_hand_qty                bigint not null,
  value_functional           bigint not null,
  last_out_date              date,
  days_without_movement_out  integer not null,
  status                     varchar not null,
  observed_days              integer,
  stockout_days              integer,
  stockout_share             double,
  normally_stocked           boolean
);
comment on table fact_inventory_position is 'Stock health per item, warehouse and forecast run: what is on hand and its value, how long since anything moved out (active, slow, dead), and stockout days.';
comment on column fact_inventory_position.run_id is 'The forecast run (meta_model_run.run_id, model inventory).';
comment on column fact_inventory_position.model_version is 'Model version that produced the row.';
comment on column fact_inventory_position.as_of is 'The day stock is aged at.';
comment on column fact_inventory_position.item_id is 'Item (dim_product.item_id).';
comment on column fact_inventory_position.warehouse_id is 'Warehouse (dim_warehouse.warehouse_id).';
comment on column fact_inventory_position.on_hand_qty is 'Quantity on hand at as_of.';
comment on column fact_inventory_position.value_functional is 'Its value at as_of, minor units.';
comment on column fact_inventory_position.last_out_date is 'Last movement out (delivery, issue to production, transfer out); null for none.';
comment on column fact_inventory_position.days_without_movement_out is 'Days since the last movement out (or since the first move without one).';
comment on column fact_inventory_position.status is 'active, slow (no movement out for 90 days), dead (180 days, with stock) or no-stock.';
comment on column fact_inventory_position.observed_days is 'Days of stock history observed for the stockout count.';
comment on column fact_inventory_position.stockout_days is 'Days ending with nothing on hand while there was demand or the item is normally stocked there.';
comment on column fact_inventory_position.stockout_share is 'stockout_days ÷ observed_days.';
comment on column fact_inventory_position.normally_stocked is 'Whether the warehouse held the item on at least half of its days.';
