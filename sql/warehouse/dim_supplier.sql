create table if not exists dim_supplier (
  supplier_key       bigint not null,
  supplier_id        integer not null,
  code               varchar not null,
  legal_name         varchar not null,
  tax_id             varchar not null,
  region             varchar not null,
  region_name        varchar,
  currency           varchar not null,
  payment_terms_days integer not null,
  status             varchar not null,
  created_at         timestamptz not null,
  version            integer not null,
  valid_from         timestamptz not null,
  valid_to           timestamptz not null,
  is_current         boolean not null
);
comment on table dim_supplier is 'Suppliers, slowly changing type 2 on status and region; other attributes are overwritten on every version (type 1).';
comment on column dim_supplier.supplier_key is 'Surrogate key of this version (facts'' supplier_key).';
comment on column dim_supplier.supplier_id is 'Durable business key: scm.suppliers.id.';
comment on column dim_supplier.code is 'Supplier code (S00012). Type 1.';
comment on column dim_supplier.legal_name is 'Registered name. Type 1.';
comment on column dim_supplier.tax_id is 'Tax identifier. Type 1.';
comment on column dim_supplier.region is 'Region code. Type 2.';
comment on column dim_supplier.region_name is 'Name of the region. Follows region.';
comment on column dim_supplier.currency is 'Currency the supplier bills in. Type 1.';
comment on column dim_supplier.payment_terms_days is 'Days from bill to due date. Type 1.';
comment on column dim_supplier.status is 'prospective, approved, suspended or blocked. Type 2.';
comment on column dim_supplier.created_at is 'When the supplier was registered.';
comment on column dim_supplier.version is 'Version number of this supplier, 1 for the first.';
comment on column dim_supplier.valid_from is 'Recorded time from which this version holds (registration for version 1, else the change: its status_changed event).';
comment on column dim_supplier.valid_to is 'Recorded time at which the next version took over; 9999-12-31 for the current version.';
comment on column dim_supplier.is_current is 'True for the version in force now.';
