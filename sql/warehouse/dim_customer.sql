create table if not exists dim_customer (
  customer_key            bigint not null,
  customer_id             integer not null,
  code                    varchar not null,
  name                    varchar not null,
  region                  varchar not null,
  region_name             varchar,
  segment                 varchar not null,
  owner_id                integer,
  owner_name              varchar,
  status                  varchar not null,
  currency                varchar not null,
  payment_terms_days      integer not null,
  credit_limit_functional bigint,
  created_at              timestamptz not null,
  version                 integer not null,
  valid_from              timestamptz not null,
  valid_to                timestamptz not null,
  is_current              boolean not null
);
comment on table dim_customer is 'Customers, slowly changing type 2 on region, segment, owner and status: a change closes the current version and opens a new one. Other attributes are overwritten on every version (type 1). Facts point at the version in force when their document was recorded.';
comment on column dim_customer.customer_key is 'Surrogate key of this version (facts'' customer_key). Meaningless as a number; stable once assigned.';
comment on column dim_customer.customer_id is 'Durable business key: crm.customers.id, the same on every version.';
comment on column dim_customer.code is 'Customer code (C000123). Type 1.';
comment on column dim_customer.name is 'Customer name. Type 1.';
comment on column dim_customer.region is 'Sales region code. Type 2.';
comment on column dim_customer.region_name is 'Name of the region. Follows region.';
comment on column dim_customer.segment is 'enterprise, mid_market, small_business or consumer. Type 2.';
comment on column dim_customer.owner_id is 'Account owner (people.employees.id, a sales rep), null when unassigned. Type 2.';
comment on column dim_customer.owner_name is 'Name of the account owner. Follows owner_id.';
comment on column dim_customer.status is 'active or inactive. Type 2.';
comment on column dim_customer.currency is 'Currency the customer is invoiced in. Type 1.';
comment on column dim_customer.payment_terms_days is 'Days from invoice to due date. Type 1.';
comment on column dim_customer.credit_limit_functional is 'Credit limit in minor units of the functional currency (BIGINT, e.g. cents); null = no limit. Type 1.';
comment on column dim_customer.created_at is 'When the customer was recorded in the operational database.';
comment on column dim_customer.version is 'Version number of this customer, 1 for the first.';
comment on column dim_customer.valid_from is 'Recorded time from which this version holds: the customer''s creation for version 1, else the time of the change (its latest outbox event, or the snapshot when none).';
comment on column dim_customer.valid_to is 'Recorded time at which the next version took over; 9999-12-31 for the current version.';
comment on column dim_customer.is_current is 'True for the version in force now (exactly one per customer).';
