import { sql, type Kysely } from 'kysely';
import type { DB } from '../../db/tables.js';
import type { BudgetStatus } from './tables.js';

export interface Department {
  id: number;
  code: string;
  name: string;
  parentId: number | null;
  parentCode: string | null;
  costCenter: string;
  /** Active employees placed in it. */
  headcount: number;
}

/** Every department with its parent, cost centre and headcount, parents before children. */
export async function listDepartments(db: Kysely<DB>): Promise<Department[]> {
  const { rows } = await sql<Department>`
    with recursive tree as (
      select d.id, array[d.code] as path from people.departments d where d.parent_id is null
      union all
      select c.id, tree.path || c.code from people.departments c join tree on c.parent_id = tree.id
    )
    select d.id, d.code, d.name, d.parent_id as "parentId", p.code as "parentCode", d.cost_center as "costCenter",
           (select count(*)::int from people.employees e where e.department_id = d.id and e.active) as headcount
      from people.departments d join tree on tree.id = d.id left join people.departments p on p.id = d.parent_id
     order by tree.path`.execute(db);
  return rows;
}

export interface StaffMember {
  id: number;
  code: string;
  name: string;
  role: string;
  region: string | null;
  departmentId: number | null;
  departmentCode: string | null;
  /** The employee's own cost centre, else the department's. */
  costCenter: string | null;
  managerId: number | null;
  startDate: string | null;
  leaveDate: string | null;
  /** Salary in force on `asOf`; null without one. */
  monthlySalary: number | null;
}

/** Employees employed on `asOf` (or not dated at all), with their place and salary on that day. */
export async function staffOn(db: Kysely<DB>, asOf: string): Promise<StaffMember[]> {
  const { rows } = await sql<StaffMember>`
    select e.id, e.code, e.name, e.role, e.region, e.department_id as "departmentId", d.code as "departmentCode",
           coalesce(e.cost_center, d.cost_center) as "costCenter", e.manager_id as "managerId", e.start_date as "startDate", e.leave_date as "leaveDate",
           (select s.monthly_salary from people.salaries s where s.employee_id = e.id and s.effective_from <= ${asOf}::date
             order by s.effective_from desc limit 1) as "monthlySalary"
      from people.employees e left join people.departments d on d.id = e.department_id
     where (e.start_date is null or e.start_date <= ${asOf}::date) and (e.leave_date is null or e.leave_date >= ${asOf}::date)
       and (e.active or e.leave_date is not null)
     order by e.id`.execute(db);
  return rows;
}

export interface SalaryHistoryRow {
  effectiveFrom: string;
  monthlySalary: number;
  reason: string;
}

export async function salaryHistory(db: Kysely<DB>, employeeId: number): Promise<SalaryHistoryRow[]> {
  return db
    .selectFrom('people.salaries')
    .select(['effective_from as effectiveFrom', 'monthly_salary as monthlySalary', 'reason'])
    .where('employee_id', '=', employeeId)
    .orderBy('effective_from')
    .execute();
}

export interface PayrollRunSummary {
  runId: number;
  runNo: string;
  period: string;
  date: string;
  employees: number;
  gross: number;
  employerCharges: number;
  incomeTax: number;
  net: number;
  wagesPaid: string | null;
  liabilitiesRemitted: string | null;
}

const runColumns = sql`
  r.id as "runId", r.run_no as "runNo", r.period, r.run_date as "date", r.employees, r.gross, r.employer_charges as "employerCharges",
  r.income_tax as "incomeTax", r.net,
  (select p.payment_date from people.payroll_payments p where p.run_id = r.id and p.kind = 'wages') as "wagesPaid",
  (select p.payment_date from people.payroll_payments p where p.run_id = r.id and p.kind = 'liabilities') as "liabilitiesRemitted"`;

export async function payrollRuns(db: Kysely<DB>): Promise<PayrollRunSummary[]> {
  const { rows } = await sql<PayrollRunSummary>`select ${runColumns} from people.payroll_runs r order by r.period`.execute(db);
  return rows;
}

export interface PayslipRow {
  employeeId: number;
  employeeCode: string;
  name: string;
  departmentCode: string | null;
  costCenter: string | null;
  monthlySalary: number;
  daysEmployed: number;
  daysInPeriod: number;
  gross: number;
  employerCharges: number;
  incomeTax: number;
  net: number;
}

/** A month's run with its payslips, or null when payroll has not run for it. */
export async function payrollRun(db: Kysely<DB>, period: string): Promise<(PayrollRunSummary & { payslips: PayslipRow[] }) | null> {
  const { rows } = await sql<PayrollRunSummary>`select ${runColumns} from people.payroll_runs r where r.period = ${period}`.execute(db);
  const run = rows[0];
  if (!run) return null;
  const payslips = await sql<PayslipRow>`
    select p.employee_id as "employeeId", e.code as "employeeCode", e.name, d.code as "departmentCode", p.cost_center as "costCenter",
           p.monthly_salary as "monthlySalary", p.days_employed as "daysEmployed", p.days_in_period as "daysInPeriod",
           p.gross, p.employer_charges as "employerCharges", p.income_tax as "incomeTax", p.net
      from people.payslips p join people.employees e on e.id = p.employee_id left join people.departments d on d.id = p.department_id
     where p.run_id = ${run.runId} order by p.employee_id`.execute(db);
  return { ...run, payslips: payslips.rows };
}

export interface OpenOperatingExpense {
  expenseId: number;
  expenseNo: string;
  date: string;
  dueDate: string;
  costCenter: string;
  account: string;
  currency: string;
  openAmount: number;
  openFunctional: number;
}

/** Accrued operating expenses not yet paid, due on or before `dueBy` when given, earliest due first. */
export async function openOperatingExpenses(db: Kysely<DB>, options: { dueBy?: string } = {}): Promise<OpenOperatingExpense[]> {
  const { rows } = await sql<OpenOperatingExpense>`
    select x.id as "expenseId", x.expense_no as "expenseNo", x.expense_date as "date", x.due_date as "dueDate", x.cost_center as "costCenter",
           x.account_code as "account", x.currency::text as currency, x.open_amount as "openAmount", x.open_functional as "openFunctional"
      from people.operating_expenses x
     where x.open_amount > 0 and (${options.dueBy ?? null}::date is null or x.due_date <= ${options.dueBy ?? null}::date)
     order by x.due_date, x.id`.execute(db);
  return rows;
}

export interface BudgetVersionSummary {
  versionId: number;
  fiscalYear: number;
  version: number;
  name: string;
  status: BudgetStatus;
  approvedDate: string | null;
  lines: number;
  total: number;
}

export async function budgetVersions(db: Kysely<DB>, fiscalYear?: number): Promise<BudgetVersionSummary[]> {
  const { rows } = await sql<BudgetVersionSummary>`
    select v.id as "versionId", v.fiscal_year as "fiscalYear", v.version, v.name, v.status, v.approved_date as "approvedDate",
           count(l.*)::int as lines, coalesce(sum(l.amount), 0)::bigint as total
      from people.budget_versions v left join people.budget_lines l on l.version_id = v.id
     where ${fiscalYear ?? null}::int is null or v.fiscal_year = ${fiscalYear ?? null}::int
     group by v.id order by v.fiscal_year, v.version`.execute(db);
  return rows;
}

export interface BudgetLineRecord {
  account: string;
  costCenter: string | null;
  period: string;
  amount: number;
}

/** The lines of one budget version, by account, cost centre and month. */
export async function budgetLines(db: Kysely<DB>, versionId: number): Promise<BudgetLineRecord[]> {
  const { rows } = await sql<BudgetLineRecord>`
    select account_code as account, cost_center as "costCenter", period, amount
      from people.budget_lines where version_id = ${versionId}
     order by account_code, cost_center nulls first, period`.execute(db);
  return rows;
}
