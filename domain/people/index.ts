export { hireEmployee, EMPLOYEE_ROLES } from './employees.js';
export * from './queries.js';
export * from './payroll/index.js';
