import { z } from 'zod';
import { sql } from 'kysely';
import { defineCommand, type Tx } from '../../kernel/command.js';
import { DomainError } from '../../kernel/errors.js';
import { basisPoints, isoDate } from '../../kernel/inputs.js';
import { postEntry } from '../../finance/journal.js';
import { beginPosting } from '../../finance/posting-context.js';
import { postingRules } from '../../finance/posting-rules.js';
import { computePayroll, monthBounds, type PayrollEmployee, type PayrollRates } from './calculation.js';

export const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM');

/**
 * Employer social charges and income tax withheld, as basis points of gross pay, from a date
 * on. A month's payroll uses the rates in force on its last day; months already run keep theirs.
 */
export const setPayrollRates = defineCommand(
  'people.setPayrollRates',
  z.object({ effectiveFrom: isoDate, employerChargesBp: basisPoints, incomeTaxBp: basisPoints }),
  async (tx, input) => {
    const { rows } = await sql<{ taken: boolean; paid: string | null }>`
      select exists (select 1 from people.payroll_rates where effective_from = ${input.effectiveFrom}::date) as taken,
             (select max(period) from people.payroll_runs) as paid`.execute(tx.db);
    const found = rows[0]!;
    if (found.taken) throw new DomainError('DUPLICATE', `payroll rates from ${input.effectiveFrom} are already set; set new rates from a later date`, 'effectiveFrom');
    if (found.paid !== null && input.effectiveFrom.slice(0, 7) <= found.paid) {
      throw new DomainError('NOT_ALLOWED', `payroll has run for ${found.paid}; new rates take effect in a later month`, 'effectiveFrom');
    }
    tx.emit({ aggregateType: 'payroll_rates', aggregateId: input.effectiveFrom, type: 'payroll_rates.set', payload: input });
    await sql`
      with r as (
        insert into people.payroll_rates (effective_from, employer_charges_bp, income_tax_bp, created_by)
        values (${input.effectiveFrom}::date, ${input.employerChargesBp}, ${input.incomeTaxBp}, ${tx.actor})
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return input;
  },
);

export interface PayrollRunResult {
  runId: number;
  runNo: string;
  period: string;
  date: string;
  employees: number;
  gross: number;
  employerCharges: number;
  incomeTax: number;
  net: number;
  journalEntryId: number | null;
}

/**
 * Runs a month's payroll: a payslip for every employee with a salary who was employed in the
 * month (pro-rated by days), and ONE journal entry — Dr salaries and Dr employer charges per
 * cost centre / Cr net wages payable, Cr income tax withheld, Cr social charges payable. One
 * run per month, dated in that month (default its last day); a closed month is refused.
 */
export const runPayroll = defineCommand(
  'people.runPayroll',
  z.object({ period, date: isoDate.optional() }),
  async (tx, input): Promise<PayrollRunResult> => {
    const month = monthBounds(input.period);
    const date = input.date ?? month.last;
    if (date.slice(0, 7) !== input.period) throw new DomainError('INVALID_INPUT', `the payroll for ${input.period} is dated in that month, not on ${date}`, 'date');
    // Hires, leavers, salary and rate changes wait while a month is being paid, so the payslips
    // and the months-already-paid rule see the same facts.
    await sql`lock table people.employees, people.salaries, people.payroll_rates in share mode`.execute(tx.db);
    const posting = await beginPosting(tx.db, { table: 'people.payroll_runs', sequence: 'people.payroll_run_no', prefix: 'PAY', date });
    const { rows } = await sql<{ existing: string | null; rates: PayrollRates | null; employees: PayrollEmployee[] }>`
      select (select run_no from people.payroll_runs where period = ${input.period}) as existing,
             (select jsonb_build_object('employerChargesBp', employer_charges_bp, 'incomeTaxBp', income_tax_bp) from people.payroll_rates
               where effective_from <= ${month.last}::date order by effective_from desc limit 1) as rates,
             coalesce((
               select jsonb_agg(jsonb_build_object(
                        'employeeId', e.id, 'departmentId', e.department_id, 'costCenter', coalesce(e.cost_center, d.cost_center),
                        'startDate', e.start_date, 'leaveDate', e.leave_date,
                        'salaries', (select jsonb_agg(jsonb_build_object('effectiveFrom', s.effective_from, 'monthlySalary', s.monthly_salary))
                                       from people.salaries s where s.employee_id = e.id and s.effective_from <= ${month.last}::date)) order by e.id)
                 from people.employees e left join people.departments d on d.id = e.department_id
                where e.start_date <= ${month.last}::date and (e.leave_date is null or e.leave_date >= ${month.first}::date)
                  and exists (select 1 from people.salaries s where s.employee_id = e.id and s.effective_from <= ${month.last}::date)), '[]') as employees`.execute(tx.db);
    const found = rows[0]!;
    if (found.existing) throw new DomainError('DUPLICATE', `payroll for ${input.period} has already run (${found.existing})`, 'period');
    if (!found.rates) throw new DomainError('NOT_CONFIGURED', `no payroll rates in force on ${month.last}; set them with people.setPayrollRates`, 'period');
    const payroll = computePayroll(found.employees, input.period, found.rates);
    if (payroll.payslips.length === 0) throw new DomainError('NOTHING_TO_PAY', `nobody with a salary was employed in ${input.period}`, 'period');
    const t = payroll.totals;
    const run = { id: posting.id, number: posting.number };
    const entryId = await postEntry(
      tx.db,
      tx.actor,
      {
        date,
        sourceType: 'payroll_run',
        sourceId: run.id,
        memo: `${run.number} payroll for ${input.period}`,
        lines: postingRules.payrollRun({ costCenters: payroll.costCenters, net: t.net, incomeTax: t.incomeTax, employerCharges: t.employerCharges }),
      },
      posting.conversion.functionalCurrency,
    );
    tx.emit({
      aggregateType: 'payroll_run',
      aggregateId: run.id,
      type: 'payroll.run_posted',
      payload: { runNo: run.number, period: input.period, ...t, costCenters: payroll.costCenters },
    });
    await sql`
      with r as (
        insert into people.payroll_runs (id, run_no, period, run_date, employer_charges_bp, income_tax_bp, employees, gross, employer_charges, income_tax, net, journal_entry_id, created_by)
        values (${run.id}, ${run.number}, ${input.period}, ${date}::date, ${found.rates.employerChargesBp}, ${found.rates.incomeTaxBp}, ${t.employees},
                ${t.gross}, ${t.employerCharges}, ${t.incomeTax}, ${t.net}, ${entryId}, ${tx.actor})
        returning id
      ), p as (
        insert into people.payslips (run_id, employee_id, department_id, cost_center, monthly_salary, days_employed, days_in_period, gross, employer_charges, income_tax, net)
        select r.id, x."employeeId", x."departmentId", x."costCenter", x."monthlySalary", x."daysEmployed", x."daysInPeriod", x.gross, x."employerCharges", x."incomeTax", x.net
          from r, jsonb_to_recordset(${JSON.stringify(payroll.payslips)}::jsonb) as x(
            "employeeId" int, "departmentId" int, "costCenter" text, "monthlySalary" bigint, "daysEmployed" int, "daysInPeriod" int,
            gross bigint, "employerCharges" bigint, "incomeTax" bigint, net bigint)
      ), events as (${tx.eventsInsert()})
      select 1`.execute(tx.db);
    return { runId: run.id, runNo: run.number, period: input.period, date, ...t, journalEntryId: entryId };
  },
);

export interface PayrollPaymentResult {
  paymentId: number;
  paymentNo: string;
  runNo: string;
  kind: 'wages' | 'liabilities';
  amount: number;
  journalEntryId: number | null;
}

/** Pays a month's net wages from the bank: Dr net wages payable / Cr bank. Once per run. */
export const payWages = defineCommand('people.payWages', z.object({ period, date: isoDate }), (tx, input) => payRun(tx, input, 'wages'));

/**
 * Remits a month's withheld income tax and employer social charges: Dr income tax withheld,
 * Dr social charges payable / Cr bank. Once per run.
 */
export const remitPayrollLiabilities = defineCommand('people.remitPayrollLiabilities', z.object({ period, date: isoDate }), (tx, input) => payRun(tx, input, 'liabilities'));

async function payRun(tx: Tx, input: { period: string; date: string }, kind: 'wages' | 'liabilities'): Promise<PayrollPaymentResult> {
  const { rows } = await sql<{ id: number; run_no: string; run_date: string; net: number; income_tax: number; employer_charges: number; paid: string | null }>`
    select r.id, r.run_no, r.run_date, r.net, r.income_tax, r.employer_charges,
           (select p.payment_no from people.payroll_payments p where p.run_id = r.id and p.kind = ${kind}) as paid
      from people.payroll_runs r where r.period = ${input.period}`.execute(tx.db);
  const run = rows[0];
  const what = kind === 'wages' ? 'net wages' : 'withheld tax and social charges';
  if (!run) throw new DomainError('NOT_FOUND', `payroll for ${input.period} has not run`, 'period');
  if (run.paid) throw new DomainError('CONFLICT', `the ${what} of ${run.run_no} were already paid (${run.paid})`, 'period');
  if (input.date < run.run_date) throw new DomainError('INVALID_INPUT', `${run.run_no} ran on ${run.run_date}; its ${what} cannot be paid before`, 'date');
  const amount = kind === 'wages' ? run.net : run.income_tax + run.employer_charges;
  if (amount === 0) throw new DomainError('NOTHING_TO_PAY', `${run.run_no} owes no ${what}`, 'period');
  const posting = await beginPosting(tx.db, { table: 'people.payroll_payments', sequence: 'people.payroll_payment_no', prefix: kind === 'wages' ? 'WAGES' : 'REMIT', date: input.date });
  const payment = { id: posting.id, number: posting.number };
  const entryId = await postEntry(
    tx.db,
    tx.actor,
    {
      date: input.date,
      sourceType: 'payroll_payment',
      sourceId: payment.id,
      memo: `${payment.number}: ${what} of ${run.run_no}`,
      lines: kind === 'wages' ? postingRules.wagesPayment({ amount }) : postingRules.payrollRemittance({ incomeTax: run.income_tax, employerCharges: run.employer_charges }),
    },
    posting.conversion.functionalCurrency,
  );
  tx.emit({ aggregateType: 'payroll_run', aggregateId: run.id, type: kind === 'wages' ? 'payroll.wages_paid' : 'payroll.liabilities_remitted', payload: { runNo: run.run_no, paymentNo: payment.number, period: input.period, amount } });
  await sql`
    with p as (
      insert into people.payroll_payments (id, payment_no, run_id, kind, payment_date, amount, journal_entry_id, created_by)
      values (${payment.id}, ${payment.number}, ${run.id}, ${kind}, ${input.date}::date, ${amount}, ${entryId}, ${tx.actor})
    ), events as (${tx.eventsInsert()})
    select 1`.execute(tx.db);
  return { paymentId: payment.id, paymentNo: payment.number, runNo: run.run_no, kind, amount, journalEntryId: entryId };
}
