/**
 * People and organisation: departments and cost centres, payroll, operating expenses by cost
 * centre, budgets and budget against actual. Employees themselves are in ../employees.ts.
 */
export { assignEmployee, changeSalary, recordLeaving } from '../employees.js';
export { createDepartment, reorganiseDepartment } from './departments.js';
export { setPayrollRates, runPayroll, payWages, remitPayrollLiabilities, type PayrollRunResult, type PayrollPaymentResult } from './payroll.js';
export { recordOperatingExpense, payOperatingExpense } from './expenses.js';
export { createBudgetVersion, setBudgetLines, approveBudgetVersion, type BudgetLineInput } from './budgets.js';
export { budgetVsActual, type BudgetVsActual, type BudgetVsActualRow, type BudgetVsActualOptions } from './budget-vs-actual.js';
export { computePayroll, computePayslip, monthBounds, type PayrollEmployee, type PayrollRates, type Payslip, type PayrollComputation } from './calculation.js';
export { organisationBreaches, ORGANISATION_CHECKS } from './checks.js';
export * from './queries.js';
