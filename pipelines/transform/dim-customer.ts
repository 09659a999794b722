import { customersStage } from '../extract/stages/reference.js';
import type { Type2Dimension } from './table.js';

/** Customers, type 2 on region, segment, owner and status (a region's or owner's name travels with its code). */
export const dimCustomer: Type2Dimension = {
  kind: 'dimension-type2',
  table: 'dim_customer',
  stages: [customersStage],
  aggregateType: 'customer',
  spec: {
    memberKey: 'customer_id',
    surrogateKey: 'customer_key',
    tracked: ['region', 'region_name', 'segment', 'owner_id', 'owner_name', 'status'],
    overwritten: ['code', 'name', 'currency', 'payment_terms_days', 'credit_limit_functional'],
  },
  incoming: () => `
    select id as customer_id, code, name, region, region_name, segment, owner_id, owner_name, status, currency, payment_terms_days,
           credit_limit as credit_limit_functional, created_at_us
      from stg_customers`,
  sourceRows: 'select count(*) from crm.customers',
};
