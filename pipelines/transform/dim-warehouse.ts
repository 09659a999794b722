import { warehousesStage } from '../extract/stages/reference.js';
import type { Type1Dimension } from './table.js';

export const dimWarehouse: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_warehouse',
  stages: [warehousesStage],
  transform: () => `select id as warehouse_id, code, name, region, region_name, region_currency from stg_warehouses`,
  sourceRows: 'select count(*) from erp.warehouses',
};
