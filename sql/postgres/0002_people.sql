-- People: employees (sales reps, buyers, planners…). Departments and payroll extend this area.
create schema if not exists people;

create table people.employees (
  id         serial primary key,
  code       text not null unique,
  name       text not null,
  role       text not null check (role in ('sales_rep', 'sales_manager', 'buyer', 'planner', 'accountant', 'warehouse', 'technician', 'manager', 'other')),
  region     text references core.regions,
  manager_id int references people.employees,
  active     boolean not null default true,
  created_at timestamptz not null default now(),
  created_by text not null
);
