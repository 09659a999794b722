import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../kernel/command.js';
import { DomainError } from '../kernel/errors.js';
import { id, isoDate } from '../kernel/inputs.js';

export const EMPLOYEE_ROLES = ['sales_rep', 'sales_manager', 'buyer', 'planner', 'accountant', 'warehouse', 'technician', 'manager', 'other'] as const;

/** Functional minor units a month; the bound keeps salary × days exact in payroll arithmetic. */
export const monthlySalary = z.number().int().min(0).max(1e12);
const costCenterCode = z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'a cost centre code');

/**
 * Hires an employee. Department, cost centre (overriding the department's), start date and
 * monthly salary are optional, so people who are not on this company's payroll can be recorded
 * too; a salary needs a start date, and a start date in a month payroll has already run is
 * refused (that month's pay is settled).
 */
export const hireEmployee = defineCommand(
  'people.hireEmployee',
  z
    .object({
      code: z.string().regex(/^[A-Z0-9_-]{1,20}$/, 'capitals, digits, _ or -, at most 20'),
      name: z.string().trim().min(1).max(120),
      role: z.enum(EMPLOYEE_ROLES),
      region: z.string().optional(),
      managerId: id.optional(),
      departmentId: id.optional(),
      costCenter: costCenterCode.optional(),
      startDate: isoDate.optional(),
      monthlySalary: monthlySalary.optional(),
    })
    .refine((e) => e.monthlySalary === undefined || e.startDate !== undefined, { message: 'a salary needs a start date', path: ['startDate'] }),
  async (tx, input) => {
    const { rows } = await sql<{ id: number; region: string | null; department: boolean; cost_center: boolean; manager_active: boolean | null; paid: string | null }>`
      select nextval(pg_get_serial_sequence('people.employees', 'id'))::int as id,
             (select code from core.regions where code = ${input.region ?? null}::text) as region,
             exists (select 1 from people.departments where id = ${input.departmentId ?? null}::int) as department,
             exists (select 1 from finance.cost_centers where code = ${input.costCenter ?? null}::text) as cost_center,
             (select active from people.employees where id = ${input.managerId ?? null}::int) as manager_active,
             (select max(period) from people.payroll_runs) as paid`.execute(tx.db);
    const found = rows[0]!;
    if (input.region && !found.region) throw new DomainError('NOT_FOUND', `region ${input.region} does not exist`, 'region');
    if (input.departmentId !== undefined && !found.department) throw new DomainError('NOT_FOUND', `department ${input.departmentId} does not exist`, 'departmentId');
    if (input.costCenter !== undefined && !found.cost_center) throw new DomainError('NOT_FOUND', `cost centre ${input.costCenter} does not exist`, 'costCenter');
    if (input.managerId !== undefined && !found.manager_active) throw new DomainError('NOT_FOUND', `employee ${input.managerId} does not exist or has left`, 'managerId');
    if (input.startDate !== undefined) assertMonthNotPaid(found.paid, input.startDate, 'startDate', 'a start date');

    const employeeId = found.id;
    tx.emit({
      aggregateType: 'employee',
      aggregateId: employeeId,
      type: 'employee.hired',
      payload: { code: input.code, role: input.role, region: input.region, departmentId: input.departmentId, costCenter: input.costCenter, startDate: input.startDate, monthlySalary: input.monthlySalary },
    });
    await sql`
      with e as (
        insert into people.employees (id, code, name, role, region, manager_id, department_id, cost_center, start_date, created_by)
        values (${employeeId}, ${input.code}, ${input.name}, ${input.role}, ${input.region ?? null}, ${input.managerId ?? null}, ${input.departmentId ?? null},
                ${input.costCenter ?? null}, ${input.startDate ?? null}::date, ${tx.actor})
        returning id
      ), s as (
        insert into people.salaries (employee_id, effective_from, monthly_salary, reason, created_by)
        select e.id, ${input.startDate ?? null}::date, ${input.monthlySalary ?? null}::bigint, 'hired', ${tx.actor} from e
         where ${input.monthlySalary ?? null}::bigint is not null
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { employeeId };
  },
);

/**
 * Places an employee in the organisation: department, cost centre (null: the department's),
 * manager (null: none; never someone who reports to them), role, start date. Fields left out
 * keep their value.
 */
export const assignEmployee = defineCommand(
  'people.assignEmployee',
  z.object({
    employeeId: id,
    departmentId: id.nullable().optional(),
    costCenter: costCenterCode.nullable().optional(),
    managerId: id.nullable().optional(),
    role: z.enum(EMPLOYEE_ROLES).optional(),
    startDate: isoDate.optional(),
  }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string; start_date: string | null; leave_date: string | null; department: boolean; cost_center: boolean; manager_active: boolean | null; cycle: boolean; paid: string | null }>`
      select e.code, e.start_date, e.leave_date,
             exists (select 1 from people.departments where id = ${input.departmentId ?? null}::int) as department,
             exists (select 1 from finance.cost_centers where code = ${input.costCenter ?? null}::text) as cost_center,
             (select active from people.employees where id = ${input.managerId ?? null}::int) as manager_active,
             exists (
               with recursive up(id, depth) as (
                 select ${input.managerId ?? null}::int, 1
                 union all
                 select m.manager_id, up.depth + 1 from people.employees m join up on m.id = up.id where m.manager_id is not null and up.depth < 100000)
               select 1 from up where up.id = e.id) as cycle,
             (select max(period) from people.payroll_runs) as paid
        from people.employees e where e.id = ${input.employeeId}
         for no key update of e`.execute(tx.db);
    const employee = rows[0];
    if (!employee) throw new DomainError('NOT_FOUND', `employee ${input.employeeId} does not exist`, 'employeeId');
    if (input.departmentId && !employee.department) throw new DomainError('NOT_FOUND', `department ${input.departmentId} does not exist`, 'departmentId');
    if (input.costCenter && !employee.cost_center) throw new DomainError('NOT_FOUND', `cost centre ${input.costCenter} does not exist`, 'costCenter');
    if (input.managerId) {
      if (!employee.manager_active) throw new DomainError('NOT_FOUND', `employee ${input.managerId} does not exist or has left`, 'managerId');
      if (employee.cycle) throw new DomainError('CYCLE', `${employee.code} cannot report to employee ${input.managerId}, who reports to ${employee.code}`, 'managerId');
    }
    if (input.startDate !== undefined && input.startDate !== employee.start_date) {
      if (employee.start_date) assertMonthNotPaid(employee.paid, employee.start_date, 'startDate', `${employee.code}'s start date`);
      assertMonthNotPaid(employee.paid, input.startDate, 'startDate', 'a start date');
      if (employee.leave_date && input.startDate > employee.leave_date) throw new DomainError('INVALID_INPUT', `${employee.code} left on ${employee.leave_date}`, 'startDate');
    }
    const changes = {
      ...(input.departmentId !== undefined ? { department_id: input.departmentId } : {}),
      ...(input.costCenter !== undefined ? { cost_center: input.costCenter } : {}),
      ...(input.managerId !== undefined ? { manager_id: input.managerId } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...(input.startDate !== undefined ? { start_date: input.startDate } : {}),
    };
    if (Object.keys(changes).length === 0) throw new DomainError('INVALID_INPUT', 'nothing to change', 'employeeId');
    tx.emit({ aggregateType: 'employee', aggregateId: input.employeeId, type: 'employee.assigned', payload: { code: employee.code, ...input } });
    await updateEmployee(tx, input.employeeId, changes);
    return { employeeId: input.employeeId, ...changes };
  },
);

/**
 * A new monthly salary from a date (a raise, a promotion, a correction going forward). History
 * is kept; a month payroll has already run cannot change.
 */
export const changeSalary = defineCommand(
  'people.changeSalary',
  z.object({ employeeId: id, effectiveFrom: isoDate, monthlySalary, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string; start_date: string | null; leave_date: string | null; taken: boolean; paid: string | null; previous: number | null }>`
      select e.code, e.start_date, e.leave_date,
             exists (select 1 from people.salaries s where s.employee_id = e.id and s.effective_from = ${input.effectiveFrom}::date) as taken,
             (select max(period) from people.payroll_runs) as paid,
             (select s.monthly_salary from people.salaries s where s.employee_id = e.id and s.effective_from <= ${input.effectiveFrom}::date
               order by s.effective_from desc limit 1) as previous
        from people.employees e where e.id = ${input.employeeId}
         for no key update of e`.execute(tx.db);
    const employee = rows[0];
    if (!employee) throw new DomainError('NOT_FOUND', `employee ${input.employeeId} does not exist`, 'employeeId');
    if (!employee.start_date) throw new DomainError('NOT_ALLOWED', `${employee.code} has no start date; assign one before a salary`, 'employeeId');
    if (employee.leave_date && input.effectiveFrom > employee.leave_date) throw new DomainError('INVALID_INPUT', `${employee.code} left on ${employee.leave_date}`, 'effectiveFrom');
    if (employee.taken) throw new DomainError('DUPLICATE', `${employee.code} already has a salary from ${input.effectiveFrom}`, 'effectiveFrom');
    assertMonthNotPaid(employee.paid, input.effectiveFrom, 'effectiveFrom', 'a salary change');
    tx.emit({ aggregateType: 'employee', aggregateId: input.employeeId, type: 'salary.changed', payload: { code: employee.code, effectiveFrom: input.effectiveFrom, from: employee.previous, to: input.monthlySalary, reason: input.reason } });
    await sql`
      with s as (
        insert into people.salaries (employee_id, effective_from, monthly_salary, reason, created_by)
        values (${input.employeeId}, ${input.effectiveFrom}::date, ${input.monthlySalary}, ${input.reason}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { employeeId: input.employeeId, effectiveFrom: input.effectiveFrom, monthlySalary: input.monthlySalary, previous: employee.previous };
  },
);

/** An employee leaves: paid up to and including the leave date, and no longer active. */
export const recordLeaving = defineCommand(
  'people.recordLeaving',
  z.object({ employeeId: id, leaveDate: isoDate, reason: z.string().trim().min(1).max(500) }),
  async (tx, input) => {
    const { rows } = await sql<{ code: string; start_date: string | null; leave_date: string | null; active: boolean; paid: string | null }>`
      select e.code, e.start_date, e.leave_date, e.active, (select max(period) from people.payroll_runs) as paid
        from people.employees e where e.id = ${input.employeeId} for no key update of e`.execute(tx.db);
    const employee = rows[0];
    if (!employee) throw new DomainError('NOT_FOUND', `employee ${input.employeeId} does not exist`, 'employeeId');
    if (employee.leave_date || !employee.active) throw new DomainError('CONFLICT', `${employee.code} has already left`, 'employeeId');
    if (employee.start_date && input.leaveDate < employee.start_date) throw new DomainError('INVALID_INPUT', `${employee.code} started on ${employee.start_date}`, 'leaveDate');
    assertMonthNotPaid(employee.paid, input.leaveDate, 'leaveDate', 'a leave date');
    tx.emit({ aggregateType: 'employee', aggregateId: input.employeeId, type: 'employee.left', payload: { code: employee.code, leaveDate: input.leaveDate, reason: input.reason } });
    // Someone never dated into employment (hired without a start date) is only made inactive.
    await updateEmployee(tx, input.employeeId, { leave_date: employee.start_date ? input.leaveDate : null, active: false });
    return { employeeId: input.employeeId, leaveDate: input.leaveDate };
  },
);

/** Months payroll has run for are settled: employment and salary facts in them cannot change. */
function assertMonthNotPaid(lastPaid: string | null, date: string, field: string, what: string): void {
  if (lastPaid !== null && date.slice(0, 7) <= lastPaid) {
    throw new DomainError('NOT_ALLOWED', `payroll has run for ${lastPaid}; ${what} on ${date} falls in a month already paid`, field);
  }
}

async function updateEmployee(tx: Tx, employeeId: number, changes: Record<string, unknown>): Promise<void> {
  const columns = Object.keys(changes);
  await sql`
    with events as (${tx.eventsInsert()})
    update people.employees set ${sql.join(columns.map((c) => sql`${sql.ref(c)} = ${changes[c]}`))}
     where id = ${employeeId}`.execute(tx.db);
}
