import { suppliersStage } from '../extract/stages/reference.js';
import type { Type2Dimension } from './table.js';

/** Suppliers, type 2 on status and region. */
export const dimSupplier: Type2Dimension = {
  kind: 'dimension-type2',
  table: 'dim_supplier',
  stages: [suppliersStage],
  aggregateType: 'supplier',
  spec: {
    memberKey: 'supplier_id',
    surrogateKey: 'supplier_key',
    tracked: ['status', 'region', 'region_name'],
    overwritten: ['code', 'legal_name', 'tax_id', 'currency', 'payment_terms_days'],
  },
  incoming: () => `
    select id as supplier_id, code, legal_name, tax_id, region, region_name, currency, payment_terms_days, status, created_at_us
      from stg_suppliers`,
  sourceRows: 'select count(*) from scm.suppliers',
};
