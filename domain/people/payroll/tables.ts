import type { ColumnType, Generated } from 'kysely';

/**
 * Kysely row types of this area's tables, keyed `schema.table`; merged into DB in
 * domain/db/tables.ts (sql/postgres/0013_people_organisation.sql). The columns this area adds to
 * people.employees (department_id, cost_center, start_date, leave_date) are declared in
 * `PeopleEmployeeOrganisation` and read through the queries here.
 */
type Timestamp = ColumnType<Date, Date | string | undefined, never>;
type Serial = Generated<number>;
type Defaulted<T> = ColumnType<T, T | undefined, T>;
type Rate = ColumnType<string, string, string>;

export interface PeopleDepartments {
  id: Serial;
  code: string;
  name: string;
  parent_id: number | null;
  cost_center: string;
  created_at: Timestamp;
  created_by: string;
}

/** Columns 0013 adds to people.employees. */
export interface PeopleEmployeeOrganisation {
  department_id: ColumnType<number | null, number | null | undefined, number | null>;
  /** Overrides the department's cost centre for this employee's pay. */
  cost_center: ColumnType<string | null, string | null | undefined, string | null>;
  start_date: ColumnType<string | null, string | null | undefined, string | null>;
  leave_date: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A monthly salary from a date until the employee's next salary row; history, never edited. */
export interface PeopleSalaries {
  id: Serial;
  employee_id: number;
  effective_from: string;
  /** Functional minor units a month. */
  monthly_salary: number;
  reason: string;
  created_at: Timestamp;
  created_by: string;
}

export interface PeoplePayrollRates {
  effective_from: string;
  employer_charges_bp: number;
  income_tax_bp: number;
  created_at: Timestamp;
  created_by: string;
}

export interface PeoplePayrollRuns {
  id: number;
  run_no: string;
  period: string;
  run_date: string;
  employer_charges_bp: number;
  income_tax_bp: number;
  employees: number;
  gross: number;
  employer_charges: number;
  income_tax: number;
  net: number;
  journal_entry_id: number | null;
  created_at: Timestamp;
  created_by: string;
}

export interface PeoplePayslips {
  id: Serial;
  run_id: number;
  employee_id: number;
  department_id: number | null;
  cost_center: string | null;
  monthly_salary: number;
  days_employed: number;
  days_in_period: number;
  gross: number;
  employer_charges: number;
  income_tax: number;
  net: number;
}

export interface PeoplePayrollPayments {
  id: number;
  payment_no: string;
  run_id: number;
  kind: 'wages' | 'liabilities';
  payment_date: string;
  amount: number;
  journal_entry_id: number | null;
  created_at: Timestamp;
  created_by: string;
}

export interface PeopleOperatingExpenses {
  id: number;
  expense_no: string;
  expense_date: string;
  cost_center: string;
  account_code: string;
  description: string;
  supplier_id: number | null;
  paid_from: 'bank' | 'payable';
  due_date: string | null;
  currency: string;
  rate: Rate;
  amount: number;
  amount_functional: number;
  open_amount: number;
  open_functional: number;
  journal_entry_id: number | null;
  created_at: Timestamp;
  created_by: string;
}

export interface PeopleExpensePayments {
  id: number;
  payment_no: string;
  expense_id: number;
  payment_date: string;
  currency: string;
  rate: Rate;
  amount: number;
  amount_functional: number;
  fx_difference: Defaulted<number>;
  journal_entry_id: number | null;
  created_at: Timestamp;
  created_by: string;
}

export type BudgetStatus = 'draft' | 'approved' | 'superseded';

export interface PeopleBudgetVersions {
  id: Serial;
  fiscal_year: number;
  version: number;
  name: string;
  status: Defaulted<BudgetStatus>;
  approved_date: string | null;
  approved_by: string | null;
  created_at: Timestamp;
  created_by: string;
}

/** Functional minor units on the account's natural side; cost_center null = not allocated. */
export interface PeopleBudgetLines {
  version_id: number;
  account_code: string;
  cost_center: string | null;
  period: string;
  amount: number;
}

export interface PeopleOrganisationTables {
  'people.departments': PeopleDepartments;
  'people.salaries': PeopleSalaries;
  'people.payroll_rates': PeoplePayrollRates;
  'people.payroll_runs': PeoplePayrollRuns;
  'people.payslips': PeoplePayslips;
  'people.payroll_payments': PeoplePayrollPayments;
  'people.operating_expenses': PeopleOperatingExpenses;
  'people.expense_payments': PeopleExpensePayments;
  'people.budget_versions': PeopleBudgetVersions;
  'people.budget_lines': PeopleBudgetLines;
}
