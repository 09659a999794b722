import { stockMovesStage } from '../extract/stages/ledgers.js';
import type { FactTable } from './table.js';

/** The stock ledger, move by move. Moves are immutable, so a move is only ever added. */
export const factInventoryMovement: FactTable = {
  kind: 'fact',
  table: 'fact_inventory_movement',
  stages: [stockMovesStage],
  replaceKey: ['stock_move_id'],
  dimensionKeys: [{ column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' }],
  dateColumns: ['move_date'],
  partitionDate: 'move_date',
  sourceRows: 'select count(*) from erp.stock_moves',
  transform: () => `
    select id as stock_move_id, move_date, date_key(move_date) as date_key, item_id, warehouse_id, kind, quantity, value as value_functional,
           source_type, source_id, make_timestamptz(created_at_us) as recorded_at
      from stg_stock_moves`,
};
