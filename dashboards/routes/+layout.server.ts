import { dashboardContext } from '$lib/server/context.js';
import { dataAsOf } from '$lib/server/freshness.js';
import { filterOptions } from '$lib/server/filter-options.js';
import { localeFrom } from '$lib/format.js';
import { lenientFilters } from '$lib/server/page-filters.js';
import type { LayoutServerLoad } from './$types';

/**
 * What every page shows: the warehouse's "data as of", the global filters from the URL with
 * their choices, and the reader's locale and currency. Nothing here throws for a bad URL: an
 * error in the root layout could only show the bare fallback page.
 */
export const load: LayoutServerLoad = async ({ request, url }) => {
  const { database } = dashboardContext();
  const [setting, asOf] = await Promise.all([database.db.selectFrom('core.settings').select('value').where('key', '=', 'functional_currency').executeTakeFirst(), dataAsOf()]);
  const latest = (asOf?.dataThrough ?? new Date().toISOString()).slice(0, 7);
  // The bar shows what it can read; each page's load refuses a bad value (pageFilters).
  const filters = lenientFilters(url, latest);
  return {
    asOf,
    latest,
    filters,
    filterOptions: asOf ? await filterOptions() : [],
    locale: localeFrom(request.headers.get('accept-language')),
    currency: typeof setting?.value === 'string' ? setting.value : 'EUR',
  };
};
