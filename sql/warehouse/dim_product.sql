create table if not exists dim_product (
  product_key              bigint not null,
  item_id                  integer not null,
  sku                      varchar not null,
  name                     varchar not null,
  unit                     varchar not null,
  category                 varchar not null,
  category_name            varchar,
  procurement              varchar not null,
  active                   boolean not null,
  list_price_functional    bigint not null,
  standard_cost_functional bigint not null,
  created_at               timestamptz not null,
  version                  integer not null,
  valid_from               timestamptz not null,
  valid_to                 timestamptz not null,
  is_current               boolean not null
);
comment on table dim_product is 'Items sold, bought and stocked, slowly changing type 2 on category, active and procurement (buy or make); other attributes are overwritten on every version (type 1).';
comment on column dim_product.product_key is 'Surrogate key of this version (facts'' product_key).';
comment on column dim_product.item_id is 'Durable business key: erp.items.id.';
comment on column dim_product.sku is 'Stock keeping unit. Type 1.';
comment on column dim_product.name is 'Item name. Type 1.';
comment on column dim_product.unit is 'Unit quantities are counted in (whole units). Type 1.';
comment on column dim_product.category is 'Item category code. Type 2.';
comment on column dim_product.category_name is 'Name of the category. Follows category.';
comment on column dim_product.procurement is 'buy (purchased) or make (produced). Type 2.';
comment on column dim_product.active is 'Whether the item can be ordered. Type 2.';
comment on column dim_product.list_price_functional is 'List price per unit in minor units of the functional currency (BIGINT). Type 1.';
comment on column dim_product.standard_cost_functional is 'Standard cost per unit in minor units of the functional currency (BIGINT). Type 1.';
comment on column dim_product.created_at is 'When the item was recorded.';
comment on column dim_product.version is 'Version number of this item, 1 for the first.';
comment on column dim_product.valid_from is 'Recorded time from which this version holds (creation for version 1, else the change).';
comment on column dim_product.valid_to is 'Recorded time at which the next version took over; 9999-12-31 for the current version.';
comment on column dim_product.is_current is 'True for the version in force now.';
