import { leadSourcesStage } from '../extract/stages/crm.js';
import type { Type1Dimension } from './table.js';

export const dimLeadSource: Type1Dimension = {
  kind: 'dimension',
  table: 'dim_lead_source',
  stages: [leadSourcesStage],
  transform: () => `select code as lead_source_code, name from stg_lead_sources`,
  sourceRows: 'select count(*) from crm.lead_sources',
};
