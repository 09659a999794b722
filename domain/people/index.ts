export { hireEmployee, EMPLOYEE_ROLES } from './employees.js';
