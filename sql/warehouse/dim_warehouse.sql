create table if not exists dim_warehouse (
  warehouse_id    integer not null,
  code            varchar not null,
  name            varchar not null,
  region          varchar not null,
  region_name     varchar,
  region_currency varchar
);
comment on table dim_warehouse is 'Stock locations (type 1: attributes are overwritten). Facts join on warehouse_id.';
comment on column dim_warehouse.warehouse_id is 'Business key: erp.warehouses.id.';
comment on column dim_warehouse.code is 'Warehouse code.';
comment on column dim_warehouse.name is 'Warehouse name.';
comment on column dim_warehouse.region is 'Region the warehouse serves.';
comment on column dim_warehouse.region_name is 'Name of the region.';
comment on column dim_warehouse.region_currency is 'Currency of the region.';
