import { dashboardContext } from '$lib/server/context.js';
import { dataAsOf } from '$lib/server/freshness.js';
import { localeFrom } from '$lib/format.js';
import type { LayoutServerLoad } from './$types';

/** What every page shows: the warehouse's "data as of", and the reader's locale and currency. */
export const load: LayoutServerLoad = async ({ request }) => {
  const { database } = dashboardContext();
  const setting = await database.db.selectFrom('core.settings').select('value').where('key', '=', 'functional_currency').executeTakeFirst();
  return {
    asOf: await dataAsOf(),
    locale: localeFrom(request.headers.get('accept-language')),
    currency: typeof setting?.value === 'string' ? setting.value : 'EUR',
  };
};
