import { parse, dateOption, UsageError } from '../args.js';
import { withDatabase, SYSTEM_ACTOR } from '../database.js';
import { formatMinor } from '../../domain/finance/money.js';
import { DomainError } from '../../domain/kernel/errors.js';
import { payrollRun, payWages, remitPayrollLiabilities, runPayroll } from '../../domain/people/payroll/index.js';
import { table } from '../format.js';
import type { Subcommand } from '../subcommand.js';

const ACTIONS = ['run', 'pay-wages', 'remit', 'show'] as const;
type Action = (typeof ACTIONS)[number];

export function periodOption(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) throw new UsageError(`--${name} must be a month as YYYY-MM, not '${value}'`, name);
  return value;
}

export const payrollCommand: Subcommand = {
  name: 'payroll',
  summary: 'monthly payroll: run, pay wages, remit tax and social charges, show',
  help: `Usage: ledgerloop payroll run --period YYYY-MM [--date YYYY-MM-DD] [--json]
       ledgerloop payroll pay-wages --period YYYY-MM --date YYYY-MM-DD [--json]
       ledgerloop payroll remit --period YYYY-MM --date YYYY-MM-DD [--json]
       ledgerloop payroll show --period YYYY-MM [--json]

  run         computes every salaried employee's payslip for the month (pro rata for starters
              and leavers) and posts one entry: salaries and employer charges by cost centre
              against net wages, income tax withheld and social charges payable. Dated --date
              (default the month's last day); once per month; refused in a closed month.
  pay-wages   pays the month's net wages from the bank.
  remit       pays the month's withheld income tax and employer social charges.
  show        the month's run, its payments and its payslips.

Amounts are in the functional currency; --json gives integer minor units.`,
  async run(argv) {
    const { values, positionals } = parse(argv, { period: { type: 'string' }, date: { type: 'string' }, json: { type: 'boolean' } }, true);
    const action = positionals[0] as Action | undefined;
    if (!action) throw new UsageError(`name an action: ${ACTIONS.join(', ')}`, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown action '${action}'; one of: ${ACTIONS.join(', ')}`, 'action');
    if (positionals.length > 1) throw new UsageError(`unexpected argument '${positionals[1]}'`);
    const period = periodOption(values.period, 'period');
    if (!period) throw new UsageError('--period is required', 'period');
    const date = dateOption(values.date, 'date');
    if (!date && (action === 'pay-wages' || action === 'remit')) throw new UsageError('--date is required', 'date');
    if (date && action === 'show') throw new UsageError('--date does not apply to show', 'date');

    return withDatabase(async ({ db }) => {
      const ctx = { db, actor: SYSTEM_ACTOR };
      if (action === 'run') {
        const result = await runPayroll(ctx, { period, ...(date ? { date } : {}) });
        print(values.json, result, `${result.runNo} payroll for ${period} on ${result.date}: ${result.employees} employees, gross ${formatMinor(result.gross)}, employer charges ${formatMinor(result.employerCharges)}, tax withheld ${formatMinor(result.incomeTax)}, net ${formatMinor(result.net)}`);
        return 0;
      }
      if (action === 'pay-wages' || action === 'remit') {
        const result = action === 'pay-wages' ? await payWages(ctx, { period, date: date! }) : await remitPayrollLiabilities(ctx, { period, date: date! });
        print(values.json, result, `${result.paymentNo}: ${action === 'pay-wages' ? 'net wages' : 'tax and social charges'} of ${result.runNo} paid, ${formatMinor(result.amount)}`);
        return 0;
      }
      const run = await payrollRun(db, period);
      if (!run) throw new DomainError('NOT_FOUND', `payroll for ${period} has not run`, 'period');
      if (values.json) {
        console.log(JSON.stringify(run, null, 2));
        return 0;
      }
      console.log(`${run.runNo} payroll for ${run.period} on ${run.date}; wages paid ${run.wagesPaid ?? 'not yet'}; tax and charges remitted ${run.liabilitiesRemitted ?? 'not yet'}\n`);
      console.log(table([
        ...run.payslips.map((p) => ({ employee: p.employeeCode, name: p.name, department: p.departmentCode ?? '', 'cost centre': p.costCenter ?? '', days: `${p.daysEmployed}/${p.daysInPeriod}`, gross: formatMinor(p.gross), charges: formatMinor(p.employerCharges), tax: formatMinor(p.incomeTax), net: formatMinor(p.net) })),
        { employee: '', name: `Total (${run.employees})`, department: '', 'cost centre': '', days: '', gross: formatMinor(run.gross), charges: formatMinor(run.employerCharges), tax: formatMinor(run.incomeTax), net: formatMinor(run.net) },
      ]));
      return 0;
    });
  },
};

function print(json: boolean | undefined, result: unknown, line: string): void {
  console.log(json ? JSON.stringify(result, null, 2) : line);
}
