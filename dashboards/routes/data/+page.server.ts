import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/** Data: how fresh the warehouse is, its pipeline and model runs, and the rows of each table. */
export const load: PageServerLoad = async () => {
  const [runs, tables, models] = await Promise.all([
    chartData('dashboard_pipeline_runs', { limit: '30' }),
    chartData('dashboard_table_rows'),
    chartData('dashboard_model_runs', { runs: '5' }),
  ]);
  return { runs, tables, models };
};
