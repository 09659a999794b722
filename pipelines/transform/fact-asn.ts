import { asnsStage } from '../extract/stages/purchasing.js';
import type { FactTable } from './table.js';

/** One row per advance shipping notice: shipped, promised, received. ASNs are events of their order. */
export const factAsn: FactTable = {
  kind: 'fact',
  table: 'fact_asn',
  stages: [asnsStage],
  replaceKey: ['purchase_order_id'],
  dimensionKeys: [{ column: 'supplier_key', dimension: 'dim_supplier', member: 'supplier_id', at: 'recorded_at' }],
  dateColumns: ['ship_date', 'expected_date', 'received_date'],
  partitionDate: 'ship_date',
  sourceRows: 'select count(*) from scm.asns',
  transform: () => `
    select a.id as asn_id, a.asn_no, a.po_id as purchase_order_id, a.po_no, a.supplier_id, a.supplier_ref, a.status,
           a.ship_date, date_key(a.ship_date) as ship_date_key, a.expected_date, date_key(a.expected_date) as expected_date_key,
           a.received_date, date_key(a.received_date) as received_date_key, a.receipt_id, a.receipt_no, a.lines, a.quantity as shipped_qty,
           date_diff('day', a.ship_date, a.received_date)::integer as days_in_transit,
           date_diff('day', a.expected_date, a.received_date)::integer as days_late,
           make_timestamptz(a.created_at_us) as recorded_at
      from stg_asns a`,
};
