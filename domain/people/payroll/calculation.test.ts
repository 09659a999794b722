import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computePayroll, computePayslip, monthBounds, type PayrollEmployee } from './calculation.js';
import { postingRules } from '../../finance/posting-rules.js';

const rates = { employerChargesBp: 2_000, incomeTaxBp: 1_500 };
const employee = (over: Partial<PayrollEmployee> = {}): PayrollEmployee => ({
  employeeId: 1,
  departmentId: 1,
  costCenter: 'CC',
  startDate: '2023-06-01',
  leaveDate: null,
  salaries: [{ effectiveFrom: '2023-06-01', monthlySalary: 500_000 }],
  ...over,
});

describe('payroll arithmetic', () => {
  it('knows the days of each month', () => {
    expect(monthBounds('2024-02')).toEqual({ first: '2024-02-01', last: '2024-02-29', days: 29 });
    expect(monthBounds('2023-02').days).toBe(28);
    expect(monthBounds('2024-12')).toEqual({ first: '2024-12-01', last: '2024-12-31', days: 31 });
  });

  it('pays a whole month exactly its salary, with charges and tax in basis points', () => {
    expect(computePayslip(employee(), '2024-03', rates)).toMatchObject({ daysEmployed: 31, daysInPeriod: 31, gross: 500_000, employerCharges: 100_000, incomeTax: 75_000, net: 425_000 });
  });

  it('pro-rates a start, a leave and a mid-month raise by calendar days, rounding once', () => {
    // Started on the 11th of a 30-day month: 20 days of 500,000.
    expect(computePayslip(employee({ startDate: '2024-04-11', salaries: [{ effectiveFrom: '2024-04-11', monthlySalary: 500_000 }] }), '2024-04', rates)).toMatchObject({ daysEmployed: 20, gross: 333_333 });
    // Left on the 10th of February 2024 (29 days): 10 × 100,001 ÷ 29 = 34,483.1 → 34,483.
    expect(computePayslip(employee({ leaveDate: '2024-02-10', salaries: [{ effectiveFrom: '2023-01-01', monthlySalary: 100_001 }] }), '2024-02', rates)).toMatchObject({ daysEmployed: 10, gross: 34_483 });
    // Raise from 300,000 to 310,000 on the 16th of a 31-day month: (15 × 300,000 + 16 × 310,000) ÷ 31 = 305,161.29 → 305,161.
    const raised = computePayslip(employee({ salaries: [{ effectiveFrom: '2024-05-16', monthlySalary: 310_000 }, { effectiveFrom: '2023-06-01', monthlySalary: 300_000 }] }), '2024-05', rates);
    expect(raised).toMatchObject({ daysEmployed: 31, gross: 305_161, monthlySalary: 310_000 });
  });

  it('leaves out whoever was not employed in the month, and rounds half away from zero', () => {
    expect(computePayslip(employee({ startDate: '2024-04-01' }), '2024-03', rates)).toBeNull();
    expect(computePayslip(employee({ leaveDate: '2024-02-29' }), '2024-03', rates)).toBeNull();
    // One day of 15 in a 30-day month: 0.5 → 1.
    expect(computePayslip(employee({ startDate: '2024-06-30', salaries: [{ effectiveFrom: '2024-06-30', monthlySalary: 15 }] }), '2024-06', rates)?.gross).toBe(1);
  });

  it('always balances, and its payslips sum to the posted totals per cost centre (property)', () => {
    const day = fc.integer({ min: 0, max: 365 * 2 }).map((n) => new Date(Date.UTC(2023, 6, 1) + n * 86_400_000).toISOString().slice(0, 10));
    const someone = fc.record({
      start: day,
      stay: fc.option(fc.integer({ min: 0, max: 400 }), { nil: null }),
      costCenter: fc.constantFrom('SALES', 'OPS', 'FIN', null),
      salaries: fc.array(fc.record({ from: day, salary: fc.integer({ min: 0, max: 1e12 }) }), { minLength: 1, maxLength: 4 }),
    });
    const month = fc.record({ year: fc.constantFrom(2023, 2024, 2025), month: fc.integer({ min: 1, max: 12 }) }).map((m) => `${m.year}-${String(m.month).padStart(2, '0')}`);
    const bp = fc.integer({ min: 0, max: 10_000 });
    fc.assert(
      fc.property(fc.array(someone, { maxLength: 30 }), month, bp, bp, (people, period, employerChargesBp, incomeTaxBp) => {
        const employees: PayrollEmployee[] = people.map((p, i) => ({
          employeeId: i + 1,
          departmentId: null,
          costCenter: p.costCenter,
          startDate: p.start,
          leaveDate: p.stay === null ? null : new Date(Date.parse(`${p.start}T00:00:00Z`) + p.stay * 86_400_000).toISOString().slice(0, 10),
          // Distinct effective dates, as the database keeps them.
          salaries: [...new Map(p.salaries.map((s) => [s.from, { effectiveFrom: s.from, monthlySalary: s.salary }])).values()],
        }));
        const result = computePayroll(employees, period, { employerChargesBp, incomeTaxBp });
        const t = result.totals;
        const lines = postingRules.payrollRun({ costCenters: result.costCenters, net: t.net, incomeTax: t.incomeTax, employerCharges: t.employerCharges });
        expect(lines.reduce((s, l) => s + l.amount, 0)).toBe(0);
        const sum = (f: (p: (typeof result.payslips)[number]) => number) => result.payslips.reduce((s, p) => s + f(p), 0);
        expect(t).toEqual({ employees: result.payslips.length, gross: sum((p) => p.gross), employerCharges: sum((p) => p.employerCharges), incomeTax: sum((p) => p.incomeTax), net: sum((p) => p.net) });
        for (const c of result.costCenters) {
          const mine = result.payslips.filter((p) => p.costCenter === c.costCenter);
          expect(c.gross).toBe(mine.reduce((s, p) => s + p.gross, 0));
          expect(c.employerCharges).toBe(mine.reduce((s, p) => s + p.employerCharges, 0));
        }
        for (const p of result.payslips) {
          expect(p.net).toBe(p.gross - p.incomeTax);
          expect(p.daysEmployed).toBeGreaterThanOrEqual(1);
          expect(p.daysEmployed).toBeLessThanOrEqual(p.daysInPeriod);
          // Never more than the highest salary for the month, never negative.
          const highest = Math.max(...employees[p.employeeId - 1]!.salaries.map((s) => s.monthlySalary));
          expect(p.gross).toBeGreaterThanOrEqual(0);
          expect(p.gross).toBeLessThanOrEqual(highest);
        }
      }),
      { numRuns: 300 },
    );
  });
});
