import { error } from '@sveltejs/kit';
import { chartData } from '$lib/server/warehouse.js';
import { customer360ByCode } from '$lib/server/customer-360.js';
import { pageFilters } from '$lib/server/page-filters.js';
import type { PageServerLoad } from './$types';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

/**
 * One customer's 360 view: the account and its documents from the operational database (the
 * CRM area's customer360), its purchase-frequency forecast and its revenue by month from the
 * warehouse.
 */
export const load: PageServerLoad = async ({ params, url, parent }) => {
  const filters = await pageFilters({ url, parent });
  if (!CODE.test(params.code)) error(400, `a customer code is letters, digits, '-', '_' or '.' (like C000042), not '${params.code.slice(0, 60)}'`);
  const view = await customer360ByCode(params.code);
  if (!view) error(404, `There is no customer with code ${params.code}.`);
  const code = view.account.code;
  const [forecast, revenue] = await Promise.all([
    // The customer's own row whatever the region filter says: the page is about this customer.
    chartData('dashboard_customers_forecast', { customer: code, region: 'all', status: 'all' }),
    chartData('dashboard_customers_monthly_revenue', { customer: code }, filters),
  ]);
  return { filters, view, forecast, revenue };
};
