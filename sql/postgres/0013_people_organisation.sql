-- People and organisation: departments with their cost centres, employees' place in them,
-- effective-dated salaries, monthly payroll runs with one payslip per employee, operating
-- expenses by cost centre, and versioned budgets per account, cost centre and month.
-- Cost centres themselves live in finance.cost_centers (finance.addCostCenter).

-- ---- departments ---------------------------------------------------------------------------

create table people.departments (
  id          serial primary key,
  code        text not null unique check (code ~ '^[A-Z0-9_-]{1,20}$'),
  name        text not null,
  parent_id   int references people.departments,
  cost_center text not null references finance.cost_centers,
  created_at  timestamptz not null default now(),
  created_by  text not null
);

-- A department tree and a reporting line are trees: a new parent (manager) may not sit below
-- the row itself. Changes to a tree are serialised by an advisory lock, so two concurrent
-- changes cannot each close half of a loop.
create function people.refuse_department_cycle() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('people.departments tree'));
  if new.parent_id = new.id or exists (
    with recursive up(id, depth) as (
      select new.parent_id, 1
      union all
      select d.parent_id, up.depth + 1 from people.departments d join up on d.id = up.id
       where d.parent_id is not null and up.depth < 10000)
    select 1 from up where up.id = new.id) then
    raise exception 'LEDGERLOOP:CYCLE:department % cannot sit below itself', new.code;
  end if;
  return new;
end $$;
create trigger departments_no_cycle before insert or update of parent_id on people.departments
  for each row when (new.parent_id is not null) execute function people.refuse_department_cycle();

-- ---- employees: department, cost centre, employment dates --------------------------------

alter table people.employees
  add column department_id int references people.departments,
  -- Overrides the department's cost centre for this employee's salary.
  add column cost_center   text references finance.cost_centers,
  add column start_date    date,
  add column leave_date    date,
  add constraint employee_leaves_after_start check (leave_date is null or (start_date is not null and leave_date >= start_date));
create index employees_department on people.employees (department_id);

create function people.refuse_manager_cycle() returns trigger language plpgsql as $$
begin
  perform pg_advisory_xact_lock(hashtext('people.employees reporting lines'));
  if new.manager_id = new.id or exists (
    with recursive up(id, depth) as (
      select new.manager_id, 1
      union all
      select e.manager_id, up.depth + 1 from people.employees e join up on e.id = up.id
       where e.manager_id is not null and up.depth < 100000)
    select 1 from up where up.id = new.id) then
    raise exception 'LEDGERLOOP:CYCLE:employee % cannot report to someone who reports to them', new.code;
  end if;
  return new;
end $$;
create trigger employees_no_manager_cycle before insert or update of manager_id on people.employees
  for each row when (new.manager_id is not null) execute function people.refuse_manager_cycle();

-- ---- salaries and payroll rates --------------------------------------------------------------

-- A salary applies from effective_from until the employee's next salary row: history, never
-- edited. Months that payroll has already run are closed to salary changes.
create table people.salaries (
  id             serial primary key,
  employee_id    int not null references people.employees,
  effective_from date not null,
  monthly_salary bigint not null check (monthly_salary between 0 and 1000000000000), -- functional minor units
  reason         text not null,
  created_at     timestamptz not null default now(),
  created_by     text not null,
  unique (employee_id, effective_from)
);
create trigger salaries_immutable before update or delete on people.salaries
  for each row execute function core.refuse_change();

-- Salaries and payroll rates effective in a month payroll has already run are refused.
create function people.refuse_change_in_paid_month() returns trigger language plpgsql as $$
declare
  paid text;
begin
  select max(period) into paid from people.payroll_runs;
  if paid is not null and to_char(new.effective_from, 'YYYY-MM') <= paid then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:payroll has run for % already; a % change takes effect in a later month', paid, case tg_table_name when 'salaries' then 'salary' else 'payroll rate' end;
  end if;
  return new;
end $$;

-- Employer social charges and income tax withheld, in basis points of gross pay, from a date.
create table people.payroll_rates (
  effective_from      date primary key,
  employer_charges_bp int not null check (employer_charges_bp between 0 and 10000),
  income_tax_bp       int not null check (income_tax_bp between 0 and 10000),
  created_at          timestamptz not null default now(),
  created_by          text not null
);
create trigger payroll_rates_immutable before update or delete on people.payroll_rates
  for each row execute function core.refuse_change();

-- ---- payroll runs and payslips -------------------------------------------------------------

create sequence people.payroll_run_no;

-- One run per month: Dr salaries and employer charges by cost centre / Cr net wages payable,
-- income tax withheld and social charges payable. Its totals are the sums of its payslips.
create table people.payroll_runs (
  id                  serial primary key,
  run_no              text not null unique,
  period              char(7) not null unique check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  run_date            date not null,
  employer_charges_bp int not null,
  income_tax_bp       int not null,
  employees           int not null check (employees > 0),
  gross               bigint not null check (gross >= 0),
  employer_charges    bigint not null check (employer_charges >= 0),
  income_tax          bigint not null check (income_tax >= 0),
  net                 bigint not null check (net >= 0),
  journal_entry_id    bigint references finance.journal_entries,
  created_at          timestamptz not null default now(),
  created_by          text not null,
  constraint payroll_run_dated_in_period check (extract(year from run_date) * 100 + extract(month from run_date) = replace(period, '-', '')::int),
  constraint payroll_run_net check (net = gross - income_tax)
);
create trigger payroll_runs_immutable before update or delete on people.payroll_runs
  for each row execute function core.refuse_change();

create trigger salaries_not_in_paid_month before insert on people.salaries
  for each row execute function people.refuse_change_in_paid_month();
create trigger payroll_rates_not_in_paid_month before insert on people.payroll_rates
  for each row execute function people.refuse_change_in_paid_month();

-- Start and leave dates in a month payroll has already run are refused the same way.
create function people.refuse_employment_date_in_paid_month() returns trigger language plpgsql as $$
declare
  paid text;
begin
  select max(period) into paid from people.payroll_runs;
  if paid is null then
    return new;
  end if;
  if (tg_op = 'INSERT' or new.start_date is distinct from old.start_date)
     and (to_char(new.start_date, 'YYYY-MM') <= paid or (tg_op = 'UPDATE' and to_char(old.start_date, 'YYYY-MM') <= paid)) then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:payroll has run for % already; a start date cannot fall in or move out of a paid month', paid;
  end if;
  if (tg_op = 'INSERT' or new.leave_date is distinct from old.leave_date) and to_char(new.leave_date, 'YYYY-MM') <= paid then
    raise exception 'LEDGERLOOP:NOT_ALLOWED:payroll has run for % already; a leave date falls in a month already paid', paid;
  end if;
  return new;
end $$;
create trigger employees_dates_not_in_paid_month before insert or update of start_date, leave_date on people.employees
  for each row execute function people.refuse_employment_date_in_paid_month();

create table people.payslips (
  id               serial primary key,
  run_id           int not null references people.payroll_runs,
  employee_id      int not null references people.employees,
  department_id    int references people.departments,
  cost_center      text references finance.cost_centers,
  monthly_salary   bigint not null check (monthly_salary >= 0),
  days_employed    int not null,
  days_in_period   int not null check (days_in_period between 28 and 31),
  gross            bigint not null check (gross >= 0),
  employer_charges bigint not null check (employer_charges >= 0),
  income_tax       bigint not null check (income_tax >= 0),
  net              bigint not null check (net >= 0),
  unique (run_id, employee_id),
  constraint payslip_days_within_period check (days_employed between 1 and days_in_period),
  constraint payslip_net check (net = gross - income_tax)
);
create index payslips_employee on people.payslips (employee_id);
create trigger payslips_immutable before update or delete on people.payslips
  for each row execute function core.refuse_change();

-- A run's totals equal the sums of its payslips, checked when the transaction commits.
create function people.check_payroll_totals() returns trigger language plpgsql as $$
declare
  target int;
  r people.payroll_runs;
  s record;
begin
  if tg_table_name = 'payroll_runs' then
    target := new.id;
  else
    target := new.run_id;
  end if;
  select * into r from people.payroll_runs where id = target;
  select count(*) as n, coalesce(sum(gross), 0) as gross, coalesce(sum(employer_charges), 0) as charges,
         coalesce(sum(income_tax), 0) as tax, coalesce(sum(net), 0) as net
    into s from people.payslips where payslips.run_id = r.id;
  if (s.n, s.gross, s.charges, s.tax, s.net) is distinct from (r.employees::bigint, r.gross, r.employer_charges, r.income_tax, r.net) then
    raise exception 'LEDGERLOOP:UNBALANCED_PAYROLL:payroll run % totals (% employees, gross %) differ from its payslips (% employees, gross %)',
      r.run_no, r.employees, r.gross, s.n, s.gross;
  end if;
  return null;
end $$;
create constraint trigger payroll_run_totals after insert on people.payroll_runs
  deferrable initially deferred for each row execute function people.check_payroll_totals();
create constraint trigger payslip_in_run_totals after insert on people.payslips
  deferrable initially deferred for each row execute function people.check_payroll_totals();

-- Paying the net wages and remitting the withheld tax and social charges: once each per run,
-- for exactly what the run owes, never before the run.
create sequence people.payroll_payment_no;

create table people.payroll_payments (
  id               serial primary key,
  payment_no       text not null unique,
  run_id           int not null references people.payroll_runs,
  kind             text not null check (kind in ('wages', 'liabilities')),
  payment_date     date not null,
  amount           bigint not null check (amount > 0),
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  unique (run_id, kind)
);
create trigger payroll_payments_immutable before update or delete on people.payroll_payments
  for each row execute function core.refuse_change();

create function people.check_payroll_payment() returns trigger language plpgsql as $$
declare
  r people.payroll_runs;
  owed bigint;
begin
  select * into r from people.payroll_runs where id = new.run_id;
  if new.payment_date < r.run_date then
    raise exception 'LEDGERLOOP:INVALID_INPUT:payroll % cannot be paid before it ran (%)', r.run_no, r.run_date;
  end if;
  owed := (case new.kind when 'wages' then r.net else r.income_tax + r.employer_charges end);
  if new.amount <> owed then
    raise exception 'LEDGERLOOP:CONFLICT:payroll % owes % for %, not %', r.run_no, owed, new.kind, new.amount;
  end if;
  return new;
end $$;
create trigger payroll_payment_matches_run before insert on people.payroll_payments
  for each row execute function people.check_payroll_payment();

-- ---- operating expenses --------------------------------------------------------------------

create sequence people.expense_no;
create sequence people.expense_payment_no;

-- Rent, utilities, marketing, travel…: Dr an expense account on a cost centre / Cr bank (paid
-- at once) or Cr accrued expenses payable (paid later, in full, by an expense payment).
create table people.operating_expenses (
  id               serial primary key,
  expense_no       text not null unique,
  expense_date     date not null,
  cost_center      text not null references finance.cost_centers,
  account_code     text not null references finance.accounts,
  description      text not null,
  supplier_id      int references scm.suppliers,
  paid_from        text not null check (paid_from in ('bank', 'payable')),
  due_date         date,
  currency         char(3) not null references core.currencies,
  rate             numeric(18, 8) not null check (rate > 0),
  amount           bigint not null check (amount > 0),
  amount_functional bigint not null check (amount_functional >= 0),
  open_amount      bigint not null check (open_amount >= 0 and open_amount <= amount),
  open_functional  bigint not null check (open_functional >= 0),
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null,
  constraint expense_paid_at_once_is_settled check (paid_from = 'payable' or open_amount = 0),
  constraint expense_payable_has_due_date check (paid_from = 'bank' or due_date is not null)
);
create index operating_expenses_date on people.operating_expenses (expense_date);
create index operating_expenses_open on people.operating_expenses (due_date) where open_amount > 0;

-- Of a recorded expense only its open amount changes, downwards, as it is paid.
create function people.guard_operating_expense() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:operating expenses cannot be deleted; correct them by reversal';
  end if;
  if (to_jsonb(new) - 'open_amount' - 'open_functional') <> (to_jsonb(old) - 'open_amount' - 'open_functional')
     or new.open_amount > old.open_amount then
    raise exception 'LEDGERLOOP:IMMUTABLE:operating expense % cannot be changed; only payments reduce its open amount', old.expense_no;
  end if;
  return new;
end $$;
create trigger operating_expenses_guard before update or delete on people.operating_expenses
  for each row execute function people.guard_operating_expense();

create table people.expense_payments (
  id               serial primary key,
  payment_no       text not null unique,
  expense_id       int not null unique references people.operating_expenses, -- paid in full, once
  payment_date     date not null,
  currency         char(3) not null references core.currencies,
  rate             numeric(18, 8) not null check (rate > 0),
  amount           bigint not null check (amount > 0),
  amount_functional bigint not null check (amount_functional >= 0),
  fx_difference    bigint not null default 0,
  journal_entry_id bigint references finance.journal_entries,
  created_at       timestamptz not null default now(),
  created_by       text not null
);
create trigger expense_payments_immutable before update or delete on people.expense_payments
  for each row execute function core.refuse_change();

-- ---- budgets ---------------------------------------------------------------------------------

-- A fiscal year (the calendar year) has numbered versions; a draft is entered line by line and
-- approved as a whole; approving one supersedes the year's previously approved version, so the
-- latest approved version is the only one with status 'approved'.
create table people.budget_versions (
  id            serial primary key,
  fiscal_year   int not null check (fiscal_year between 1900 and 9999),
  version       int not null check (version > 0),
  name          text not null,
  status        text not null default 'draft' check (status in ('draft', 'approved', 'superseded')),
  approved_date date,
  approved_by   text,
  created_at    timestamptz not null default now(),
  created_by    text not null,
  unique (fiscal_year, version),
  constraint budget_approval_recorded check ((status = 'draft') = (approved_date is null) and (status = 'draft') = (approved_by is null))
);
create unique index budget_versions_one_approved on people.budget_versions (fiscal_year) where status = 'approved';

create function people.guard_budget_version() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'LEDGERLOOP:IMMUTABLE:budget versions cannot be deleted';
  end if;
  if (new.id, new.fiscal_year, new.version, new.name, new.created_by) is distinct from (old.id, old.fiscal_year, old.version, old.name, old.created_by)
     or not ((old.status = 'draft' and new.status = 'approved') or (old.status = 'approved' and new.status = 'superseded'))
     or (old.status = 'approved' and (new.approved_date, new.approved_by) is distinct from (old.approved_date, old.approved_by)) then
    raise exception 'LEDGERLOOP:IMMUTABLE:budget version % of % is % and cannot change that way', old.version, old.fiscal_year, old.status;
  end if;
  return new;
end $$;
create trigger budget_versions_guard before update or delete on people.budget_versions
  for each row execute function people.guard_budget_version();

-- Amounts in functional minor units, on the account's natural side (expenses as debits,
-- revenue as credits); cost_center null = not allocated to a cost centre.
create table people.budget_lines (
  version_id   int not null references people.budget_versions,
  account_code text not null references finance.accounts,
  cost_center  text references finance.cost_centers,
  period       char(7) not null check (period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
  amount       bigint not null check (amount between -1000000000000000 and 1000000000000000),
  constraint budget_line_unique unique nulls not distinct (version_id, account_code, cost_center, period)
);
create index budget_lines_period on people.budget_lines (period);

-- Lines change only while their version is a draft (the version row is share-locked, so an
-- approval waits for line changes in flight) and belong to the version's fiscal year.
create function people.guard_budget_line() returns trigger language plpgsql as $$
declare
  v people.budget_versions;
  vid int;
begin
  if tg_op = 'INSERT' then
    vid := new.version_id;
  else
    vid := old.version_id;
  end if;
  select * into v from people.budget_versions b where b.id = vid for share;
  if v.status <> 'draft' then
    raise exception 'LEDGERLOOP:IMMUTABLE:budget version % of % is %; enter changes in a new version', v.version, v.fiscal_year, v.status;
  end if;
  if tg_op = 'DELETE' then
    return old;
  end if;
  if new.version_id <> vid or left(new.period, 4)::int <> v.fiscal_year then
    raise exception 'LEDGERLOOP:INVALID_INPUT:budget line for % does not belong to version % of %', new.period, v.version, v.fiscal_year;
  end if;
  return new;
end $$;
create trigger budget_lines_guard before insert or update or delete on people.budget_lines
  for each row execute function people.guard_budget_line();

-- ---- accounts for companies set up before this migration ------------------------------------

-- New companies get these from the default chart; a company whose chart is already installed
-- gets them here (codes it already uses and roles it already maps are left as they are).
insert into finance.accounts (code, name, type, parent_code, postable)
select a.code, a.name, a.type, a.parent, true
  from (values ('2160', 'Accrued expenses payable', 'liability', '2000'),
               ('2310', 'Net wages payable', 'liability', '2000'),
               ('2320', 'Income tax withheld', 'liability', '2000'),
               ('2330', 'Social charges payable', 'liability', '2000'),
               ('6110', 'Employer social charges', 'expense', '6000'),
               ('6250', 'Utilities', 'expense', '6000'),
               ('6500', 'Travel', 'expense', '6000')) as a(code, name, type, parent)
 where exists (select 1 from finance.accounts p where p.code = a.parent and not p.postable)
on conflict (code) do nothing;

insert into finance.account_roles (role, account_code)
select r.role, r.account_code
  from (values ('salaries', '6100'), ('employer_charges', '6110'), ('wages_payable', '2310'),
               ('tax_withholding', '2320'), ('social_charges_payable', '2330'), ('expense_payables', '2160')) as r(role, account_code)
 where exists (select 1 from finance.accounts a where a.code = r.account_code)
on conflict (role) do nothing;
