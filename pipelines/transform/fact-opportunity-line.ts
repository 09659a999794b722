import { opportunitiesStage, opportunityLinesStage, opportunityStagesStage } from '../extract/stages/crm.js';
import type { FactTable } from './table.js';

/**
 * The open pipeline as item demand: a row per product line of an opportunity, with the
 * opportunity's stage, status and nominal win probability at the last load. The demand
 * forecast weights open lines by a win probability calibrated on past outcomes instead.
 */
export const factOpportunityLine: FactTable = {
  kind: 'fact',
  table: 'fact_opportunity_line',
  stages: [opportunitiesStage, opportunityLinesStage, opportunityStagesStage],
  replaceKey: ['opportunity_id'],
  dimensionKeys: [
    { column: 'customer_key', dimension: 'dim_customer', member: 'customer_id', at: 'recorded_at' },
    { column: 'product_key', dimension: 'dim_product', member: 'item_id', at: 'recorded_at' },
  ],
  dateColumns: ['expected_date', 'opportunity_created_date', 'closed_date'],
  partitionDate: 'expected_date',
  sourceRows: 'select count(*) from crm.opportunity_lines',
  transform: () => `
    select l.id as opportunity_line_id, l.opportunity_id, o.opportunity_no, l.line_no, l.item_id, l.quantity, l.unit_price,
           l.quantity * l.unit_price as line_amount, o.currency, l.expected_date, date_key(l.expected_date) as expected_date_key,
           o.stage_code, o.status, p.probability_bp as win_probability_bp, o.customer_id, o.lead_id, o.owner_id,
           o.expected_close_date, o.created_on as opportunity_created_date, o.closed_on as closed_date,
           make_timestamptz(o.created_at_us) as recorded_at
      from stg_opportunity_lines l
      join stg_opportunities o on o.id = l.opportunity_id
      left join (select opportunity_id, arg_max(probability_bp, id) as probability_bp from stg_opportunity_stages group by opportunity_id) p
        on p.opportunity_id = l.opportunity_id`,
};
