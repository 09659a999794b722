import { applyBasisPoints, mulDivRound } from '../../finance/money.js';

/**
 * The arithmetic of a monthly payroll, free of the database: who is paid for how many days of
 * the month, at which salary, and what that makes gross, employer charges, tax and net.
 *
 * Rules: a month's salary is earned evenly over its calendar days; an employee paid for part of
 * a month (started, left, or changed salary in it) earns Σ salary × days at that salary ÷ days
 * in the month, rounded once by the one rounding rule, so a whole month is exactly the salary.
 * Charges and tax are basis points of each employee's gross, rounded per payslip; the run's
 * totals and each cost centre's amounts are sums of payslips, so they tie to the payslips by
 * construction.
 */
export interface SalaryStep {
  /** 'YYYY-MM-DD'; the salary applies from this day until the next step. */
  effectiveFrom: string;
  /** Functional minor units a month. */
  monthlySalary: number;
}

export interface PayrollEmployee {
  employeeId: number;
  departmentId: number | null;
  costCenter: string | null;
  startDate: string;
  leaveDate: string | null;
  /** In any order; steps after the month are ignored. */
  salaries: SalaryStep[];
}

export interface PayrollRates {
  employerChargesBp: number;
  incomeTaxBp: number;
}

export interface Payslip {
  employeeId: number;
  departmentId: number | null;
  costCenter: string | null;
  /** The salary in force on the employee's last paid day of the month. */
  monthlySalary: number;
  daysEmployed: number;
  daysInPeriod: number;
  gross: number;
  employerCharges: number;
  incomeTax: number;
  net: number;
}

export interface CostCenterTotal {
  costCenter: string | null;
  gross: number;
  employerCharges: number;
}

export interface PayrollTotals {
  employees: number;
  gross: number;
  employerCharges: number;
  incomeTax: number;
  net: number;
}

export interface PayrollComputation {
  payslips: Payslip[];
  /** Ordered by cost centre code (no cost centre first). */
  costCenters: CostCenterTotal[];
  totals: PayrollTotals;
}

const DAY_MS = 86_400_000;
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;

/** First and last day of a 'YYYY-MM' month and its number of days. */
export function monthBounds(period: string): { first: string; last: string; days: number } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return { first: `${period}-01`, last: `${period}-${String(days).padStart(2, '0')}`, days };
}

/** One employee's payslip for `period`, or null when they were not employed in it. */
export function computePayslip(employee: PayrollEmployee, period: string, rates: PayrollRates): Payslip | null {
  const month = monthBounds(period);
  const from = Math.max(dayNumber(month.first), dayNumber(employee.startDate));
  const to = Math.min(dayNumber(month.last), employee.leaveDate === null ? Infinity : dayNumber(employee.leaveDate));
  if (to < from) return null;
  const steps = [...employee.salaries].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  // Σ salary × days at that salary, over the employed days of the month.
  let salaryDays = 0;
  let monthlySalary = 0;
  steps.forEach((step, i) => {
    const stepFrom = Math.max(from, dayNumber(step.effectiveFrom));
    const next = steps[i + 1];
    const stepTo = Math.min(to, next ? dayNumber(next.effectiveFrom) - 1 : Infinity);
    if (stepTo < stepFrom) return;
    salaryDays += step.monthlySalary * (stepTo - stepFrom + 1);
    monthlySalary = step.monthlySalary;
  });
  if (!Number.isSafeInteger(salaryDays)) throw new RangeError('salary beyond the exact integer range');
  const gross = mulDivRound(salaryDays, 1, month.days);
  const employerCharges = applyBasisPoints(gross, rates.employerChargesBp);
  const incomeTax = applyBasisPoints(gross, rates.incomeTaxBp);
  return {
    employeeId: employee.employeeId,
    departmentId: employee.departmentId,
    costCenter: employee.costCenter,
    monthlySalary,
    daysEmployed: to - from + 1,
    daysInPeriod: month.days,
    gross,
    employerCharges,
    incomeTax,
    net: gross - incomeTax,
  };
}

/** Every employee's payslip for the month, the amounts per cost centre and the run's totals. */
export function computePayroll(employees: PayrollEmployee[], period: string, rates: PayrollRates): PayrollComputation {
  const payslips = employees
    .map((e) => computePayslip(e, period, rates))
    .filter((p): p is Payslip => p !== null)
    .sort((a, b) => a.employeeId - b.employeeId);
  const byCostCenter = new Map<string | null, CostCenterTotal>();
  for (const p of payslips) {
    const c = byCostCenter.get(p.costCenter) ?? { costCenter: p.costCenter, gross: 0, employerCharges: 0 };
    c.gross += p.gross;
    c.employerCharges += p.employerCharges;
    byCostCenter.set(p.costCenter, c);
  }
  const costCenters = [...byCostCenter.values()].sort((a, b) => ((a.costCenter ?? '') < (b.costCenter ?? '') ? -1 : (a.costCenter ?? '') > (b.costCenter ?? '') ? 1 : 0));
  const sum = (f: (p: Payslip) => number) => payslips.reduce((s, p) => s + f(p), 0);
  return {
    payslips,
    costCenters,
    totals: { employees: payslips.length, gross: sum((p) => p.gross), employerCharges: sum((p) => p.employerCharges), incomeTax: sum((p) => p.incomeTax), net: sum((p) => p.net) },
  };
}
