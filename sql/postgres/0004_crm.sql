-- CRM: customer accounts and their contacts. Leads, pools, opportunities and service extend this area.
create schema if not exists crm;

create sequence crm.customer_no;

create table crm.customers (
  id                 serial primary key,
  code               text not null unique,
  name               text not null,
  region             text not null references core.regions,
  segment            text not null check (segment in ('enterprise', 'mid_market', 'small_business', 'consumer')),
  owner_id           int references people.employees,
  currency           char(3) not null references core.currencies,
  payment_terms_days int not null default 30 check (payment_terms_days between 0 and 365),
  credit_limit       bigint check (credit_limit >= 0), -- functional minor units; null = no limit
  price_list_code    text,
  status             text not null default 'active' check (status in ('active', 'inactive')),
  created_at         timestamptz not null default now(),
  created_by         text not null
);
create index customers_owner on crm.customers (owner_id);

create table crm.contacts (
  id          serial primary key,
  customer_id int not null references crm.customers,
  name        text not null,
  email       text,
  phone       text,
  role        text,
  created_at  timestamptz not null default now()
);
create index contacts_customer on crm.contacts (customer_id);
