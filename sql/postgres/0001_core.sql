-- Kernel: reference data shared by every area, idempotency records and the outbox.
create schema if not exists core;

create table core.settings (
  key   text primary key,
  value jsonb not null
);

create table core.currencies (
  code        char(3) primary key check (code ~ '^[A-Z]{3}$'),
  name        text not null,
  minor_units smallint not null default 2 check (minor_units between 0 and 4)
);

-- Rate = functional-currency units per one unit of the foreign currency, valid from rate_date
-- until the next rate. Both amounts are stored on documents, so later rate changes never
-- rewrite history.
create table core.exchange_rates (
  currency  char(3) not null references core.currencies,
  rate_date date not null,
  rate      numeric(18, 8) not null check (rate > 0),
  primary key (currency, rate_date)
);

create table core.regions (
  code     text primary key check (code ~ '^[A-Z0-9_-]{1,16}$'),
  name     text not null,
  currency char(3) not null references core.currencies
);

-- A retried command with the same key returns the stored result and writes nothing.
-- The row is inserted inside the command's transaction, so a failed command leaves no key.
create table core.idempotency_keys (
  key          text primary key,
  command      text not null,
  request_hash text not null,
  result       jsonb,
  actor        text not null,
  created_at   timestamptz not null default now()
);

-- Domain events, written in the same transaction as the change they describe. tx_id lets a
-- consumer read only transactions that have certainly finished (tx_id below the snapshot's
-- xmin), so an event that commits late is never skipped by a watermark.
create table core.outbox (
  id             bigserial primary key,
  tx_id          xid8 not null default pg_current_xact_id(),
  command        text not null,
  actor          text not null,
  aggregate_type text not null,
  aggregate_id   text not null,
  event_type     text not null,
  payload        jsonb not null default '{}',
  occurred_at    timestamptz not null default now()
);
create index outbox_tx_id on core.outbox (tx_id, id);

-- Rows in these tables are facts about the past: never updated, never deleted.
create function core.refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'LEDGERLOOP:IMMUTABLE:% rows cannot be %d; correct them by reversal', tg_table_name, lower(tg_op);
end $$;

create trigger outbox_immutable before update or delete on core.outbox
  for each row execute function core.refuse_change();
