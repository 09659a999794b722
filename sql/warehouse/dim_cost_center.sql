create table if not exists dim_cost_center (
  cost_center     varchar not null,
  name            varchar not null,
  department_id   integer,
  department_code varchar,
  department_name varchar
);
comment on table dim_cost_center is 'Cost centres (type 1: attributes are overwritten). fact_gl_line and fact_budget join on cost_center.';
comment on column dim_cost_center.cost_center is 'Business key: the cost centre code (finance.cost_centers.code).';
comment on column dim_cost_center.name is 'Cost centre name.';
comment on column dim_cost_center.department_id is 'Department that books to this cost centre (people.departments.id; the first created, should several share it); null when none does.';
comment on column dim_cost_center.department_code is 'That department''s code.';
comment on column dim_cost_center.department_name is 'That department''s name.';
