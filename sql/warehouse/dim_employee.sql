create table if not exists dim_employee (
  employee_id  integer not null,
  code         varchar not null,
  name         varchar not null,
  role         varchar not null,
  region       varchar,
  manager_id   integer,
  manager_name varchar,
  active       boolean not null,
  created_at   timestamptz not null
);
comment on table dim_employee is 'Employees: sales reps (customer owners), buyers, planners and others (type 1: attributes are overwritten).';
comment on column dim_employee.employee_id is 'Business key: people.employees.id; dim_customer.owner_id points here.';
comment on column dim_employee.code is 'Employee code.';
comment on column dim_employee.name is 'Full name.';
comment on column dim_employee.role is 'sales_rep, sales_manager, buyer, planner, accountant, warehouse, technician, manager or other.';
comment on column dim_employee.region is 'Region the employee works in, if any.';
comment on column dim_employee.manager_id is 'The employee''s manager (employee_id), if any.';
comment on column dim_employee.manager_name is 'Name of the manager.';
comment on column dim_employee.active is 'Still employed.';
comment on column dim_employee.created_at is 'When the employee was recorded.';
