import { costCentersStage } from '../extract/stages/budgets.js';
import type { Type1Dimension } from './table.js';

export const dimCostCenter: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_cost_center',
  stages: [costCentersStage],
  transform: () => `select code as cost_center, name, department_id, department_code, department_name from stg_cost_centers`,
  sourceRows: 'select count(*) from finance.cost_centers',
};
