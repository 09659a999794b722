create table if not exists fact_budget (
  budget_version_id integer not null,
  fiscal_year       integer not null,
  version_no        integer not null,
  version_name      varchar not null,
  version_status    varchar not null,
  approved_date     date,
  account_code      varchar not null,
  cost_center       varchar,
  period            varchar not null,
  month_start       date not null,
  month_start_key   integer not null,
  amount_functional bigint not null,
  recorded_at       timestamptz not null
);
comment on table fact_budget is 'Budgets: one row per budget line of every version (draft, approved, superseded) by account, cost centre and month. The budget of a year is its approved version (version_status = ''approved''). Amounts are BIGINT minor units of the functional currency on the account''s natural side (expenses as debits, revenue as credits).';
comment on column fact_budget.budget_version_id is 'The budget version (people.budget_versions.id); a re-extracted version replaces all its lines.';
comment on column fact_budget.fiscal_year is 'Fiscal (calendar) year of the version.';
comment on column fact_budget.version_no is 'Version number within the fiscal year.';
comment on column fact_budget.version_name is 'Version name.';
comment on column fact_budget.version_status is 'draft, approved (the year''s budget; at most one per year) or superseded, at the last load.';
comment on column fact_budget.approved_date is 'Date the version was approved; null for a draft.';
comment on column fact_budget.account_code is 'Revenue or expense account budgeted (dim_account.account_code).';
comment on column fact_budget.cost_center is 'Cost centre budgeted (dim_cost_center.cost_center); null = not allocated to a cost centre.';
comment on column fact_budget.period is 'Month budgeted, YYYY-MM (as fact_gl_line.period).';
comment on column fact_budget.month_start is 'First day of the month budgeted.';
comment on column fact_budget.month_start_key is 'First day of the month as YYYYMMDD, joins dim_date.';
comment on column fact_budget.amount_functional is 'Budgeted amount, minor units of the functional currency, on the account''s natural side (expense: debit − credit; revenue: credit − debit).';
comment on column fact_budget.recorded_at is 'When the version was created.';
