-- Finance: chart of accounts, periods, tax rates and the double-entry journal.
create schema if not exists finance;

create table finance.accounts (
  code        text primary key check (code ~ '^[0-9A-Z.-]{1,20}$'),
  name        text not null,
  type        text not null check (type in ('asset', 'liability', 'equity', 'revenue', 'expense')),
  parent_code text references finance.accounts,
  postable    boolean not null default true
);

-- Posting rules refer to accounts by role (receivables, revenue, …); this table says which
-- account plays each role, so a company can rename or renumber its chart.
create table finance.account_roles (
  role         text primary key,
  account_code text not null references finance.accounts
);

create table finance.cost_centers (
  code text primary key,
  name text not null
);

-- Periods are months. A period row is created open on first use; closing one refuses postings.
create table finance.periods (
  period    char(7) primary key check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  status    text not null default 'open' check (status in ('open', 'closed')),
  closed_at timestamptz,
  closed_by text
);

-- Sales tax by item category and customer region, in basis points (1/100 of a percent).
create table finance.tax_rates (
  category text not null,
  region   text not null references core.regions,
  rate_bp  int not null check (rate_bp between 0 and 10000),
  primary key (category, region)
);

create sequence finance.journal_entry_no;

create table finance.journal_entries (
  id          bigserial primary key,
  entry_no    text not null unique,
  entry_date  date not null,
  period      char(7) not null references finance.periods,
  source_type text not null,
  source_id   text,
  memo        text not null default '',
  reversal_of bigint unique references finance.journal_entries,
  created_by  text not null,
  created_at  timestamptz not null default now()
);
create index journal_entries_date on finance.journal_entries (entry_date);
create index journal_entries_source on finance.journal_entries (source_type, source_id);

-- Amounts are integer minor units of the functional currency; amount_txn and currency keep the
-- document's own currency. Subledger keys (customer, supplier) sit on the control-account lines.
create table finance.journal_lines (
  id           bigserial primary key,
  entry_id     bigint not null references finance.journal_entries,
  line_no      int not null,
  account_code text not null references finance.accounts,
  debit        bigint not null default 0 check (debit >= 0),
  credit       bigint not null default 0 check (credit >= 0),
  currency     char(3) not null references core.currencies,
  amount_txn   bigint not null default 0,
  customer_id  int,
  supplier_id  int,
  item_id      int,
  cost_center  text references finance.cost_centers,
  constraint journal_line_one_side check (debit = 0 or credit = 0),
  unique (entry_id, line_no)
);
create index journal_lines_account on finance.journal_lines (account_code);
create index journal_lines_customer on finance.journal_lines (customer_id) where customer_id is not null;
create index journal_lines_supplier on finance.journal_lines (supplier_id) where supplier_id is not null;

-- Every entry balances: checked once per entry when its transaction commits.
create function finance.check_entry_balanced() returns trigger language plpgsql as $$
declare
  d bigint; c bigint; n int;
begin
  select coalesce(sum(debit), 0), coalesce(sum(credit), 0), count(*) into d, c, n
    from finance.journal_lines where entry_id = new.entry_id;
  if d <> c then
    raise exception 'LEDGERLOOP:UNBALANCED_ENTRY:journal entry % does not balance (debit %, credit %)', new.entry_id, d, c;
  end if;
  if n < 2 then
    raise exception 'LEDGERLOOP:UNBALANCED_ENTRY:journal entry % needs at least two lines', new.entry_id;
  end if;
  return null;
end $$;

create constraint trigger journal_entry_balanced
  after insert on finance.journal_lines
  deferrable initially deferred
  for each row execute function finance.check_entry_balanced();

-- Postings into a closed period are refused by the database as well as by the command.
create function finance.check_period_open() returns trigger language plpgsql as $$
begin
  if (select status from finance.periods where period = new.period) = 'closed' then
    raise exception 'LEDGERLOOP:PERIOD_CLOSED:period % is closed; post a correction in an open period', new.period;
  end if;
  return new;
end $$;

create trigger journal_entry_period_open before insert on finance.journal_entries
  for each row execute function finance.check_period_open();

create trigger journal_entries_immutable before update or delete on finance.journal_entries
  for each row execute function core.refuse_change();
create trigger journal_lines_immutable before update or delete on finance.journal_lines
  for each row execute function core.refuse_change();
