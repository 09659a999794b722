import {
  campaignRowsFromRecords, funnelReport, leadRowsFromRecords, stageDefinitionsFromRecords, stageRowsFromRecords,
  type FunnelInputs, type FunnelOptions, type FunnelReport,
} from './models/funnel/index.js';
import { runNamedQuery } from './read-only-query.js';

/**
 * The sales funnel from the warehouse: the funnel_* named queries in sql/queries (so `ledgerloop
 * sql --file funnel_opportunity_stages` shows exactly what the model read), handed to the pure
 * model in warehouse/models/funnel.
 */
const named = (warehouse: string, name: string) => runNamedQuery(warehouse, name);

export async function funnelInputsFromWarehouse(warehouse: string): Promise<FunnelInputs> {
  const [stageDefinitions, leads, stages, campaigns] = [
    stageDefinitionsFromRecords(await named(warehouse, 'funnel_stages')),
    leadRowsFromRecords(await named(warehouse, 'funnel_leads')),
    stageRowsFromRecords(await named(warehouse, 'funnel_opportunity_stages')),
    campaignRowsFromRecords(await named(warehouse, 'funnel_campaigns')),
  ];
  return { leads, stages, stageDefinitions, campaigns };
}

/** Every funnel output at the end of `options.asOf` (see funnelReport). */
export async function funnelFromWarehouse(warehouse: string, options: FunnelOptions): Promise<FunnelReport> {
  return funnelReport(await funnelInputsFromWarehouse(warehouse), options);
}
