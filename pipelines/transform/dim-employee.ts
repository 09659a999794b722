import { employeesStage } from '../extract/stages/reference.js';
import type { Type1Dimension } from './table.js';

export const dimEmployee: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_employee',
  stages: [employeesStage],
  transform: () => `
    select id as employee_id, code, name, role, region, manager_id, manager_name, active, make_timestamptz(created_at_us) as created_at
      from stg_employees`,
  sourceRows: 'select count(*) from people.employees',
};
