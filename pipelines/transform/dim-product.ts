import { itemsStage } from '../extract/stages/reference.js';
import type { Type2Dimension } from './table.js';

/** Items, type 2 on category, procurement and whether they are active. */
export const dimProduct: Type2Dimension = {
  kind: 'dimension-type2',
  table: 'dim_product',
  stages: [itemsStage],
  aggregateType: 'item',
  spec: {
    memberKey: 'item_id',
    surrogateKey: 'product_key',
    tracked: ['category', 'category_name', 'procurement', 'active'],
    overwritten: ['sku', 'name', 'unit', 'list_price_functional', 'standard_cost_functional'],
  },
  incoming: () => `
    select id as item_id, sku, name, unit, category, category_name, procurement, active, list_price as list_price_functional,
           standard_cost as standard_cost_functional, created_at_us
      from stg_items`,
  sourceRows: 'select count(*) from erp.items',
};
