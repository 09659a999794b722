import { campaignsStage, leadSourcesStage } from '../extract/stages/crm.js';
import type { Type1Dimension } from './table.js';

export const dimCampaign: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_campaign',
  stages: [campaignsStage, leadSourcesStage],
  transform: () => `
    select c.id as campaign_id, c.code, c.name, c.channel, c.source_code as lead_source_code, s.name as lead_source_name,
           c.start_date, c.end_date,
           (date_diff('day', c.start_date, c.end_date) + 1)::integer as duration_days, c.cost, c.currency,
           make_timestamptz(c.created_at_us) as created_at
      from stg_campaigns c left join stg_lead_sources s on s.code = c.source_code`,
  sourceRows: 'select count(*) from crm.campaigns',
};
