import { chartData } from '$lib/server/warehouse.js';
import type { PageServerLoad } from './$types';

/** Sales funnel: stage conversion and days in stage, win rate by source, from the latest funnel model run. */
export const load: PageServerLoad = async () => {
  const [stages, sources] = await Promise.all([chartData('dashboard_funnel_stages'), chartData('dashboard_win_rate_by_source', { min_closed: '0' })]);
  return { stages, sources };
};
