import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { sql } from 'kysely';
import { addDaysIso } from '../domain/kernel/dates.js';
import { buildWorld } from '../domain/simulate/world.js';
import { foundCompany, SIMULATOR } from '../domain/simulate/setup.js';
import { runTreasury } from '../domain/simulate/treasury.js';
import { newTally } from '../domain/simulate/tally.js';
import { dayAfter } from '../domain/simulate/calendar.js';
import { organisationTruth, runPayrollAndExpenses, setUpOrganisation } from '../domain/simulate/payroll.js';
import { core, DomainError, finance, people, verify } from '../domain/index.js';
import { openDatabase } from '../domain/db/connect.js';
import { migrate, migrationFiles } from '../domain/db/migrate.js';
import { freshDatabase, onServer, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, fingerprint, fingerprintDiff, rejectionOf } from './support/fingerprint.js';
import { propertyRuns } from './support/property.js';

/** Balance (debit − credit) of an account, optionally of one cost centre. */
async function balance(co: TestCompany, account: string, costCenter?: string): Promise<number> {
  const { rows } = await sql<{ b: number }>`
    select coalesce(sum(debit - credit), 0)::bigint as b from finance.journal_lines
     where account_code = ${account} and (${costCenter ?? null}::text is null or cost_center = ${costCenter ?? null}::text)`.execute(co.ctx.db);
  return rows[0]!.b;
}

async function booksAgree(co: TestCompany) {
  expect((await verify(co.ctx.db)).breaches).toEqual([]);
  expect(await people.organisationBreaches(co.ctx.db)).toEqual([]);
}

describe('organisation and payroll', () => {
  let database: TestDatabase;
  let co: TestCompany;
  const ids = { mgmt: 0, sales: 0, ops: 0, boss: 0, seller: 0, starter: 0, leaver: 0, unsalaried: 0 };
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
  });
  afterAll(() => database.drop());

  it('builds a department tree on cost centres, refusing duplicates, unknown cost centres and cycles', async () => {
    const { ctx } = co;
    ids.mgmt = (await people.createDepartment(ctx, { code: 'MGMT', name: 'Management', costCenter: 'MGMT', costCenterName: 'Management' })).departmentId;
    ids.sales = (await people.createDepartment(ctx, { code: 'SALES', name: 'Sales', parentId: ids.mgmt, costCenter: 'SALES', costCenterName: 'Sales' })).departmentId;
    await finance.addCostCenter(ctx, { code: 'OPS', name: 'Operations' });
    ids.ops = (await people.createDepartment(ctx, { code: 'OPS', name: 'Operations', parentId: ids.mgmt, costCenter: 'OPS' })).departmentId;
    await expectRejectedWithoutTrace(ctx.db, () => people.createDepartment(ctx, { code: 'SALES', name: 'Again', costCenter: 'SALES' }), 'DUPLICATE', 'code');
    await expectRejectedWithoutTrace(ctx.db, () => people.createDepartment(ctx, { code: 'NEW', name: 'New', costCenter: 'NOPE' }), 'NOT_FOUND', 'costCenter');
    await expectRejectedWithoutTrace(ctx.db, () => people.reorganiseDepartment(ctx, { departmentId: ids.mgmt, parentId: ids.sales }), 'CYCLE', 'parentId');
    await expectRejectedWithoutTrace(ctx.db, () => people.reorganiseDepartment(ctx, { departmentId: ids.mgmt, parentId: ids.mgmt }), 'CYCLE', 'parentId');
    // The database refuses a loop on its own too.
    const error = await rejectionOf(sql`update people.departments set parent_id = ${ids.ops} where id = ${ids.mgmt}`.execute(ctx.db));
    expect(String(error)).toMatch(/LEDGERLOOP:CYCLE/);
    await people.reorganiseDepartment(ctx, { departmentId: ids.ops, parentId: null });
    const tree = await people.listDepartments(ctx.db);
    expect(tree.map((d) => [d.code, d.parentCode, d.costCenter])).toEqual([['MGMT', null, 'MGMT'], ['SALES', 'MGMT', 'SALES'], ['OPS', null, 'OPS']]);
  });

  it('hires with department, salary and start date, keeps old callers working, and keeps reporting lines a tree', async () => {
    const { ctx } = co;
    ids.boss = (await people.hireEmployee(ctx, { code: 'BOSS', name: 'Ada Boss', role: 'manager', departmentId: ids.mgmt, startDate: '2023-01-01', monthlySalary: 1_000_000 })).employeeId;
    ids.seller = (await people.hireEmployee(ctx, { code: 'SELL', name: 'Sam Seller', role: 'sales_manager', region: 'NA', managerId: ids.boss, departmentId: ids.sales, startDate: '2023-06-01', monthlySalary: 600_000 })).employeeId;
    // The test company's rep was hired the old way: no department, no salary, never on payroll.
    await people.assignEmployee(ctx, { employeeId: co.repId, departmentId: ids.sales, managerId: ids.seller });
    ids.unsalaried = co.repId;
    await expectRejectedWithoutTrace(ctx.db, () => people.hireEmployee(ctx, { code: 'X1', name: 'No Start', role: 'other', monthlySalary: 1 }), 'INVALID_INPUT', 'startDate');
    await expectRejectedWithoutTrace(ctx.db, () => people.hireEmployee(ctx, { code: 'X2', name: 'Nowhere', role: 'other', departmentId: 999 }), 'NOT_FOUND', 'departmentId');
    await expectRejectedWithoutTrace(ctx.db, () => people.hireEmployee(ctx, { code: 'BOSS', name: 'Twin', role: 'other' }), 'DUPLICATE');
    await expectRejectedWithoutTrace(ctx.db, () => people.assignEmployee(ctx, { employeeId: ids.boss, managerId: co.repId }), 'CYCLE', 'managerId');
    await expectRejectedWithoutTrace(ctx.db, () => people.assignEmployee(ctx, { employeeId: ids.boss, managerId: ids.boss }), 'CYCLE', 'managerId');
    const error = await rejectionOf(sql`update people.employees set manager_id = ${co.repId} where id = ${ids.boss}`.execute(ctx.db));
    expect(String(error)).toMatch(/LEDGERLOOP:CYCLE/);
    // An employee's own cost centre overrides the department's.
    await people.assignEmployee(ctx, { employeeId: ids.seller, costCenter: 'OPS' });
    const staff = await people.staffOn(ctx.db, '2024-01-15');
    expect(staff.find((s) => s.id === ids.seller)).toMatchObject({ departmentCode: 'SALES', costCenter: 'OPS', managerId: ids.boss, monthlySalary: 600_000 });
    await people.assignEmployee(ctx, { employeeId: ids.seller, costCenter: null });
  });

  it('refuses a payroll without rates, then pays January pro rata with one balanced entry per cost centre', async () => {
    const { ctx } = co;
    await expectRejectedWithoutTrace(ctx.db, () => people.runPayroll(ctx, { period: '2024-01' }), 'NOT_CONFIGURED', 'period');
    await people.setPayrollRates(ctx, { effectiveFrom: '2023-01-01', employerChargesBp: 2_000, incomeTaxBp: 1_500 });
    // Starts on 11 January (21 of 31 days); leaves on 10 January (10 days); the seller gets a raise on the 16th.
    ids.starter = (await people.hireEmployee(ctx, { code: 'NEWB', name: 'New Starter', role: 'warehouse', departmentId: ids.ops, startDate: '2024-01-11', monthlySalary: 310_000 })).employeeId;
    ids.leaver = (await people.hireEmployee(ctx, { code: 'GONE', name: 'Soon Gone', role: 'warehouse', departmentId: ids.ops, startDate: '2023-03-01', monthlySalary: 310_001 })).employeeId;
    await people.recordLeaving(ctx, { employeeId: ids.leaver, leaveDate: '2024-01-10', reason: 'moved away' });
    await people.changeSalary(ctx, { employeeId: ids.seller, effectiveFrom: '2024-01-16', monthlySalary: 662_000, reason: 'promotion' });
    expect((await people.salaryHistory(ctx.db, ids.seller)).map((s) => s.monthlySalary)).toEqual([600_000, 662_000]);

    await expectRejectedWithoutTrace(ctx.db, () => people.runPayroll(ctx, { period: '2024-01', date: '2024-02-01' }), 'INVALID_INPUT', 'date');
    const run = await people.runPayroll(ctx, { period: '2024-01' });
    // Boss 1,000,000; seller (15 × 600,000 + 16 × 662,000) ÷ 31 = 632,000; starter 21/31 × 310,000 = 210,000; leaver 10/31 × 310,001 = 100,000.32 → 100,000.
    expect(run).toMatchObject({ period: '2024-01', date: '2024-01-31', employees: 4, gross: 1_942_000, employerCharges: 388_400, incomeTax: 291_300, net: 1_650_700 });
    const detail = await people.payrollRun(ctx.db, '2024-01');
    expect(detail!.payslips.map((p) => [p.employeeCode, p.costCenter, p.daysEmployed, p.gross, p.net])).toEqual([
      ['BOSS', 'MGMT', 31, 1_000_000, 850_000],
      ['SELL', 'SALES', 31, 632_000, 537_200],
      ['NEWB', 'OPS', 21, 210_000, 178_500],
      ['GONE', 'OPS', 10, 100_000, 85_000],
    ]);
    const lines = await ctx.db.selectFrom('finance.journal_lines').select(['account_code', 'debit', 'credit', 'cost_center']).where('entry_id', '=', run.journalEntryId!).orderBy('line_no').execute();
    expect(lines).toEqual([
      { account_code: '6100', debit: 1_000_000, credit: 0, cost_center: 'MGMT' },
      { account_code: '6110', debit: 200_000, credit: 0, cost_center: 'MGMT' },
      { account_code: '6100', debit: 310_000, credit: 0, cost_center: 'OPS' },
      { account_code: '6110', debit: 62_000, credit: 0, cost_center: 'OPS' },
      { account_code: '6100', debit: 632_000, credit: 0, cost_center: 'SALES' },
      { account_code: '6110', debit: 126_400, credit: 0, cost_center: 'SALES' },
      { account_code: '2310', debit: 0, credit: 1_650_700, cost_center: null },
      { account_code: '2320', debit: 0, credit: 291_300, cost_center: null },
      { account_code: '2330', debit: 0, credit: 388_400, cost_center: null },
    ]);
    expect(detail!.payslips.reduce((s, p) => s + p.gross, 0)).toBe(run.gross);
    await booksAgree(co);
  });

  it('runs each month once, settles paid months, and refuses a closed month', async () => {
    const { ctx } = co;
    await expectRejectedWithoutTrace(ctx.db, () => people.runPayroll(ctx, { period: '2024-01', date: '2024-01-30' }), 'DUPLICATE', 'period');
    await expectRejectedWithoutTrace(ctx.db, () => people.changeSalary(ctx, { employeeId: ids.boss, effectiveFrom: '2024-01-20', monthlySalary: 1, reason: 'late' }), 'NOT_ALLOWED', 'effectiveFrom');
    await expectRejectedWithoutTrace(ctx.db, () => people.hireEmployee(ctx, { code: 'LATE', name: 'Back Dated', role: 'other', startDate: '2024-01-05', monthlySalary: 1 }), 'NOT_ALLOWED', 'startDate');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordLeaving(ctx, { employeeId: ids.starter, leaveDate: '2024-01-31', reason: 'x' }), 'NOT_ALLOWED', 'leaveDate');
    await expectRejectedWithoutTrace(ctx.db, () => people.setPayrollRates(ctx, { effectiveFrom: '2024-01-15', employerChargesBp: 1, incomeTaxBp: 1 }), 'NOT_ALLOWED', 'effectiveFrom');
    // The database keeps paid months settled even when a writer skips the command.
    const error = await rejectionOf(sql`insert into people.salaries (employee_id, effective_from, monthly_salary, reason, created_by) values (${ids.boss}, '2024-01-20', 1, 'x', 'x')`.execute(ctx.db));
    expect(String(error)).toMatch(/LEDGERLOOP:NOT_ALLOWED/);
    for (const statement of [sql`update people.payslips set gross = gross + 1`, sql`delete from people.payroll_runs`, sql`update people.salaries set monthly_salary = 1`]) {
      expect(String(await rejectionOf(statement.execute(ctx.db)))).toMatch(/LEDGERLOOP:IMMUTABLE/);
    }
    await finance.closePeriod(ctx, { period: '2024-02' });
    await expectRejectedWithoutTrace(ctx.db, () => people.runPayroll(ctx, { period: '2024-02' }), 'PERIOD_CLOSED', 'date');
  });

  it('pays the net wages and remits the liabilities once each', async () => {
    const { ctx } = co;
    await expectRejectedWithoutTrace(ctx.db, () => people.payWages(ctx, { period: '2024-01', date: '2024-01-30' }), 'INVALID_INPUT', 'date');
    await expectRejectedWithoutTrace(ctx.db, () => people.payWages(ctx, { period: '2023-12', date: '2024-01-31' }), 'NOT_FOUND', 'period');
    const bankBefore = await balance(co, '1100');
    const wages = await people.payWages(ctx, { period: '2024-01', date: '2024-03-01' });
    expect(wages).toMatchObject({ kind: 'wages', amount: 1_650_700 });
    await booksAgree(co);
    await expectRejectedWithoutTrace(ctx.db, () => people.payWages(ctx, { period: '2024-01', date: '2024-03-02' }), 'CONFLICT', 'period');
    await people.remitPayrollLiabilities(ctx, { period: '2024-01', date: '2024-03-15' });
    expect(await balance(co, '1100')).toBe(bankBefore - 1_942_000 - 388_400);
    for (const account of ['2310', '2320', '2330']) expect(await balance(co, account)).toBe(0);
    expect(await people.payrollRuns(ctx.db)).toEqual([expect.objectContaining({ period: '2024-01', wagesPaid: '2024-03-01', liabilitiesRemitted: '2024-03-15' })]);
    // A payment for the wrong amount is refused by the database too.
    const run = await ctx.db.selectFrom('people.payroll_runs').select('id').executeTakeFirstOrThrow();
    const error = await rejectionOf(sql`insert into people.payroll_payments (id, payment_no, run_id, kind, payment_date, amount, created_by)
      values (9999, 'X', ${run.id}, 'wages', '2024-03-01', 5, 'x')`.execute(ctx.db));
    expect(String(error)).toMatch(/LEDGERLOOP:(CONFLICT|DUPLICATE)|duplicate key/);
    await booksAgree(co);
  });

  it('refuses at commit a run whose totals differ from its payslips', async () => {
    const { ctx } = co;
    const error = await rejectionOf(
      ctx.db.transaction().execute(async (trx) => {
        await sql`insert into people.payroll_runs (id, run_no, period, run_date, employer_charges_bp, income_tax_bp, employees, gross, employer_charges, income_tax, net, created_by)
                  values (9998, 'PAY-X', '2030-01', '2030-01-31', 0, 0, 1, 100, 0, 0, 100, 'x')`.execute(trx);
        await sql`insert into people.payslips (run_id, employee_id, monthly_salary, days_employed, days_in_period, gross, employer_charges, income_tax, net)
                  values (9998, ${ids.boss}, 99, 31, 31, 99, 0, 0, 99)`.execute(trx);
      }),
    );
    expect(String(error)).toMatch(/LEDGERLOOP:UNBALANCED_PAYROLL/);
    expect(await people.payrollRuns(ctx.db)).toHaveLength(1);
  });

  it('pays March with the leaver gone and the starter in full, and the ledger by cost centre adds up', async () => {
    const { ctx } = co;
    await people.setPayrollRates(ctx, { effectiveFrom: '2024-03-01', employerChargesBp: 2_100, incomeTaxBp: 1_500 });
    const march = await people.runPayroll(ctx, { period: '2024-03', date: '2024-03-29' });
    expect(march).toMatchObject({ employees: 3, gross: 1_000_000 + 662_000 + 310_000, employerCharges: 210_000 + 139_020 + 65_100 });
    const total = (await people.payrollRuns(ctx.db)).reduce((s, r) => s + r.gross, 0);
    expect((await balance(co, '6100', 'MGMT')) + (await balance(co, '6100', 'SALES')) + (await balance(co, '6100', 'OPS'))).toBe(total);
    expect(await balance(co, '6100')).toBe(total);
    expect((await finance.trialBalance(ctx.db, '2024-12-31')).balanced).toBe(true);
    await booksAgree(co);
    const events = await sql<{ event_type: string }>`select event_type from core.outbox where command like 'people.%' order by id`.execute(ctx.db);
    expect(new Set(events.rows.map((e) => e.event_type))).toEqual(
      new Set(['department.created', 'department.reorganised', 'employee.hired', 'employee.assigned', 'employee.left', 'salary.changed', 'payroll_rates.set', 'payroll.run_posted', 'payroll.wages_paid', 'payroll.liabilities_remitted']),
    );
  });

  it('throws only domain errors for absurd input', async () => {
    const { ctx } = co;
    for (const attempt of [
      () => people.runPayroll(ctx, { period: '2024-13' }),
      () => people.hireEmployee(ctx, { code: 'lower', name: 'x', role: 'other' }),
      () => people.changeSalary(ctx, { employeeId: ids.boss, effectiveFrom: '2024-05-01', monthlySalary: -1, reason: 'x' }),
      () => people.changeSalary(ctx, { employeeId: 424242, effectiveFrom: '2024-05-01', monthlySalary: 1, reason: 'x' }),
      () => people.assignEmployee(ctx, { employeeId: ids.boss }),
    ]) {
      expect(await rejectionOf(attempt())).toBeInstanceOf(DomainError);
    }
  });
});

/**
 * Random sequences of organisation commands — hires, raises, leavers, reporting lines, payroll
 * runs (the next month, a paid one, one too far ahead), payments, expenses, budgets, period
 * closes — many of them wrong. After every step the books and this area's control accounts
 * agree (verify and organisationBreaches), and a rejected command was a DomainError that left
 * no trace. Runs and seed: PROPERTY_RUNS, PROPERTY_SEED.
 */
describe('organisation command sequences (property)', () => {
  const RUN_OPTIONS = propertyRuns(8);
  const RUNS = RUN_OPTIONS.numRuns;
  let database: TestDatabase;
  let co: TestCompany;
  const departments: number[] = [];
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'property' });
    for (const code of ['A', 'B', 'C']) {
      departments.push((await people.createDepartment(co.ctx, { code, name: `Department ${code}`, costCenter: `CC-${code}`, costCenterName: `Cost centre ${code}` })).departmentId);
    }
    await people.setPayrollRates(co.ctx, { effectiveFrom: '2023-01-01', employerChargesBp: 1_850, incomeTaxBp: 2_200 });
  });
  afterAll(() => database.drop());

  type Pick = number; // -1: something that does not exist
  type Step =
    | { kind: 'hire'; dept: Pick; salary: number | null; start: number; manager: Pick | null }
    | { kind: 'raise'; who: Pick; salary: number; at: number }
    | { kind: 'leave'; who: Pick; at: number }
    | { kind: 'manager'; who: Pick; manager: Pick }
    | { kind: 'payroll'; ahead: number; day: number }
    | { kind: 'pay'; what: 'wages' | 'liabilities'; run: Pick; late: number }
    | { kind: 'expense'; account: string; costCenter: string; amount: number; payable: boolean; eur: boolean; at: number }
    | { kind: 'payExpense'; expense: Pick; late: number }
    | { kind: 'rates'; at: number; charges: number; tax: number }
    | { kind: 'budget'; account: string; costCenter: string | null; month: number; amount: number; approve: boolean }
    | { kind: 'close' };

  const pick = fc.oneof({ weight: 10, arbitrary: fc.nat({ max: 1_000 }) }, { weight: 1, arbitrary: fc.constant(-1) });
  const offset = fc.integer({ min: -40, max: 45 });
  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('hire' as const), dept: pick, salary: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null, freq: 6 }), start: offset, manager: fc.option(pick, { nil: null }) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('raise' as const), who: pick, salary: fc.integer({ min: 0, max: 2_000_000 }), at: fc.integer({ min: -5, max: 45 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('leave' as const), who: pick, at: offset }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('manager' as const), who: pick, manager: pick }) },
    { weight: 6, arbitrary: fc.record({ kind: fc.constant('payroll' as const), ahead: fc.constantFrom(0, 0, 0, -1, 1), day: fc.integer({ min: 1, max: 31 }) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('pay' as const), what: fc.constantFrom('wages' as const, 'liabilities' as const), run: pick, late: fc.integer({ min: -3, max: 20 }) }) },
    { weight: 5, arbitrary: fc.record({ kind: fc.constant('expense' as const), account: fc.constantFrom('6200', '6250', '6300', '6500', '6100', '4100', '9999'), costCenter: fc.constantFrom('CC-A', 'CC-B', 'CC-C', 'NOPE'), amount: fc.integer({ min: 0, max: 900_000 }), payable: fc.boolean(), eur: fc.boolean(), at: offset }) },
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('payExpense' as const), expense: pick, late: fc.integer({ min: -5, max: 40 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('rates' as const), at: offset, charges: fc.integer({ min: 0, max: 4_000 }), tax: fc.integer({ min: 0, max: 4_000 }) }) },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('budget' as const), account: fc.constantFrom('6100', '6200', '4100', '1100'), costCenter: fc.constantFrom('CC-A', 'CC-B', null), month: fc.integer({ min: 1, max: 12 }), amount: fc.integer({ min: -1_000, max: 1_000_000 }), approve: fc.boolean() }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'close' as const }) },
  );

  it('keeps the books and the payroll control accounts in agreement', async () => {
    const { ctx } = co;
    const db = ctx.db;
    const tally = { accepted: new Map<string, number>(), rejected: 0, codes: new Set<string>() };
    const addMonths = (period: string, n: number) => {
      const d = new Date(`${period}-01T00:00:00Z`);
      d.setUTCMonth(d.getUTCMonth() + n);
      return d.toISOString().slice(0, 7);
    };
    let hires = 0;
    const chosen = <T>(list: T[], p: Pick, missing: T): T => (p < 0 || list.length === 0 ? missing : list[p % list.length]!);

    async function runStep(s: Step, log: string[]) {
      const paid = (await db.selectFrom('people.payroll_runs').select(sql<string>`max(period)`.as('p')).executeTakeFirst())?.p ?? null;
      const month = paid ? addMonths(paid, 1) : '2024-01';
      const on = (days: number) => addDaysIso(`${month}-01`, days);
      const employees = (await db.selectFrom('people.employees').select('id').orderBy('id').execute()).map((e) => e.id);
      const runs = await people.payrollRuns(db);
      const expenses = (await db.selectFrom('people.operating_expenses').select('id').orderBy('id').execute()).map((e) => e.id);
      const run = async (): Promise<unknown> => {
        switch (s.kind) {
          case 'hire':
            return people.hireEmployee(ctx, {
              code: `E${++hires}`, name: `Employee ${hires}`, role: 'other', departmentId: chosen(departments, s.dept, 999_999),
              ...(s.manager !== null ? { managerId: chosen(employees, s.manager, 999_999) } : {}),
              ...(s.salary !== null ? { startDate: on(s.start), monthlySalary: s.salary } : {}),
            });
          case 'raise':
            return people.changeSalary(ctx, { employeeId: chosen(employees, s.who, 999_999), effectiveFrom: on(s.at), monthlySalary: s.salary, reason: 'review' });
          case 'leave':
            return people.recordLeaving(ctx, { employeeId: chosen(employees, s.who, 999_999), leaveDate: on(s.at), reason: 'left' });
          case 'manager':
            return people.assignEmployee(ctx, { employeeId: chosen(employees, s.who, 999_999), managerId: chosen(employees, s.manager, 999_999) });
          case 'payroll': {
            const period = addMonths(month, s.ahead);
            return people.runPayroll(ctx, { period, date: `${period}-${String(Math.min(s.day, people.monthBounds(period).days)).padStart(2, '0')}` });
          }
          case 'pay': {
            const r = chosen(runs, s.run, undefined);
            const args = { period: r?.period ?? '2019-01', date: addDaysIso(r?.date ?? '2024-01-01', s.late) };
            return s.what === 'wages' ? people.payWages(ctx, args) : people.remitPayrollLiabilities(ctx, args);
          }
          case 'expense':
            return people.recordOperatingExpense(ctx, { date: on(s.at), costCenter: s.costCenter, account: s.account, amount: s.amount, description: 'test', paidFrom: s.payable ? 'payable' : 'bank', ...(s.eur ? { currency: 'EUR' } : {}) });
          case 'payExpense': {
            const id = chosen(expenses, s.expense, 999_999);
            return people.payOperatingExpense(ctx, { expenseId: id, date: on(s.late) });
          }
          case 'rates':
            return people.setPayrollRates(ctx, { effectiveFrom: on(s.at), employerChargesBp: s.charges, incomeTaxBp: s.tax });
          case 'budget': {
            const version = await people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'v', lines: [{ account: s.account, costCenter: s.costCenter, period: `2024-${String(s.month).padStart(2, '0')}`, amount: s.amount }] });
            return s.approve ? people.approveBudgetVersion(ctx, { versionId: version.versionId, date: on(0) }) : version;
          }
          case 'close':
            return finance.closePeriod(ctx, { period: addMonths(month, -1) });
        }
      };
      const label = `${month} ${JSON.stringify(s)}`;
      log.push(label);
      const before = await fingerprint(db);
      try {
        await run();
        tally.accepted.set(s.kind, (tally.accepted.get(s.kind) ?? 0) + 1);
      } catch (error) {
        const context = `\n  after: ${label}\n  recent: ${log.slice(-6).join('\n    ')}`;
        expect(error, `${String(error)}${context}`).toBeInstanceOf(DomainError);
        tally.rejected++;
        tally.codes.add((error as DomainError).code);
        expect(fingerprintDiff(before, await fingerprint(db)), `a rejected command left a trace${context}`).toEqual([]);
      }
      expect((await verify(db)).breaches, label).toEqual([]);
      expect(await people.organisationBreaches(db), label).toEqual([]);
    }

    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 25 }), async (steps) => {
        const log: string[] = [];
        for (const s of steps) await runStep(s, log);
      }),
      RUN_OPTIONS,
    );
    if (process.env.PROPERTY_VERBOSE) console.log(JSON.stringify({ accepted: [...tally.accepted], rejected: tally.rejected, codes: [...tally.codes], runs: (await people.payrollRuns(db)).length }));
    // The runs did real work: each kind of command was accepted, and refusals happened.
    for (const kind of ['hire', 'raise', 'payroll', 'pay', 'expense', 'budget']) expect(tally.accepted.get(kind) ?? 0, `no ${kind} accepted`).toBeGreaterThan(0);
    expect(tally.rejected).toBeGreaterThan(RUNS * 2);
    for (const code of ['NOT_ALLOWED', 'NOT_FOUND']) expect([...tally.codes]).toContain(code);
    // Every run's payslips add up to it (the database checks this at commit; here it is seen).
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from people.payroll_runs r
       where r.gross <> (select sum(gross) from people.payslips p where p.run_id = r.id) or r.net <> (select sum(net) from people.payslips p where p.run_id = r.id)`.execute(db);
    expect(rows[0]!.n).toBe(0);
    expect((await people.payrollRuns(db)).length).toBeGreaterThan(1);
  });
});

/**
 * The simulator's organisation behaviour, driven the way simulate() drives its behaviours (run.ts
 * is wired by the lead): two months of the founded demo company with its treasury (rates, month
 * closes on the 5th) and its payroll and running costs. The customer, buying and fulfilment
 * behaviours are left out so this test depends only on the company's founding.
 */
describe('the demo company with its organisation', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('pays its people and its costs for 60 days with the books in balance', async () => {
    database = await freshDatabase();
    const sim = { db: database.db, actor: SIMULATOR };
    const world = buildWorld(7, 0.05);
    const start = '2024-01-01';
    const ids = await foundCompany(sim, world, start);
    await setUpOrganisation(sim, world, ids, start);
    const truth = organisationTruth(world);
    expect((await people.staffOn(sim.db, start)).filter((s) => s.monthlySalary !== null)).toHaveLength(truth.headcountAtStart);
    const tally = newTally();
    for (let k = 0; k < 60; k++) {
      const today = dayAfter(start, k);
      await runTreasury(sim, world.seed, start, today, tally);
      await runPayrollAndExpenses(sim, world, today, tally);
    }
    expect(tally.commands).toBeGreaterThan(40);
    expect((await verify(sim.db)).breaches).toEqual([]);
    expect(await people.organisationBreaches(sim.db)).toEqual([]);
    expect((await finance.trialBalance(sim.db, '9999-12-31')).balanced).toBe(true);
    const runs = await people.payrollRuns(sim.db);
    expect(runs.map((r) => [r.period, r.date, r.wagesPaid, r.liabilitiesRemitted])).toEqual([
      ['2024-01', '2024-01-31', '2024-02-01', '2024-02-15'],
      ['2024-02', '2024-02-29', null, null],
    ]);
    expect(runs[0]!.employees).toBe(truth.headcountAtStart);
    // Every department's people are paid on its cost centre; rent, utilities, marketing and travel land on theirs.
    const january = await people.budgetVsActual(sim.db, { period: '2024-01' });
    const actual = (account: string, costCenter: string) => january.rows.find((r) => r.account === account && r.costCenter === costCenter)?.actual ?? 0;
    for (const d of truth.departments) if (d.headcountAtStart > 0) expect(actual('6100', d.code), d.code).toBeGreaterThan(0);
    for (const w of ['WH-NA', 'WH-EU', 'WH-AP']) {
      expect(actual('6200', w), w).toBeGreaterThan(0);
      expect(actual('6250', w), w).toBeGreaterThan(0);
    }
    expect(january.rows.filter((r) => r.account === '6300').length).toBe(4);
    expect(january.totals.expense.budget).toBeGreaterThan(0);
    // The budget misjudges utilities on purpose.
    const utilities = january.rows.filter((r) => r.account === '6250');
    expect(utilities.reduce((s, r) => s + r.actual, 0)).toBeGreaterThan(utilities.reduce((s, r) => s + r.budget, 0));
    expect(await people.openOperatingExpenses(sim.db)).toHaveLength(3); // February's utilities, due in March

    // Deterministic and stateless: stopped after 25 days and continued with a new world object,
    // another company ends with the same books.
    const again = await freshDatabase();
    try {
      const sim2 = { db: again.db, actor: SIMULATOR };
      const ids2 = await foundCompany(sim2, buildWorld(7, 0.05), start);
      await setUpOrganisation(sim2, buildWorld(7, 0.05), ids2, start);
      for (const [from, to] of [[0, 25], [25, 60]] as const) {
        const world2 = buildWorld(7, 0.05);
        for (let k = from; k < to; k++) {
          await runTreasury(sim2, world2.seed, start, dayAfter(start, k), tally);
          await runPayrollAndExpenses(sim2, world2, dayAfter(start, k), tally);
        }
      }
      const books = async (db: typeof sim.db) => ({
        balances: (await finance.trialBalance(db, '9999-12-31')).rows.map((r) => `${r.account}:${r.balance}`),
        runs: await people.payrollRuns(db),
        expenses: (await sql<{ n: number; total: number }>`select count(*)::int as n, sum(amount_functional)::bigint as total from people.operating_expenses`.execute(db)).rows,
      });
      expect(await books(sim2.db)).toEqual(await books(sim.db));
    } finally {
      await again.drop();
    }
  });
});

/**
 * On the server, commands really run side by side: a month is paid once, and the facts a run
 * paid on (salaries, rates, start and leave dates) cannot change under it — every payslip still
 * equals what the facts now in the database give.
 */
describe.runIf(onServer)('organisation under concurrency (server)', () => {
  let database: TestDatabase;
  afterAll(() => database?.drop());

  it('pays each month once and never on facts that changed under it', async () => {
    database = await freshDatabase({ poolSize: 12 });
    const co = await setUpTestCompany({ db: database.db, actor: 'race' });
    const ctx = co.ctx;
    const { departmentId } = await people.createDepartment(ctx, { code: 'OPS', name: 'Operations', costCenter: 'OPS', costCenterName: 'Operations' });
    await people.setPayrollRates(ctx, { effectiveFrom: '2023-01-01', employerChargesBp: 2_000, incomeTaxBp: 1_000 });
    const staff: number[] = [];
    for (let k = 0; k < 8; k++) {
      staff.push((await people.hireEmployee(ctx, { code: `S${k}`, name: `Staff ${k}`, role: 'warehouse', departmentId, startDate: '2023-06-01', monthlySalary: 300_000 + k * 1_000 })).employeeId);
    }
    const months = ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06'];
    for (const [i, month] of months.entries()) {
      // Alternate who gets there first: the run, or the changes.
      const [runDelay, changeDelay] = i % 2 === 0 ? [0, 3 * i] : [4 * i, 0];
      const after = <T>(ms: number, f: () => Promise<T>) => new Promise<void>((resolve) => setTimeout(resolve, ms)).then(f);
      const results = await Promise.allSettled([
        after(runDelay, () => people.runPayroll(ctx, { period: month })),
        after(changeDelay, () => people.changeSalary(ctx, { employeeId: staff[0]!, effectiveFrom: `${month}-10`, monthlySalary: 310_000 + i * 1_000, reason: 'race' })),
        after(runDelay, () => people.runPayroll(ctx, { period: month })),
        after(changeDelay, () => people.hireEmployee(ctx, { code: `H${i}`, name: `Hire ${i}`, role: 'warehouse', departmentId, startDate: `${month}-05`, monthlySalary: 250_000 })),
        after(changeDelay, () => people.recordLeaving(ctx, { employeeId: staff[i + 1]!, leaveDate: `${month}-20`, reason: 'race' })),
        after(changeDelay, () => people.setPayrollRates(ctx, { effectiveFrom: `${month}-15`, employerChargesBp: 2_000 + i, incomeTaxBp: 1_000 + i })),
        after(changeDelay, () => people.assignEmployee(ctx, { employeeId: staff[7]!, startDate: `${month}-02` })),
      ]);
      for (const r of results) if (r.status === 'rejected') expect(r.reason, String(r.reason)).toBeInstanceOf(DomainError);
      const runs = [results[0]!, results[2]!];
      expect(runs.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(runs.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason.code)).toEqual(['DUPLICATE']);
    }
    // Recompute every month from the facts as they stand now: they must give the payslips paid.
    for (const month of months) {
      const bounds = people.monthBounds(month);
      const { rows } = await sql<{ employees: people.PayrollEmployee[]; rates: people.PayrollRates }>`
        select (select jsonb_agg(jsonb_build_object('employeeId', e.id, 'departmentId', e.department_id, 'costCenter', 'OPS', 'startDate', e.start_date, 'leaveDate', e.leave_date,
                  'salaries', (select jsonb_agg(jsonb_build_object('effectiveFrom', s.effective_from, 'monthlySalary', s.monthly_salary)) from people.salaries s where s.employee_id = e.id)))
                  from people.employees e where exists (select 1 from people.salaries s where s.employee_id = e.id and s.effective_from <= ${bounds.last}::date)) as employees,
               (select jsonb_build_object('employerChargesBp', employer_charges_bp, 'incomeTaxBp', income_tax_bp) from people.payroll_rates
                 where effective_from <= ${bounds.last}::date order by effective_from desc limit 1) as rates`.execute(ctx.db);
      const expected = people.computePayroll(rows[0]!.employees, month, rows[0]!.rates);
      const paid = await people.payrollRun(ctx.db, month);
      expect(paid!.payslips.map((p) => [p.employeeId, p.gross, p.employerCharges, p.incomeTax]), month).toEqual(
        expected.payslips.map((p) => [p.employeeId, p.gross, p.employerCharges, p.incomeTax]),
      );
    }
    expect((await verify(ctx.db)).breaches).toEqual([]);
    expect(await people.organisationBreaches(ctx.db)).toEqual([]);
  });
});

describe('the organisation migration', () => {
  it('adds the payroll and expense accounts and roles to a company set up before it', async () => {
    const database = await openDatabase({ dataDir: 'memory' });
    try {
      const files = migrationFiles();
      await migrate(database, files.filter((f) => f.name < '0013'));
      const ctx = { db: database.db, actor: 'test' };
      await core.setUpCompany(ctx, { name: 'Old Co', functionalCurrency: 'USD', currencies: [{ code: 'USD', name: 'US dollar' }] });
      // The chart as companies had it before: without this migration's accounts and roles.
      const added = ['2160', '2310', '2320', '2330', '6110', '6250', '6500'];
      await sql`delete from finance.account_roles where account_code = any(${added}::text[]) or role in ('salaries')`.execute(ctx.db);
      await sql`delete from finance.accounts where code = any(${added}::text[])`.execute(ctx.db);
      await migrate(database, files);
      const roles = await ctx.db.selectFrom('finance.account_roles').selectAll().where('role', 'in', ['salaries', 'employer_charges', 'wages_payable', 'tax_withholding', 'social_charges_payable', 'expense_payables']).orderBy('role').execute();
      expect(roles.map((r) => `${r.role}:${r.account_code}`)).toEqual([
        'employer_charges:6110', 'expense_payables:2160', 'salaries:6100', 'social_charges_payable:2330', 'tax_withholding:2320', 'wages_payable:2310',
      ]);
      const accounts = await ctx.db.selectFrom('finance.accounts').select(['code', 'type', 'parent_code']).where('code', 'in', added).orderBy('code').execute();
      expect(accounts).toHaveLength(added.length);
      expect(accounts.find((a) => a.code === '6250')).toEqual({ code: '6250', type: 'expense', parent_code: '6000' });
    } finally {
      await database.close();
    }
  });
});
