create table if not exists fact_inventory_movement (
  stock_move_id    bigint not null,
  move_date        date not null,
  date_key         integer not null,
  item_id          integer not null,
  product_key      bigint,
  warehouse_id     integer not null,
  kind             varchar not null,
  quantity         bigint not null,
  value_functional bigint not null,
  source_type      varchar not null,
  source_id        varchar not null,
  recorded_at      timestamptz not null
);
comment on table fact_inventory_movement is 'The stock ledger: one row per stock move (receipt, delivery, adjustment, …). Quantities are signed (in positive, out negative); value is the signed value at moving average, BIGINT minor units of the functional currency.';
comment on column fact_inventory_movement.stock_move_id is 'Business key: erp.stock_moves.id.';
comment on column fact_inventory_movement.move_date is 'Date of the move.';
comment on column fact_inventory_movement.date_key is 'Move date as YYYYMMDD, joins dim_date.';
comment on column fact_inventory_movement.item_id is 'Durable item id.';
comment on column fact_inventory_movement.product_key is 'dim_product version in force when the move was recorded.';
comment on column fact_inventory_movement.warehouse_id is 'Warehouse whose stock moved.';
comment on column fact_inventory_movement.kind is 'receipt, delivery, adjustment, return, scrap, issue, production, transfer_out or transfer_in.';
comment on column fact_inventory_movement.quantity is 'Signed quantity: positive into stock, negative out.';
comment on column fact_inventory_movement.value_functional is 'Signed value of the move (inflows at cost, outflows at moving average), minor units of the functional currency.';
comment on column fact_inventory_movement.source_type is 'Kind of document that moved the stock (delivery, goods_receipt, stock_adjustment, …).';
comment on column fact_inventory_movement.source_id is 'Id of that document.';
comment on column fact_inventory_movement.recorded_at is 'When the move was recorded.';
