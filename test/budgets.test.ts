import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { core, finance, people, verify } from '../domain/index.js';
import { payrollCommand } from '../cli/commands/payroll.js';
import { budgetCommand } from '../cli/commands/budget.js';
import { cliSource, runCommand, type CliSource } from './support/cli.js';
import { freshDatabase, type TestDatabase } from './support/database.js';
import { setUpTestCompany, type TestCompany } from './support/company.js';
import { expectRejectedWithoutTrace, rejectionOf } from './support/fingerprint.js';

async function booksAgree(co: TestCompany) {
  expect((await verify(co.ctx.db)).breaches).toEqual([]);
  expect(await people.organisationBreaches(co.ctx.db)).toEqual([]);
  expect((await finance.trialBalance(co.ctx.db, '9999-12-31')).balanced).toBe(true);
}

describe('operating expenses and budgets', () => {
  let database: TestDatabase;
  let co: TestCompany;
  let eurSupplierId: number;
  beforeAll(async () => {
    database = await freshDatabase();
    co = await setUpTestCompany({ db: database.db, actor: 'test' });
    const { ctx } = co;
    await people.createDepartment(ctx, { code: 'SALES', name: 'Sales', costCenter: 'SALES', costCenterName: 'Sales' });
    const ops = await people.createDepartment(ctx, { code: 'OPS', name: 'Warehouse', costCenter: 'OPS', costCenterName: 'Warehouse' });
    await people.setPayrollRates(ctx, { effectiveFrom: '2024-01-01', employerChargesBp: 2_000, incomeTaxBp: 1_000 });
    await people.hireEmployee(ctx, { code: 'W1', name: 'Pat Picker', role: 'warehouse', departmentId: ops.departmentId, startDate: '2024-01-01', monthlySalary: 300_000 });
    eurSupplierId = (await (await import('../domain/index.js')).scm.registerSupplier(ctx, { legalName: 'Rotterdam Property BV', taxId: 'EU-778899', region: 'EU', status: 'approved', paymentTermsDays: 14 })).supplierId;
  });
  afterAll(() => database.drop());

  it('records expenses on cost centres, paid at once or owed, in any currency', async () => {
    const { ctx } = co;
    const rent = await people.recordOperatingExpense(ctx, { date: '2024-01-02', costCenter: 'OPS', account: '6200', amount: 250_000, description: 'January rent, main warehouse' });
    expect(rent).toMatchObject({ currency: 'USD', amountFunctional: 250_000, paidFrom: 'bank', dueDate: null });
    // A euro invoice from a supplier, due on its terms, at 1.10.
    const power = await people.recordOperatingExpense(ctx, { date: '2024-01-31', costCenter: 'OPS', account: '6250', amount: 10_000, supplierId: eurSupplierId, paidFrom: 'payable', description: 'January electricity' });
    expect(power).toMatchObject({ currency: 'EUR', amountFunctional: 11_000, dueDate: '2024-02-14' });
    await people.recordOperatingExpense(ctx, { date: '2024-01-20', costCenter: 'SALES', account: '6300', amount: 80_000, description: 'Trade fair stand' });
    await people.recordOperatingExpense(ctx, { date: '2024-01-25', costCenter: 'SALES', account: '6500', amount: 12_345, currency: 'EUR', description: 'Customer visits' });
    expect((await people.openOperatingExpenses(ctx.db)).map((x) => [x.expenseNo, x.openAmount, x.openFunctional])).toEqual([[power.expenseNo, 10_000, 11_000]]);
    await booksAgree(co);

    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '4100', amount: 1, description: 'x' }), 'INVALID_INPUT', 'account');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '5100', amount: 1, description: 'x' }), 'NOT_ALLOWED', 'account');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '6100', amount: 1, description: 'x' }), 'NOT_ALLOWED', 'account');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'NOPE', account: '6200', amount: 1, description: 'x' }), 'NOT_FOUND', 'costCenter');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '6200', amount: 1, supplierId: 4242, description: 'x' }), 'NOT_FOUND', 'supplierId');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '6200', amount: 0, description: 'x' }), 'INVALID_INPUT', 'amount');
    await expectRejectedWithoutTrace(ctx.db, () => people.recordOperatingExpense(ctx, { date: '2024-01-05', costCenter: 'OPS', account: '6200', amount: 1, currency: 'JPY', description: 'x' }), 'NOT_FOUND', 'currency');
  });

  it('pays an owed expense once, at the day\'s rate, booking the exchange difference', async () => {
    const { ctx } = co;
    const [open] = await people.openOperatingExpenses(ctx.db);
    await expectRejectedWithoutTrace(ctx.db, () => people.payOperatingExpense(ctx, { expenseId: open!.expenseId, date: '2024-01-30' }), 'INVALID_INPUT', 'date');
    await core.setExchangeRate(ctx, { currency: 'EUR', date: '2024-02-10', rate: '1.12' });
    const paid = await people.payOperatingExpense(ctx, { expenseId: open!.expenseId, date: '2024-02-12' });
    expect(paid).toMatchObject({ amount: 10_000, amountFunctional: 11_200, fxDifference: 200 });
    await expectRejectedWithoutTrace(ctx.db, () => people.payOperatingExpense(ctx, { expenseId: open!.expenseId, date: '2024-02-13' }), 'CONFLICT', 'expenseId');
    expect(await people.openOperatingExpenses(ctx.db)).toEqual([]);
    const rent = await ctx.db.selectFrom('people.operating_expenses').select('id').where('account_code', '=', '6200').executeTakeFirstOrThrow();
    await expectRejectedWithoutTrace(ctx.db, () => people.payOperatingExpense(ctx, { expenseId: rent.id, date: '2024-02-13' }), 'NOT_ALLOWED', 'expenseId');
    expect(String(await rejectionOf(sql`update people.operating_expenses set amount = 1`.execute(ctx.db)))).toMatch(/LEDGERLOOP:IMMUTABLE/);
    expect(String(await rejectionOf(sql`update people.operating_expenses set open_amount = open_amount + 1 where paid_from = 'payable'`.execute(ctx.db)))).toMatch(/LEDGERLOOP:IMMUTABLE|expense/);
    await booksAgree(co);
  });

  it('enters a budget version by command, approves it, and keeps approved versions unchangeable', async () => {
    const { ctx } = co;
    const months = ['2024-01', '2024-02', '2024-03'];
    const lines = months.flatMap((period) => [
      { account: '6100', costCenter: 'OPS', period, amount: 300_000 },
      { account: '6110', costCenter: 'OPS', period, amount: 60_000 },
      { account: '6200', costCenter: 'OPS', period, amount: 250_000 },
      { account: '6300', costCenter: 'SALES', period, amount: 50_000 },
      { account: '4100', period, amount: 2_000_000 },
    ]);
    await expectRejectedWithoutTrace(ctx.db, () => people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'x', lines: [{ account: '6200', costCenter: 'OPS', period: '2025-01', amount: 1 }] }), 'INVALID_INPUT', 'lines.0.period');
    await expectRejectedWithoutTrace(ctx.db, () => people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'x', lines: [{ account: '1100', period: '2024-01', amount: 1 }] }), 'INVALID_INPUT', 'lines.0.account');
    await expectRejectedWithoutTrace(ctx.db, () => people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'x', lines: [{ account: '6200', costCenter: 'NOPE', period: '2024-01', amount: 1 }] }), 'NOT_FOUND', 'lines.0.costCenter');
    await expectRejectedWithoutTrace(ctx.db, () => people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'x', lines: [lines[0]!, lines[0]!] }), 'DUPLICATE', 'lines.1');

    const v1 = await people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'Budget 2024', lines: lines.slice(0, 10) });
    expect(v1).toMatchObject({ version: 1, status: 'draft', lines: 10 });
    await people.setBudgetLines(ctx, { versionId: v1.versionId, lines: lines.slice(10) });
    await people.setBudgetLines(ctx, { versionId: v1.versionId, lines: [{ account: '6300', costCenter: 'SALES', period: '2024-01', amount: 70_000 }] });
    // Drafts do not count.
    expect((await people.budgetVsActual(ctx.db, { period: '2024-01' })).totals.expense.budget).toBe(0);
    await people.approveBudgetVersion(ctx, { versionId: v1.versionId, date: '2023-12-15' });
    await expectRejectedWithoutTrace(ctx.db, () => people.setBudgetLines(ctx, { versionId: v1.versionId, lines: [lines[0]!] }), 'IMMUTABLE', 'versionId');
    await expectRejectedWithoutTrace(ctx.db, () => people.approveBudgetVersion(ctx, { versionId: v1.versionId, date: '2023-12-16' }), 'CONFLICT', 'versionId');
    expect(String(await rejectionOf(sql`update people.budget_lines set amount = 1`.execute(ctx.db)))).toMatch(/LEDGERLOOP:IMMUTABLE/);
    expect(String(await rejectionOf(sql`delete from people.budget_lines`.execute(ctx.db)))).toMatch(/LEDGERLOOP:IMMUTABLE/);
    const empty = await people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'Empty' });
    await expectRejectedWithoutTrace(ctx.db, () => people.approveBudgetVersion(ctx, { versionId: empty.versionId, date: '2024-01-01' }), 'INVALID_INPUT', 'versionId');
  });

  it('compares the approved budget with the ledger by account and cost centre', async () => {
    const { ctx } = co;
    await people.runPayroll(ctx, { period: '2024-01' });
    const january = await people.budgetVsActual(ctx.db, { period: '2024-01' });
    const row = (account: string, costCenter: string | null) => january.rows.find((r) => r.account === account && r.costCenter === costCenter);
    expect(row('6100', 'OPS')).toMatchObject({ budget: 300_000, actual: 300_000, variance: 0, favourable: true });
    expect(row('6200', 'OPS')).toMatchObject({ budget: 250_000, actual: 250_000 });
    expect(row('6250', 'OPS')).toMatchObject({ budget: 0, actual: 11_000, variance: 11_000, variancePct: null, favourable: false });
    expect(row('6300', 'SALES')).toMatchObject({ budget: 70_000, actual: 80_000, variance: 10_000, variancePct: 14.3, favourable: false });
    expect(row('6500', 'SALES')).toMatchObject({ budget: 0, actual: 13_580 }); // €123.45 at 1.10
    expect(row('4100', null)).toMatchObject({ type: 'revenue', budget: 2_000_000, actual: 0, variance: -2_000_000, favourable: false });
    expect(january.totals.expense).toEqual({ budget: 300_000 + 60_000 + 250_000 + 70_000, actual: 300_000 + 60_000 + 250_000 + 11_000 + 80_000 + 13_580 });
    // The exchange loss on paying the euro invoice (February) has no cost centre and no budget.
    expect(january.rows.some((r) => r.account === '6900')).toBe(false);

    const opsQuarter = await people.budgetVsActual(ctx.db, { from: '2024-01', to: '2024-03', costCenter: 'OPS' });
    expect(opsQuarter.rows.every((r) => r.costCenter === 'OPS')).toBe(true);
    expect(opsQuarter.rows.find((r) => r.account === '6200')).toMatchObject({ budget: 750_000, actual: 250_000, variance: -500_000, favourable: true });

    // A revised version supersedes the first once approved.
    const v2 = await people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'Re-forecast', lines: [{ account: '6300', costCenter: 'SALES', period: '2024-01', amount: 80_000 }] });
    expect(v2.version).toBe(3);
    await people.approveBudgetVersion(ctx, { versionId: v2.versionId, date: '2024-02-01' });
    const revised = await people.budgetVsActual(ctx.db, { period: '2024-01' });
    expect(revised.rows.find((r) => r.account === '6300')).toMatchObject({ budget: 80_000, variance: 0 });
    expect(revised.rows.find((r) => r.account === '6200')).toMatchObject({ budget: 0, actual: 250_000 });
    expect((await people.budgetVersions(ctx.db, 2024)).map((v) => [v.version, v.status])).toEqual([[1, 'superseded'], [2, 'draft'], [3, 'approved']]);
    await expect(people.budgetVsActual(ctx.db, { from: '2024-03', to: '2024-01' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'to' });
    await expect(people.budgetVsActual(ctx.db, { period: '2024-1' })).rejects.toMatchObject({ code: 'INVALID_INPUT', field: 'period' });
    await booksAgree(co);
  });
});

/** The payroll and budget subcommands (registered in cli/main.ts by the lead), in-process. */
describe('ledgerloop payroll and budget', () => {
  const run = runCommand;
  let cli: CliSource;

  beforeAll(async () => {
    // A company with one salaried employee, rates and a budget, in a database the CLI opens itself.
    cli = await cliSource('ll-payroll-cli-');
    const ctx = { db: cli.database().db, actor: 'test' };
    await setUpTestCompany(ctx);
    const ops = await people.createDepartment(ctx, { code: 'OPS', name: 'Warehouse', costCenter: 'OPS', costCenterName: 'Warehouse' });
    await people.setPayrollRates(ctx, { effectiveFrom: '2024-01-01', employerChargesBp: 2_000, incomeTaxBp: 1_000 });
    await people.hireEmployee(ctx, { code: 'W1', name: 'Pat Picker', role: 'warehouse', departmentId: ops.departmentId, startDate: '2024-01-01', monthlySalary: 300_000 });
    const v = await people.createBudgetVersion(ctx, { fiscalYear: 2024, name: 'Budget', lines: [{ account: '6100', costCenter: 'OPS', period: '2024-01', amount: 290_000 }] });
    await people.approveBudgetVersion(ctx, { versionId: v.versionId, date: '2024-01-01' });
    await cli.handOver();
  });
  afterAll(() => cli?.remove());

  it.each([
    [['run'], /--period is required/],
    [['run', '--period', '2024-13'], /--period must be a month/],
    [['fire', '--period', '2024-01'], /unknown action 'fire'/],
    [['pay-wages', '--period', '2024-01'], /--date is required/],
  ])('payroll %j exits 2 with one line', async (argv, message) => {
    const result = await run(payrollCommand, ...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
  });

  it('runs, shows and pays a month, then reports budget against actual', async () => {
    const ran = await run(payrollCommand, 'run', '--period', '2024-01', '--json');
    expect(ran.code).toBe(0);
    expect(JSON.parse(ran.stdout)).toMatchObject({ period: '2024-01', date: '2024-01-31', employees: 1, gross: 300_000, net: 270_000 });
    expect((await run(payrollCommand, 'run', '--period', '2024-01')).stderr).toMatch(/DUPLICATE.*already run/);
    expect((await run(payrollCommand, 'pay-wages', '--period', '2024-01', '--date', '2024-02-01')).stdout).toMatch(/net wages of PAY-\d+ paid, 2,700.00/);
    const shown = await run(payrollCommand, 'show', '--period', '2024-01');
    expect(shown.stdout).toMatch(/W1\s+Pat Picker\s+OPS\s+OPS\s+31\/31\s+3,000.00/);
    expect(shown.stdout).toMatch(/wages paid 2024-02-01/);
    expect((await run(payrollCommand, 'show', '--period', '2023-01')).code).toBe(2);

    const report = await run(budgetCommand, 'vs-actual', '--period', '2024-01', '--cost-center', 'OPS', '--json');
    expect(report.code).toBe(0);
    expect(JSON.parse(report.stdout).rows).toEqual([
      expect.objectContaining({ account: '6100', costCenter: 'OPS', budget: 290_000, actual: 300_000, variance: 10_000, variancePct: 3.4, favourable: false }),
      expect.objectContaining({ account: '6110', costCenter: 'OPS', budget: 0, actual: 60_000 }),
    ]);
    const text = await run(budgetCommand, 'vs-actual', '--from', '2024-01', '--to', '2024-03');
    expect(text.stdout).toMatch(/6100\s+Salaries\s+OPS\s+2,900.00\s+3,000.00\s+100.00\s+\+3.4%\s+unfavourable/);
    expect((await run(budgetCommand, 'vs-actual', '--period', '2024-01', '--from', '2024-01')).code).toBe(2);
    expect((await run(budgetCommand, 'vs-actual')).stderr).toMatch(/give --period/);
    expect((await run(budgetCommand, 'versions', '--json')).stdout).toMatch(/"status": "approved"/);
  });
});
