import { error } from '@sveltejs/kit';
import { chartData } from '$lib/server/warehouse.js';
import { parsePeriod, PeriodError } from '$lib/period.js';
import type { PageServerLoad } from './$types';

/** Overview: the monthly KPI figures of the period and the prior period (?months=N&to=YYYY-MM). */
export const load: PageServerLoad = async ({ url, parent }) => {
  const { asOf } = await parent();
  const latest = (asOf?.dataThrough ?? new Date().toISOString()).slice(0, 7);
  let period;
  try {
    period = parsePeriod(url.searchParams, latest);
  } catch (e) {
    if (e instanceof PeriodError) error(400, e.message);
    throw e;
  }
  return { period, latest, kpis: await chartData('dashboard_kpi_monthly', { from: `${period.priorFrom}-01`, to: `${period.to}-01` }) };
};
