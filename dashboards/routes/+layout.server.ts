import { dashboardContext } from '$lib/server/context.js';
import { dataAsOf } from '$lib/server/freshness.js';
import { filterOptions } from '$lib/server/filter-options.js';
import { localeFrom } from '$lib/format.js';
import { FilterError, parseFilters } from '$lib/filters.js';
import type { LayoutServerLoad } from './$types';

/**
 * What every page shows: the signed-in reader (and their session's CSRF token, for the forms),
 * the warehouse's "data as of", the global filters from the URL with their choices — the region
 * held to the reader's own when they are limited to one — and the reader's locale and currency.
 * The sign-in page, before anyone is signed in, gets the locale only.
 */
export const load: LayoutServerLoad = async ({ request, url, locals }) => {
  const locale = localeFrom(request.headers.get('accept-language'));
  const user = locals.user;
  if (!user) {
    const month = new Date().toISOString().slice(0, 7);
    return { user: null, urlProblem: null, csrf: null, asOf: null, latest: month, filters: parseFilters(new URLSearchParams(), month), filterOptions: [], locale, currency: 'EUR' };
  }
  const { database } = dashboardContext();
  const [setting, asOf] = await Promise.all([database.db.selectFrom('core.settings').select('value').where('key', '=', 'functional_currency').executeTakeFirst(), dataAsOf()]);
  const latest = (asOf?.dataThrough ?? new Date().toISOString()).slice(0, 7);
  let filters;
  let urlProblem: string | null = null;
  try {
    filters = parseFilters(url.searchParams, latest, { region: user.region });
  } catch (e) {
    if (!(e instanceof FilterError)) throw e;
    // Thrown here, an error would replace the whole layout with the bare error.html: instead
    // the layout says what is wrong in place of the page, and the response is still a 400.
    urlProblem = e.message;
    locals.urlProblem = e.message;
    filters = parseFilters(new URLSearchParams(), latest, { region: user.region });
  }
  return {
    user,
    urlProblem,
    csrf: locals.csrf,
    asOf,
    latest,
    filters,
    filterOptions: asOf ? await filterOptions() : [],
    locale,
    currency: typeof setting?.value === 'string' ? setting.value : 'EUR',
  };
};
